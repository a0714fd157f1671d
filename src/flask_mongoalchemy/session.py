"""MongoAlchemy's ``Session``: ``db.session``, and ``Session.connect()``
outside Flask.

A session runs MongoAlchemy's API on one :class:`~.extension.MongoAlchemy`
extension (an app's database)::

    db.session.save(book)
    db.session.query(Book).filter(Book.year > 2000).all()
    db.session.remove(book)

``with session:`` queues the writes made in the block (``add``, ``save``,
``update``, ``remove``, ``clear_collection``) and sends them when the
outermost block ends without an error; an error drops the writes of the
block it leaves (the queue, not a server transaction: for an atomic
multi-document write use ``db.transaction()``). ``cache_size`` keeps an
identity map: a document saved or loaded through the session is the same
object when a query of the session loads it again.

``Session.connect('library')`` (outside Flask) makes a Flask app whose
database is ``library`` on the server MongoClient's arguments name, and
pushes its app context, so documents and queries run against it; the next
``connect()`` pops that context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from uuid import UUID, uuid4

from bson import ObjectId
from flask import Flask
from flask.ctx import AppContext
from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.database import Database

from flask_mongo.core.transactions import session_for
from flask_mongo.odm import BaseQuery
from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm.changes import changes
from flask_mongo.odm.paths import stored_path
from flask_mongo.odm.state import NEW

from .exceptions import (
    InvalidUpdateException,
    SessionCacheException,
    TransactionException,
)

if TYPE_CHECKING:
    from .extension import MongoAlchemy

__all__ = ["RemoveQuery", "Session"]

D = TypeVar("D", bound=TypedDocument)
_Op = tuple[UUID | None, Callable[[], Any]]


class Session:
    """MongoAlchemy's session on ``mongo``, a MongoAlchemy extension.

    :param safe: ``True``: writes ask for acknowledgement (w=1) unless a
        call says otherwise; ``False``: the extension's write concern.
    :param cache_size: the size of the identity map; 0: none; None: no limit.
    :param client_session: the PyMongo session ``db.transaction()`` runs in
        (default: started on first use).
    """

    def __init__(
        self,
        mongo: MongoAlchemy,
        *,
        tz_aware: bool = False,
        timezone: Any = None,
        safe: bool = False,
        cache_size: int | None = 0,
        auto_ensure: bool = True,
        client_session: Callable[[], ClientSession] | None = None,
    ) -> None:
        self.mongo = mongo
        self.safe = safe
        self.timezone = timezone
        self.tz_aware = bool(tz_aware or timezone is not None)
        self.cache_size = cache_size
        self.auto_ensure = auto_ensure
        self.cache: dict[Any, Any] = {}
        self.queue: list[_Op] = []
        self.transactions: list[UUID] = []
        self._client_session_factory = client_session
        self._client_session: ClientSession | None = None

    # -- outside Flask ---------------------------------------------------------

    _connected: tuple[Session, AppContext] | None = None

    @classmethod
    def connect(
        cls,
        database: str,
        timezone: Any = None,
        cache_size: int | None = 0,
        auto_ensure: bool = True,
        replica_set: str | None = None,
        *args: Any,
        **kwds: Any,
    ) -> Session:
        """A session on ``database``, for code outside a Flask app.

        ``args`` and ``kwds`` are ``MongoClient``'s (``host``, ``port``, ...;
        by default MongoClient's own); ``safe=`` is the session's.
        """
        from .extension import MongoAlchemy

        safe = bool(kwds.pop("safe", False))
        tz_aware = bool(kwds.pop("tz_aware", False))
        host = kwds.pop("host", args[0] if args else MongoClient.HOST)
        port = kwds.pop("port", args[1] if len(args) > 1 else MongoClient.PORT)
        app = Flask("flask_mongoalchemy.session")
        app.config["MONGOALCHEMY_DATABASE"] = database
        app.config["MONGOALCHEMY_SERVER"] = host
        app.config["MONGOALCHEMY_PORT"] = port
        if replica_set is not None:
            app.config["MONGOALCHEMY_REPLICA_SET"] = replica_set
        if timezone is not None:
            app.config["MONGOALCHEMY_TIMEZONE"] = getattr(
                timezone, "zone", None
            ) or str(timezone)
        if kwds:
            app.config["MONGOALCHEMY_CLIENT_OPTIONS"] = kwds
        mongo = MongoAlchemy(app)
        previous = Session._connected
        if previous is not None:
            Session._connected = None
            # Not the innermost context any more: leave it.
            with suppress(AssertionError, RuntimeError, LookupError):
                previous[1].pop()
        context = app.app_context()
        context.push()
        session = cls(
            mongo,
            tz_aware=tz_aware,
            timezone=timezone,
            safe=safe,
            cache_size=cache_size,
            auto_ensure=auto_ensure,
        )
        Session._connected = (session, context)
        return session

    # -- the database ----------------------------------------------------------

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

    def begin_trans(self) -> Session:
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

    def __enter__(self) -> Session:
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

    def add_to_session(self, obj: Any) -> None:
        """Put a document in the identity map."""
        if isinstance(obj, TypedDocument) and obj.has_id():
            self.cache_write(obj)

    # -- writes ----------------------------------------------------------------

    def _safe(self, safe: bool | None) -> bool | None:
        if safe is None:
            return True if self.safe else None
        return safe

    def add(self, item: TypedDocument, safe: bool | None = None) -> Any:
        """Save ``item`` (queued inside ``with session:``)."""
        safe = self._safe(safe)

        def op() -> None:
            item.save(safe=safe)
            self.cache_write(item)

        return self._queue(op)

    def save(self, item: TypedDocument, safe: bool | None = None) -> Any:
        """Insert ``item`` the first time, afterwards write what changed."""
        return self.add(item, safe)

    def insert(self, item: TypedDocument, safe: bool | None = None) -> Any:
        """As :meth:`save`."""
        return self.add(item, safe)

    def update(
        self,
        item: TypedDocument,
        id_expression: Mapping[str, Any] | None = None,
        upsert: bool = False,
        update_ops: Mapping[Any, str] | None = None,
        safe: bool | None = None,
        **kwargs: str,
    ) -> Any:
        """Write ``item``'s changes with update operators.

        :param id_expression: a query expression picking the stored document
            (default: ``_id``).
        :param upsert: insert when nothing matches (required fields are sent).
        :param update_ops: the operator for some fields (``{T.l: '$pullAll'}``);
            ``kwargs`` the same by attribute name (``i='$inc'``).
        :raises InvalidUpdateException: no ``_id`` and no ``id_expression``.
        """
        safe = self._safe(safe)
        overrides = [*(update_ops or {}).items(), *kwargs.items()]
        if id_expression is None and not item.has_id():
            raise InvalidUpdateException(
                "To update a document it must have a mongo_id OR id_expression"
                " must be specified"
            )
        if id_expression is None and not upsert and not overrides:
            return self.add(item, safe)
        cls = type(item)
        if id_expression is not None:
            key: Mapping[str, Any] = dict(cls.query.filter(dict(id_expression)).query)
        else:
            key = {"_id": item._data["_id"]}
        ops, baselines = changes(item, upsert)
        for field, operator in overrides:
            path = stored_path(cls, field)
            for current, values in list(ops.items()):
                if path in values:
                    ops.setdefault(operator, {})[path] = values.pop(path)
                    if not values:
                        del ops[current]
        if "$pushAll" in ops:  # gone from MongoDB 3.6: $push with $each
            for path, values in ops.pop("$pushAll").items():
                ops.setdefault("$push", {})[path] = {"$each": values}

        def op() -> Any:
            if not ops:
                return None
            collection = cls.get_collection(safe)
            result = collection.update_one(
                key,
                ops,
                upsert=upsert,
                session=session_for(collection.database.client),
            )
            item._updated(baselines)
            return result

        return self._queue(op)

    def remove(self, obj: TypedDocument, safe: bool | None = None) -> Any:
        """Delete ``obj`` (queued inside ``with session:``)."""
        safe = self._safe(safe)

        def op() -> None:
            mongo_id = obj._data.get("_id")
            obj.remove(safe=safe)
            self.cache.pop(mongo_id, None)

        return self._queue(op)

    def remove_query(self, type: type[D]) -> RemoveQuery[D]:
        """A query whose :meth:`~RemoveQuery.execute` deletes the documents
        it matches."""
        return RemoveQuery(type, self)

    def clear_collection(self, *classes: type[TypedDocument]) -> None:
        """Delete every document of these classes' collections."""
        for cls in classes:
            self._queue(partial(_clear, cls))

    # -- reads -----------------------------------------------------------------

    def query(self, type: type[D], exclude_subclasses: bool = False) -> BaseQuery[D]:
        """A query of ``type`` whose results go through the identity map.

        :raises NotImplementedError: ``exclude_subclasses=True``.
        """
        if exclude_subclasses:
            raise NotImplementedError("query(..., exclude_subclasses=True)")
        query: BaseQuery[D] = type.query
        query._identity = self._identity
        return query

    def execute_query(self, query: BaseQuery[D], session: Any = None) -> Any:
        """The results of ``query`` (a :class:`~flask_mongo.odm.query.QueryResult`)."""
        return iter(query)

    def execute_find_and_modify(self, fm_exp: Any) -> Any:
        """Run a find-and-modify expression.

        :raises TransactionException: inside ``with session:``.
        """
        if self.in_transaction:
            raise TransactionException("Cannot find and modify in a transaction.")
        return fm_exp.execute()

    def refresh(self, document: D) -> D:
        """A new copy of ``document`` loaded from the database (the old one
        is left as it is); it replaces it in the identity map."""
        obj = type(document).query.filter({"_id": document._data["_id"]}).one()
        self.cache_write(obj)
        return obj

    def clone(self, document: D) -> D:
        """A new document with ``document``'s values and no ``_id``."""
        wrapped = document.wrap()
        wrapped.pop("_id", None)
        obj = type(document).unwrap(wrapped)
        obj._state = NEW  # saving it inserts it
        obj._dirty = set(wrapped)
        return obj

    # -- indexes ---------------------------------------------------------------

    def get_indexes(self, cls: type[TypedDocument]) -> dict[str, Any]:
        """The indexes of ``cls``'s collection, as the server lists them."""
        return dict(self.db[cls.get_collection_name()].index_information())

    def ensure_indexes(self, cls: type[TypedDocument]) -> None:
        """Create ``cls``'s declared indexes."""
        collection = self.db[cls.get_collection_name()]
        for index in cls.config_indexes:
            index.ensure(collection)

    def auto_ensure_indexes(self, cls: type[TypedDocument]) -> None:
        """:meth:`ensure_indexes` when the session was made with
        ``auto_ensure=True``."""
        if self.auto_ensure:
            self.ensure_indexes(cls)

    def __repr__(self) -> str:
        return f"<Session {self.mongo!r}>"


def _clear(cls: type[TypedDocument]) -> None:
    cls.get_collection().delete_many({})


class RemoveQuery(Generic[D]):
    """MongoAlchemy's remove query: ``session.remove_query(T).filter(T.i >
    8).execute()`` deletes the matching documents (queued inside ``with
    session:``)."""

    def __init__(self, type: type[D], session: Session) -> None:
        self.type = type
        self.session = session
        self._query: BaseQuery[D] = type.query
        self._safe: bool | None = None

    @property
    def query(self) -> dict[str, Any]:
        """The filter of the documents to delete."""
        return dict(self._query.query)

    def set_safe(self, is_safe: bool, **kwargs: Any) -> RemoveQuery[D]:
        """Ask for acknowledgement (w=1) or not (w=0)."""
        self._safe = is_safe
        return self

    def filter(self, *expressions: dict[str, Any]) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.filter`."""
        self._query.filter(*expressions)
        return self

    def filter_by(self, **values: Any) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.filter_by`."""
        self._query.filter_by(**values)
        return self

    def or_(self, *expressions: dict[str, Any]) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.or_`."""
        self._query.or_(*expressions)
        return self

    def in_(self, field: Any, *values: Any) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.in_`."""
        self._query.in_(field, *values)
        return self

    def nin(self, field: Any, *values: Any) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.nin`."""
        self._query.nin(field, *values)
        return self

    def execute(self) -> Any:
        """Delete the matching documents: ``{'ok': 1, 'n': deleted}``."""
        safe = self.session._safe(self._safe)
        filter = self.query

        def op() -> dict[str, Any]:
            collection = self.type.get_collection(safe)
            result = collection.delete_many(
                filter, session=session_for(collection.database.client)
            )
            return {"ok": 1, "n": result.deleted_count if result.acknowledged else None}

        return self.session._queue(op)
