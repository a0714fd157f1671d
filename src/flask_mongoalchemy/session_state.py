"""What a MongoAlchemy :class:`~.session.Session` keeps between calls: the
queue of writes inside ``with session:`` blocks, and the identity cache."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self
from uuid import UUID, uuid4

from bson import DBRef, ObjectId
from pymongo.client_session import ClientSession
from pymongo.database import Database

from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm.classes import document_classes

from .exceptions import (
    BadReferenceException,
    SessionCacheException,
    TransactionException,
)

if TYPE_CHECKING:
    from .extension import MongoAlchemy


__all__ = ["SessionState"]


def _class_of_collection(collection: str) -> type[TypedDocument]:
    """The document class stored in ``collection``: the one of that name
    when it is stored there, else the last declared for it."""
    named = document_classes.get(collection)
    if named is not None and named.get_collection_name() == collection:
        return named
    for cls in reversed(document_classes.classes()):
        if not cls.__abstract__ and cls.get_collection_name() == collection:
            return cls
    raise BadReferenceException(
        f"no document class is declared for the collection {collection!r}"
    )


_Op = tuple[UUID | None, Callable[[], Any]]


class SessionState:
    """The queue, transactions and cache of a legacy Session (its base);
    :class:`~.session.Session` sets these in its constructor."""

    mongo: MongoAlchemy
    cache_size: int | None
    cache: dict[Any, Any]
    queue: list[_Op]
    transactions: list[UUID]
    _client_session_factory: Callable[[], ClientSession] | None
    _client_session: ClientSession | None

    @property
    def db(self) -> Database[dict[str, Any]]:
        """The PyMongo database."""
        return self.mongo.database

    @property
    def client_session(self) -> ClientSession:
        """The PyMongo ``ClientSession`` of this session (the one
        ``db.transaction()`` runs in), started on first use."""
        session = self._client_session
        if session is None or session.has_ended:
            if self._client_session_factory is not None:
                session = self._client_session_factory()
            else:
                session = self.mongo.client.start_session()
            self._client_session = session
        return session

    # -- the queue -------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Inside ``with session:`` (writes are queued)."""
        return bool(self.transactions)

    @property
    def autoflush(self) -> bool:
        """Writes are sent at once (not inside ``with session:``)."""
        return not self.transactions

    @property
    def transaction_id(self) -> UUID | None:
        """The innermost ``with session:`` block's id."""
        return self.transactions[-1] if self.transactions else None

    def _queue(self, op: Callable[[], Any]) -> Any:
        self.queue.append((self.transaction_id, op))
        if self.autoflush:
            return self.flush()
        return None

    def flush(self, safe: bool | None = None) -> Any:
        """Send every queued write, in order; an error drops the rest (and
        the identity map)."""
        result = None
        try:
            for _, op in self.queue:
                result = op()
        except BaseException:
            self.clear_queue()
            self.clear_cache()
            raise
        self.clear_queue()
        return result

    def clear_queue(self, trans_id: UUID | None = None) -> None:
        """Drop the queued writes (of block ``trans_id`` and the blocks in
        it) without sending them."""
        if trans_id is None:
            self.queue = []
            return
        for index, (queued_in, _) in enumerate(self.queue):
            if queued_in == trans_id:
                self.queue = self.queue[:index]
                return

    def begin_trans(self) -> Self:
        """Start a ``with session:`` block (its writes are queued)."""
        self.transactions.append(uuid4())
        return self

    def end_trans(self, exc_type: type[BaseException] | None = None, *_: Any) -> bool:
        """End the innermost block: on an error drop its writes; at the
        outermost, send the queue (and :meth:`end`)."""
        trans_id = self.transactions.pop()
        if exc_type is not None:
            self.clear_queue(trans_id)
        if self.transactions:
            return False
        if exc_type is None:
            self.flush()
            self.end()
        else:
            self.clear_queue()
            self.clear_cache()
        return False

    def __enter__(self) -> Self:
        return self.begin_trans()

    def __exit__(self, exc_type: type[BaseException] | None, *rest: Any) -> bool:
        return self.end_trans(exc_type, *rest)

    def end(self) -> None:
        """Send the queue, empty the identity map, and end the PyMongo
        session.

        :raises TransactionException: inside ``with session:``.
        """
        self.flush()
        self.cache = {}
        if self.transactions:
            raise TransactionException("Tried to end session but in a transaction")
        session, self._client_session = self._client_session, None
        if session is not None and self._client_session_factory is None:
            session.end_session()

    # -- the identity map ------------------------------------------------------

    def cache_write(self, obj: Any, mongo_id: Any = None) -> None:
        """Keep ``obj`` in the identity map (under ``mongo_id``, by default
        its ``_id``)."""
        if self.cache_size == 0:
            return
        if mongo_id is None:
            mongo_id = obj._data.get("_id")
        if not isinstance(mongo_id, ObjectId):
            raise SessionCacheException(
                f"only documents with an ObjectId _id are cached, got {mongo_id!r}"
            )
        if mongo_id not in self.cache and self.cache_size is not None:
            while len(self.cache) >= self.cache_size:
                del self.cache[next(iter(self.cache))]
        self.cache[mongo_id] = obj

    def cache_read(self, mongo_id: Any) -> Any:
        """The document of the identity map with this ``_id``, or None."""
        if self.cache_size == 0:
            return None
        return self.cache.get(mongo_id)

    def clear_cache(self) -> None:
        """Empty the identity map."""
        self.cache = {}

    def _identity(
        self, type: type[Any], raw: dict[str, Any], load: Callable[..., Any]
    ) -> Any:
        cached = self.cache_read(raw.get("_id"))
        if cached is not None and isinstance(cached, type):
            return cached
        obj = load(raw)
        if isinstance(raw.get("_id"), ObjectId):
            self.cache_write(obj)
        return obj

    def dereference(self, ref: Any, allow_none: bool = False) -> Any:
        """The document a ``DBRef`` points to (a document is returned as it
        is), read through the identity map; a ref naming another database
        is read from it. The class is the one declared for the ref's
        collection (namespace ``global``).

        :raises BadReferenceException: no such document (``allow_none``:
            None), or no class is declared for the collection.
        """
        if isinstance(ref, TypedDocument):
            return ref
        if not isinstance(ref, DBRef):
            raise BadReferenceException(f"dereference() takes a DBRef, got {ref!r}")
        cls = _class_of_collection(ref.collection)
        cached = self.cache_read(ref.id)
        if cached is not None:
            return cached
        database = self.db
        if ref.database and ref.database != database.name:
            database = database.client[ref.database]
        raw = database[ref.collection].find_one({"_id": ref.id})
        if raw is None:
            if allow_none:
                return None
            raise BadReferenceException(f"no document for the reference {ref!r}")
        obj = cls.unwrap(raw)
        if isinstance(ref.id, ObjectId):
            self.cache_write(obj)
        return obj

    def add_to_session(self, obj: Any) -> None:
        """Put a document in the identity map."""
        if isinstance(obj, TypedDocument) and obj.has_id():
            self.cache_write(obj)

    # -- writes ----------------------------------------------------------------
