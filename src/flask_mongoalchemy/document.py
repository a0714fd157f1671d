"""MongoAlchemy's ``Document``: Flask-Mongo's typed document under the
legacy policy.

One mapper (:mod:`flask_mongo.odm`) serves both front-ends; this class
switches the points where MongoAlchemy behaved differently (the
``flask_mongoalchemy`` package docstring and the migration guide list them
all):

- ``config_extra_fields`` defaults to ``'error'``: loading a stored
  document with keys the class does not declare raises
  :class:`~flask_mongoalchemy.exceptions.ExtraValueException`.
- An unset field without a default raises ``AttributeError`` when read
  (``hasattr(doc, 'f')`` is False) instead of giving ``None``, and ``del``
  of a field that holds no value is refused.
- ``Index()`` objects assigned as class attributes
  (``main_index = Index().ascending('i').unique()``) are declared indexes,
  as if listed in ``config_indexes``.
- ``remove()`` of a document never saved does nothing.
- A ``query_class`` that is not a :class:`~flask_mongo.odm.BaseQuery`
  subclass makes ``Doc.query`` None, as in Flask-MongoAlchemy, with a
  ``UserWarning`` when the class is declared.
- ``Doc(retrieved_fields=[Doc.a])`` makes a *new* document that reads only
  those fields (its others raise ``FieldNotRetrieved``). It stays new:
  ``save()`` inserts it, so the option can never aim a save at a stored
  document. ``loading_from_db=`` is refused, as in ``flask_mongo``.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from typing import Any, ClassVar

from bson import DBRef, ObjectId

from flask_mongo.errors import BadQueryException
from flask_mongo.odm import BaseQuery, Index
from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm.constructor import LOADING_KEYWORDS, install_constructor
from flask_mongo.odm.declarations import registry as document_type_registry
from flask_mongo.odm.document import _MongoIdField
from flask_mongo.odm.paths import resolve, stored_path
from flask_mongo.odm.projection import Projection

from .exceptions import (
    BadFieldSpecification,
    BadValueException,
    DocumentException,
    ExtraValueException,
    FieldNotRetrieved,
    InvalidConfigException,
    MissingValueException,
)
from .extra_fields import ExtraFields, set_extra
from .field_protocol import init_guard
from .fields import (
    SCALAR_MODIFIERS,
    DocumentField,
    Field,
    ObjectIdField,
    QueryField,
)
from .query import Query
from .schema import document_schema

__all__ = [
    "SCALAR_MODIFIERS",
    "BadFieldSpecification",
    "BadIndexException",
    "BadValueException",
    "DBRef",
    "DictDoc",
    "Document",
    "DocumentException",
    "DocumentField",
    "ExtraValueException",
    "Field",
    "FieldNotRetrieved",
    "Index",
    "MissingValueException",
    "ObjectId",
    "ObjectIdField",
    "QueryField",
    "document_type_registry",
]

_EXTRA_FIELDS = ("error", "ignore")


class BadIndexException(DocumentException):
    """An index declaration cannot work."""


class _MongoId(_MongoIdField):
    query_field_class = QueryField


class Document(TypedDocument):
    """Base class of MongoAlchemy-style documents (see the module docstring
    for how it differs from :class:`flask_mongo.Document`)."""

    # The legacy session is no stored value: a slot, never a key of the
    # instance dict (which may be the stored dict, see odm.plain_reads).
    __slots__ = ("_legacy_session",)

    __abstract__ = True
    mongo_id: _MongoId = _MongoId(db_field="_id", required=False)
    query_class: ClassVar[type[BaseQuery[Any]]] = Query
    config_extra_fields: ClassVar[str] = "error"
    _unset_raises: ClassVar[bool] = True
    #: Attributes that are not fields may be set, as on MongoAlchemy's
    #: documents (kept apart from the stored values, see odm.plain_reads).
    _free_attributes: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        extra = cls.config_extra_fields
        if extra not in _EXTRA_FIELDS:
            raise InvalidConfigException(
                f"{cls.__name__}.config_extra_fields must be 'error' or 'ignore',"
                f" got {extra!r}"
            )
        query_class = cls.query_class
        if not (isinstance(query_class, type) and issubclass(query_class, BaseQuery)):
            # Flask-MongoAlchemy made Doc.query None here; legacy code that
            # never queries through it keeps working, and the warning says
            # why a later Doc.query.filter(...) fails.
            warnings.warn(
                f"{cls.__name__}.query_class {query_class!r} is not a subclass of"
                f" BaseQuery, so {cls.__name__}.query is None (as in"
                f" Flask-MongoAlchemy); derive it from flask_mongoalchemy.BaseQuery",
                UserWarning,
                stacklevel=2,
            )
            setattr(cls, "query", None)  # noqa: B010 (shadows the typed descriptor)
        if "config_collection_name" not in vars(cls):
            # config_polymorphic_collection: subclasses share the collection,
            # polymorphic or not (as in MongoAlchemy).
            shared = next(
                (
                    b
                    for b in cls.__mro__[1:]
                    if isinstance(b, type)
                    and issubclass(b, Document)
                    and not b.__abstract__
                    and b.config_polymorphic_collection
                ),
                None,
            )
            if shared is not None:
                cls.config_collection_name = shared.get_collection_name()
        own_id = [
            name
            for name, value in vars(cls).items()
            if isinstance(value, Field) and name != "mongo_id" and value.is_id
        ]
        if own_id:  # that field is the id: no mongo_id (Doc.mongo_id is None)
            cls.mongo_id = None  # type: ignore[assignment]
        declared = [v for v in vars(cls).values() if isinstance(v, Index)]
        if declared:
            inherited = [i for i in cls.config_indexes if i not in declared]
            cls.config_indexes = [*inherited, *declared]
        super().__init_subclass__(**kwargs)
        _check_default_sort(cls)
        # The generated constructor (as flask_mongo's classes have), falling
        # back to this class's __init__ for retrieved_fields, extra fields
        # under 'ignore' and positional arguments.
        install_constructor(
            cls,
            Document.__init__,
            (_MongoIdField.__set__,),
            guard=init_guard,
            positional=True,
        )

    def __init__(
        self, retrieved_fields: Iterable[Any] | None = None, **kwargs: Any
    ) -> None:
        cls = type(self)
        extras: dict[str, Any] = {}
        if cls.config_extra_fields == "ignore":
            # MongoAlchemy kept unknown arguments as extra fields here.
            known = cls._fields.keys() | cls._setters.keys() | LOADING_KEYWORDS
            extras = {k: kwargs.pop(k) for k in list(kwargs) if k not in known}
        super().__init__(**kwargs)
        for key, value in extras.items():
            set_extra(self, key, value)
        if retrieved_fields is not None:
            cls = type(self)
            self._retrieved = Projection.of(
                stored_path(cls, field) for field in retrieved_fields
            )

    def _set_session(self, session: Any) -> None:
        """Remember the legacy session this document belongs to."""
        self._legacy_session = session

    def _get_session(self) -> Any:
        """The session given to :meth:`_set_session` (None: none)."""
        return getattr(self, "_legacy_session", None)

    def get_extra_fields(self) -> ExtraFields:  # type: ignore[override]
        """The stored keys the class does not declare, as a live mapping:
        changes to it are saved (see :mod:`flask_mongoalchemy.extra_fields`)."""
        return ExtraFields(self)

    @classmethod
    def schema_json(cls) -> dict[str, Any]:
        """MongoAlchemy's description of this class (see :mod:`.schema`)."""
        return document_schema(cls)

    @classmethod
    def class_name(cls) -> str:
        """The class's name (MongoAlchemy's ``class_name()``)."""
        return cls.__name__

    def remove(self, safe: bool | None = None, *, write_concern: Any = None) -> None:
        """Delete this document; one never saved is left alone (nothing to
        delete), as MongoAlchemy did."""
        if not self.has_id():
            return
        super().remove(safe, write_concern=write_concern)


def _check_default_sort(cls: type[Document]) -> None:
    """Refuse a ``config_default_sort`` naming no field or a bad direction
    when the class is declared (not at its first query)."""
    for item in cls.config_default_sort or []:
        if not (isinstance(item, tuple) and len(item) == 2):
            raise BadFieldSpecification(
                f"{cls.__name__}.config_default_sort takes (field, direction)"
                f" pairs, got {item!r}"
            )
        name, direction = item
        try:
            resolve(cls, name)
        except BadQueryException as error:
            raise BadFieldSpecification(
                f"{cls.__name__}.config_default_sort: could not resolve field"
                f" {name!r} ({error})"
            ) from None
        if direction not in (1, -1):
            raise BadFieldSpecification(
                f"{cls.__name__}.config_default_sort: the sort direction of"
                f" {name!r} must be 1 or -1, got {direction!r}"
            )


class DictDoc:
    """A mixin giving a document dict-style access to its fields by
    attribute name: ``doc['i']``, ``doc['i'] = 4``, ``'i' in doc`` (a value
    is set), ``doc.setdefault('j', 3)``."""

    def __getitem__(self, name: str) -> Any:
        self._field_name(name)
        return getattr(self, name)

    def __setitem__(self, name: str, value: Any) -> None:
        self._field_name(name)
        setattr(self, name, value)

    def __contains__(self, name: object) -> bool:
        fields = type(self)._fields if isinstance(self, TypedDocument) else {}
        if not isinstance(name, str) or name not in fields:
            return False
        try:
            getattr(self, name)
        except AttributeError:  # unset, or not retrieved
            return False
        return True

    def setdefault(self, name: str, value: Any) -> Any:
        """The field's value; when it has none, set it to ``value`` first."""
        if name not in self:
            self[name] = value
        return self[name]

    def _field_name(self, name: str) -> None:
        if not isinstance(self, TypedDocument) or name not in type(self)._fields:
            raise KeyError(name)
