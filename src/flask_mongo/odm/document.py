"""Typed documents: the ``Document`` base class.

A document keeps the dict PyMongo decoded as its state (see
:mod:`~flask_mongo.odm.state`), converts a value only when it is read,
validates on assignment and before writing, and on ``save()`` writes only
what changed (see :mod:`~flask_mongo.odm.changes`), filtered by ``_id``,
never with an upsert.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Self,
    TypeVar,
)

from bson import DBRef
from pymongo import WriteConcern
from pymongo.collection import Collection

from ..core.read_options import with_write_concern
from ..core.registry import Polymorphism
from ..core.transactions import session_for
from ..core.writes import (
    NOT_VERSIONED,
    VERSION_KEY,
    check_shard_key_kept,
    single_document_filter,
)
from ..errors import (
    BadQueryException,
    BadValueException,
    DocumentNotFound,
)
from ..signals import after_remove, after_save, before_remove, before_save
from ..state import current_mongo
from . import plain_reads, writes
from .changes import changes
from .constructor import construct, install_constructor
from .declarations import _Declared, _QueryProperty, build_class
from .fields.base import Field
from .fields.scalars import ObjectIdField
from .indexes import Index
from .loading import install_loader, load
from .paths import stored_path
from .projection import Projection
from .query import BaseQuery
from .state import (
    DocumentState,
)

if TYPE_CHECKING:
    from ..extension import Mongo

D = TypeVar("D", bound="Document")

_new = object.__new__


class _MongoIdField(ObjectIdField):
    """``mongo_id``: settable until the document is saved, fixed after, so
    that ``save()`` and ``remove()`` always act on the document loaded."""

    def __set__(self, obj: DocumentState, value: Any) -> None:
        if not obj._is_new() and value != obj._data.get("_id"):
            raise BadValueException(
                self.label,
                value,
                "a saved document's id cannot change; create a new document",
            )
        super().__set__(obj, value)

    def __delete__(self, obj: DocumentState) -> None:
        if not obj._is_new():
            raise BadValueException(self.label, None, "a saved document keeps its id")
        super().__delete__(obj)


class Document(_Declared, DocumentState):
    """Base class of typed documents.

    ::

        class Book(db.Document):
            title = db.StringField()
            year = db.IntField(min_value=0)

        book = Book(title="Dive Into Python", year=2004)
        book.save()
        Book.query.filter(Book.year > 2000).first()

    Class settings (all optional): ``config_collection_name`` (default: the
    class name), ``config_namespace``, ``config_full_name``,
    ``config_polymorphic`` (the key storing the class identity, on the base
    class), ``config_polymorphic_identity`` (on each subclass),
    ``config_polymorphic_collection`` (subclasses share the base's
    collection), ``config_default_sort`` (a list of ``(field, 1|-1)``),
    ``config_extra_fields`` (``'ignore'``: stored keys the class does not
    declare are kept and written back untouched; ``'error'``: loading such
    a document raises :class:`~flask_mongo.errors.ExtraValueException`),
    ``config_indexes`` (a list of :class:`~flask_mongo.odm.Index`),
    ``config_shard_key`` (the sharded collection's key, field names:
    ``("tenant", "_id")``; every save and remove filters on it).
    ``config_versioned`` (optimistic concurrency: each stored document
    keeps a version under ``_version``, checked and incremented by every
    ``save()`` and ``remove()``; a copy loaded before another writer saved
    raises :class:`~flask_mongo.errors.StaleDocument` and writes nothing).

    A document class is bound to a :class:`~flask_mongo.Mongo` extension by
    deriving from ``db.Document``, by ``class Book(Document, mongo=db)``, or,
    for ``flask_mongo.Document`` itself, to the only ``Mongo`` instance of
    the current app.
    """

    __slots__ = ()

    config_collection_name: ClassVar[str | None] = None
    config_namespace: ClassVar[str] = "global"
    config_full_name: ClassVar[str | None] = None
    config_polymorphic: ClassVar[str | None] = None
    config_polymorphic_collection: ClassVar[bool] = False
    config_polymorphic_identity: ClassVar[Any] = None
    config_default_sort: ClassVar[list[tuple[Any, int]] | None] = None
    config_extra_fields: ClassVar[str] = "ignore"
    config_indexes: ClassVar[list[Any]] = []
    config_shard_key: ClassVar[tuple[str, ...]] = ()
    config_versioned: ClassVar[bool] = False

    mongo_id: _MongoIdField = _MongoIdField(db_field="_id", required=False)

    #: The query class; ``query`` is an instance of it.
    query_class: ClassVar[type[BaseQuery[Any]]] = BaseQuery
    query: ClassVar[_QueryProperty[Self]] = _QueryProperty()

    # Filled in for each class by __init_subclass__.
    _fields: ClassVar[dict[str, Field[Any]]] = {}
    _defaults: ClassVar[tuple[Field[Any], ...]] = ()
    _setters: ClassVar[dict[str, Any]] = {}
    _mongo: ClassVar[Mongo | None] = None
    _poly_key: ClassVar[str | None] = None
    _polymorphism: ClassVar[Polymorphism[type[Document]] | None] = None
    _transform: ClassVar[bool] = False
    _collection_name: ClassVar[str] = "Document"
    __abstract__: ClassVar[bool] = True

    def __init_subclass__(
        cls,
        *,
        mongo: Mongo | None = None,
        collection: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        cls.__abstract__ = bool(cls.__dict__.get("__abstract__", False))
        if mongo is not None:
            cls._mongo = mongo
        if collection is not None:
            cls.config_collection_name = collection
        build_class(cls)
        if cls.config_versioned and VERSION_KEY in cls._db_fields:
            raise BadQueryException(
                f"{cls.__name__}: config_versioned stores the version as"
                f" {VERSION_KEY!r}, which a field of the class is stored as too;"
                " give that field another db_field"
            )
        plain_reads.install(cls)
        install_constructor(cls, Document.__init__, (_MongoIdField.__set__,))
        install_loader(cls, vars(Document)["unwrap"])

    # -- construction and loading --------------------------------------------

    def __init__(self, **kwargs: Any) -> None:
        cls = type(self)
        if cls.__abstract__:
            raise TypeError(f"{cls.__name__} is a base class; derive documents from it")
        construct(self, kwargs)

    @classmethod
    def unwrap(
        cls,
        obj: Mapping[str, Any],
        fields: Iterable[Any] | Projection | None = None,
        session: Any = None,
    ) -> Self:
        """A document from a dict as stored in MongoDB.

        ``obj`` becomes the document's state as is (it is not copied, and
        nothing is converted or validated until a value is read). With
        ``config_polymorphic``, the stored identity picks the subclass.
        """
        return load(cls, obj, fields, session)  # type: ignore[no-any-return]

    @classmethod
    def transform_incoming(
        cls, obj: Mapping[str, Any], session: Any
    ) -> Mapping[str, Any]:
        """Override to migrate stored dicts before they are loaded."""
        return obj

    def get_dirty_ops(self, with_required: bool = False) -> dict[str, dict[str, Any]]:
        """The update operators that would bring the stored document up to
        date: ``{'$set': {...}, '$unset': {...}}``.

        A field assigned a new value is written whole; an embedded document
        or dict changed in place is written by its changed keys
        (``author.name``), so concurrent changes to its other keys survive.
        """
        return changes(self, with_required)[0]

    # -- persistence -----------------------------------------------------------

    def save(self, safe: bool | None = None, *, write_concern: Any = None) -> None:
        """Insert the document the first time; afterwards write only what
        changed, filtered by ``_id`` (never an upsert).

        :param safe: ``True`` waits for the server to acknowledge (w=1) and
            raises its errors; ``False`` does not wait (w=0); ``None`` uses
            the extension's default.
        :param write_concern: how this write is acknowledged (``"majority"``,
            ``{"w": 2, "wtimeout": 500}``, a ``WriteConcern``).
        :raises MissingValueException: a required field has no value.
        :raises ShardKeyChangeError: a shard-key value of the saved document
            changed; nothing is written.
        :raises DocumentNotFound: the document was removed (by ``remove()``
            or by another client); nothing is written.
        :raises StaleDocument: with ``config_versioned``, another writer saved
            the document since this copy was loaded; nothing is written.

        Sends the ``before_save`` and ``after_save`` signals.
        """
        cls = type(self)
        if self._is_removed():
            raise DocumentNotFound(
                f"this {cls.__name__} was removed; save() will not recreate"
                " it (create a new document instead)"
            )
        new = self._is_new()
        if before_save.receivers:
            before_save.send(cls, document=self, created=new)
        collection = with_write_concern(cls.get_collection(safe), write_concern)
        session = session_for(collection.database.client)
        if new:
            writes.insert(self, collection, session)
        else:
            writes.update(self, collection, session)
        if after_save.receivers:
            after_save.send(cls, document=self, created=new)

    def remove(self, safe: bool | None = None, *, write_concern: Any = None) -> None:
        """Delete this document (only this one) from the database.

        :param safe: as for :meth:`save`; ``write_concern`` too.
        :raises StaleDocument: with ``config_versioned``, another writer saved
            the document since this copy was loaded; nothing is removed.
        :raises ShardKeyChangeError: a shard-key value was changed and not
            saved; nothing is removed.

        Sends the ``before_remove`` and ``after_remove`` signals.
        """
        cls = type(self)
        if "_id" not in self._data:
            raise DocumentNotFound(f"this {cls.__name__} was never saved")
        if before_remove.receivers:
            before_remove.send(cls, document=self)
        collection = with_write_concern(cls.get_collection(safe), write_concern)
        session = session_for(collection.database.client)
        writes.delete(self, collection, session)
        self._removed()
        if after_remove.receivers:
            after_remove.send(cls, document=self)

    @classmethod
    def _shard_paths(cls) -> tuple[str, ...]:
        """The stored paths of ``config_shard_key``."""
        return tuple(stored_path(cls, name) for name in cls.config_shard_key)

    def _write_filter(
        self, changed: list[str] | None = None, version: object = NOT_VERSIONED
    ) -> dict[str, Any]:
        """The filter of a write to this stored document: its ``_id``, shard
        key (whose ``changed`` paths are refused) and, for a versioned
        class, the ``version`` it was loaded at."""
        cls = type(self)
        shard = cls._shard_paths()
        check_shard_key_kept(shard, changed or (), cls.__name__)
        return single_document_filter(
            self._data["_id"], shard, self._data, version=version
        )

    def get_version(self) -> int | None:
        """With ``config_versioned``: the version this copy was loaded at or
        last saved with (an ETag for ``If-Match``, say); ``None`` before the
        first save, for a document stored before the class was versioned,
        and for classes that are not versioned."""
        if not type(self).config_versioned:
            return None
        version = self._data.get(VERSION_KEY)
        return version if type(version) is int else None

    def to_ref(self, db: str | None = None) -> DBRef:
        """A ``DBRef`` to this (saved) document."""
        if "_id" not in self._data:
            raise DocumentNotFound(
                f"save this {type(self).__name__} before referencing it"
            )
        return DBRef(type(self).get_collection_name(), self._data["_id"], database=db)

    def get_extra_fields(self) -> dict[str, Any]:
        """Stored keys the class does not declare, with their values (the
        version of a ``config_versioned`` class is not one of them)."""
        known = type(self)._db_fields.keys() | type(self)._managed_keys()
        return {k: v for k, v in self._data.items() if k not in known}

    # -- class-level helpers ---------------------------------------------------

    @classmethod
    def _managed_keys(cls) -> set[str | None]:
        """Stored keys the library writes that no field declares."""
        return {cls._poly_key, VERSION_KEY if cls.config_versioned else None}

    @classmethod
    def get_fields(cls) -> dict[str, Field[Any]]:
        """The declared fields, by attribute name."""
        return dict(cls._fields)

    @classmethod
    def get_collection_name(cls) -> str:
        """The collection this class is stored in."""
        return cls._collection_name

    @classmethod
    def get_indexes(cls) -> list[Any]:
        """The indexes declared with ``config_indexes`` (inherited too), their
        fields resolved on this class."""
        return [
            index.for_document(cls) if isinstance(index, Index) else index
            for index in cls.config_indexes
        ]

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The ``$jsonSchema`` validator of this class (see
        :mod:`flask_mongo.odm.json_schema`)."""
        from .json_schema import json_schema

        return json_schema(cls)

    @classmethod
    def get_session(cls) -> Mongo:
        """The extension this class is bound to."""
        if cls._mongo is not None:
            return cls._mongo
        return current_mongo()

    @classmethod
    def get_collection(cls, safe: bool | None = None) -> Collection[dict[str, Any]]:
        """The PyMongo collection of the current app for this class.

        Declared indexes are created the first time a class's collection is
        used in an app.
        """
        collection = cls.get_session().collection_for(cls)
        if safe is not None:
            collection = collection.with_options(
                write_concern=WriteConcern(w=1) if safe else WriteConcern(w=0)
            )
        return collection

    # -- comparison and display ------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self) or not isinstance(other, Document):
            return NotImplemented
        mine = self._data.get("_id")
        return mine is not None and mine == other._data.get("_id")

    def __hash__(self) -> int:
        key = self._data.get("_id")
        return hash((type(self), key)) if key is not None else id(self)

    def __repr__(self) -> str:
        shown = []
        for name, field in type(self)._fields.items():
            key = field.db_field
            if key in self._cache:
                shown.append(f"{name}={self._cache[key]!r}")
            elif key in self._data:
                shown.append(f"{name}={self._data[key]!r}")
        return f"<{type(self).__name__} {' '.join(shown)}>"
