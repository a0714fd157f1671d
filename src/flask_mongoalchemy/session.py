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
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from flask import Flask
from flask.ctx import AppContext
from pymongo import MongoClient
from pymongo.client_session import ClientSession

from flask_mongo.core.transactions import session_for
from flask_mongo.core.writes import single_document_filter
from flask_mongo.odm import BaseQuery
from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm.changes import changes
from flask_mongo.odm.expressions import QueryExpression
from flask_mongo.odm.paths import stored_path
from flask_mongo.odm.state import NEW
from flask_mongo.odm.writes import check_written, versioned_filter

from .exceptions import (
    InvalidUpdateException,
    TransactionException,
)

if TYPE_CHECKING:
    from .extension import MongoAlchemy

from .query import Query, RemoveQuery, free_form_class
from .session_state import SessionState

# RemoveQuery lives in .query; MongoAlchemy code imported it from here too.
__all__ = ["RemoveQuery", "Session"]

D = TypeVar("D", bound=TypedDocument)
_Op = tuple[UUID | None, Callable[[], Any]]


class Session(SessionState):
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
        # auto_ensure=False: indexes only through session.ensure_indexes().
        mongo.get_state(app).auto_indexes = auto_ensure
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
        # An operator given for a field applies to its whole value.
        ops, baselines = changes(item, upsert, appends=not overrides)
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
        changed = [path for values in ops.values() for path in values]
        if id_expression is not None:
            key: Mapping[str, Any] = dict(cls.query.filter(dict(id_expression)).query)
        elif item._is_new():
            # An upsert of a new document: the shard-key values it holds.
            key = single_document_filter(
                item._data["_id"], cls._shard_paths(), item.wrap()
            )
        else:
            # The stored document (_id and shard key, which may not change).
            key = item._write_filter(changed)
        # config_versioned: the stored document at the version loaded.
        versioned = bool(ops) and cls.config_versioned and not item._is_new()
        if versioned:
            key = {**key, **versioned_filter(item, ops, baselines, changed)}

        def op() -> Any:
            if not ops:
                return None
            collection = cls.get_collection(safe)
            session = session_for(collection.database.client)
            result = collection.update_one(key, ops, upsert=upsert, session=session)
            if versioned:
                check_written(item, result, key, collection, session)
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

    def query(self, type: type[D] | str, exclude_subclasses: bool = False) -> Query[D]:
        """A query of ``type`` whose results go through the identity map;
        for a collection name, a free-form query giving the stored dicts
        (filter it with :data:`~.query_expression.Q`).

        :param exclude_subclasses: match only documents stored with
            ``type``'s own polymorphic identity, not its subclasses' (for a
            class without an identity, no identity filter at all).
        """
        if isinstance(type, str):
            # A collection name: MongoAlchemy's free-form query, whose
            # results are the stored dicts.
            return cast("Query[D]", free_form_class(type).query.raw_output())
        query = type.query
        if query is None:  # a query_class that is no BaseQuery (Doc.query None)
            query = Query(type, type.get_session())
        query._identity = self._identity
        if exclude_subclasses and type._poly_key is not None:
            identity = type.config_polymorphic_identity
            query._filter = QueryExpression(
                {} if identity is None else {type._poly_key: identity}
            )
        # A legacy document's query is a Query (a modern one's a BaseQuery).
        return cast("Query[D]", query)

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
