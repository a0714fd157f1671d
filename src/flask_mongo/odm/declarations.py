"""Building document classes: collecting fields, polymorphism, collection
names and the class registry. Run by ``Document.__init_subclass__``."""

from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    Generic,
    TypeVar,
    cast,
    dataclass_transform,
    overload,
)

from ..core.registry import Polymorphism
from ..core.writes import VERSION_KEY
from ..errors import BadQueryException
from .classes import document_classes
from .fields.base import Field
from .plain_reads import declared

if TYPE_CHECKING:
    from .document import Document
    from .query import BaseQuery

D = TypeVar("D", bound="Document")

#: Document classes by namespace and name (MongoAlchemy's
#: ``document_type_registry``): the live mapping of ``document_classes``.
registry = document_classes.namespaces()


class _QueryProperty(Generic[D]):
    """``Model.query``: a fresh query object on each access."""

    @overload
    def __get__(self, obj: None, owner: type[D]) -> BaseQuery[D]: ...
    @overload
    def __get__(self, obj: D, owner: type[D]) -> BaseQuery[D]: ...
    def __get__(self, obj: D | None, owner: type[D]) -> BaseQuery[D]:
        return owner.query_class(owner, owner.get_session())


@dataclass_transform(kw_only_default=True)
class _Declared:
    """Tells type checkers that a document class's annotated fields are the
    keyword arguments of its constructor (PEP 681): with
    ``title: StringField = StringField()``, ``Book(title=3)`` and
    ``Book(nonsense=1)`` are type errors. Each parameter takes what the
    field accepts on assignment; all are optional, since a value can be
    assigned later, before ``save()`` checks the required ones."""

    __slots__ = ()


def build_class(cls: type[Document]) -> None:
    """Collect the fields of a new document class and its settings."""
    fields: dict[str, Field[Any]] = {}
    for base in reversed(cls.__mro__):
        for name, attribute in vars(base).items():
            value = declared(attribute)
            if isinstance(value, Field):
                fields[name] = value
            elif name in fields:  # a subclass replaced the field (e.g. by None)
                del fields[name]
    _refuse_shadowing(cls, fields)
    for name, field in fields.items():
        if field.owner is None or name in vars(cls):
            field.bind(cls)
    db_fields: dict[str, Field[Any]] = {}
    for name, field in fields.items():
        if field.db_field in db_fields and db_fields[field.db_field] is not field:
            raise BadQueryException(
                f"{cls.__name__}: fields {db_fields[field.db_field].name!r} and"
                f" {name!r} are both stored as {field.db_field!r}"
            )
        db_fields[field.db_field] = field
    cls._fields = fields
    cls._db_fields = db_fields
    cls._defaults = tuple(f for f in fields.values() if f.has_default())
    cls._required = tuple(
        f
        for f in fields.values()
        if f.required and not f.has_default() and f.name != "mongo_id"
    )
    cls._required_keys = frozenset(f.db_field for f in cls._required)
    cls._save_hooks = tuple(
        f for f in fields.values() if type(f).on_save is not Field.on_save
    )
    cls._mutable = frozenset(k for k, f in db_fields.items() if f.mutable)
    # Other assignable attributes (rel() descriptors) accepted by __init__.
    cls._setters = {
        name: value
        for base in reversed(cls.__mro__)
        for name, value in vars(base).items()
        if hasattr(type(value), "__set__")
        and not isinstance(value, Field)
        and not name.startswith("_")
    }
    # Only a class that overrides transform_incoming pays for calling it.
    defining = next(b for b in cls.__mro__ if "transform_incoming" in vars(b))
    cls._transform = defining is not _document_bases(cls)[-1]
    _setup_polymorphism(cls)
    # The number of keys of a new document with every field set (see wrap):
    # the declared ones, and the polymorphic identity __init__ stores.
    stores_identity = (
        cls._poly_key is not None
        and cls.config_polymorphic_identity is not None
        and cls._poly_key not in db_fields
    )
    cls._n_keys = len(db_fields) + stores_identity
    # The stored keys a document of the class may hold and still be loaded
    # by the quick path of unwrap (declared, and those the library writes).
    managed = (cls._poly_key, VERSION_KEY if cls.config_versioned else None)
    cls._safe_keys = frozenset(db_fields).union(k for k in managed if k is not None)
    cls._collection_name = _collection_name(cls)
    document_classes.add(cls, cls.config_full_name, cls.config_namespace)


def _document_bases(cls: type[Document]) -> list[type[Document]]:
    """``cls`` and its document base classes, nearest first."""
    return [cast("type[Document]", b) for b in cls.__mro__ if hasattr(b, "_poly_key")]


def _setup_polymorphism(cls: type[Document]) -> None:
    root = next(
        (b for b in _document_bases(cls) if vars(b).get("config_polymorphic")),
        None,
    )
    if root is None:
        return
    if cls is root:
        cls._polymorphism = Polymorphism(str(root.config_polymorphic))
    assert cls._polymorphism is not None
    cls._poly_key = cls._polymorphism.key
    identity = vars(cls).get("config_polymorphic_identity")
    if identity is not None:
        cls._polymorphism.add(identity, cls)


def _collection_name(cls: type[Document]) -> str:
    if "config_collection_name" in vars(cls) and cls.config_collection_name:
        return cls.config_collection_name
    for base in _document_bases(cls)[1:]:
        if (
            base._poly_key is not None
            and base.config_polymorphic_collection
            and not base.__abstract__
        ):
            return base._collection_name
    return cls.config_collection_name or cls.__name__


def _refuse_shadowing(cls: type[Document], fields: dict[str, Field[Any]]) -> None:
    """A field named as one of the library's document methods or settings
    (``save``, ``query``, ``remove``, ``wrap``...) would silently replace it."""
    own = [name for name in vars(cls) if name in fields]
    for base in cls.__mro__[1:]:
        if not base.__module__.startswith("flask_mongo."):
            continue
        for name in own:
            taken = declared(vars(base).get(name))
            if taken is not None and not isinstance(taken, Field):
                raise BadQueryException(
                    f"{cls.__name__}.{name}: a field cannot be named {name!r},"
                    f" which is the document's own {name}(); give the attribute"
                    f" another name and keep the stored one with"
                    f" db_field={name!r} (e.g. {name}_ = StringField("
                    f"db_field={name!r}))"
                )
