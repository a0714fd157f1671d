"""Document classes inside a structure (MongoKit's ``use_autorefs``).

With ``use_autorefs = True`` a structure entry may be a
:class:`~flask_mongo.structure.document.Document` class::

    class Post(Document):
        use_autorefs = True
        structure = {"author": Author, "reviewers": [Author]}

The field holds an ``Author`` instance; it is stored as a
:class:`~bson.dbref.DBRef` (database, collection, ``_id``) and loaded back
as an ``Author`` bound to the collection the reference names. Validating
the post validates its authors; saving it saves them first (their changes
are written, as MongoKit did), and refuses with
:class:`~.exceptions.AutoReferenceError` an author that was never saved or
is no longer stored. A DBRef without a database is read from the current
database only with ``force_autorefs_current_db = True``.

Without ``use_autorefs`` the entry is an embedded document: stored as a
sub-document, loaded back as an instance of the class (unbound).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import repeat
from typing import TYPE_CHECKING, Any

from bson import DBRef
from pymongo.collection import Collection

from ..errors import DocumentNotFound
from .exceptions import AutoReferenceError, SchemaTypeError
from .types import CustomType

if TYPE_CHECKING:
    from .document import Document

__all__ = [
    "AutoRef",
    "EmbeddedDocument",
    "is_document_class",
    "loading_from",
    "referenced",
    "save_references",
    "wrap_document_classes",
]

Raw = dict[str, Any]

# The collection a document is being loaded from: references are read
# through its client (a custom type's to_python has no other context).
_loading: ContextVar[Collection[Raw] | None] = ContextVar("_loading", default=None)


@contextmanager
def loading_from(collection: Collection[Raw] | None) -> Iterator[None]:
    """Load references through ``collection``'s client inside the block."""
    token = _loading.set(collection)
    try:
        yield
    finally:
        _loading.reset(token)


def is_document_class(spec: object) -> bool:
    """Whether ``spec`` is a document class (a dict class with a schema)."""
    return (
        isinstance(spec, type) and issubclass(spec, dict) and hasattr(spec, "_schema")
    )


class AutoRef(CustomType):
    """A referenced document, stored as a DBRef.

    :param document_class: the class of the referenced documents
        (subclasses are accepted).
    :param current_db: read a DBRef without a database from the current one.
    """

    mongo_type = DBRef
    # A loaded document or a DBRef not loaded yet: validate() checks which.
    python_type = object
    check_stored = False

    def __init__(self, document_class: type[Document], current_db: bool = False):
        super().__init__()
        self.document_class = document_class
        self.current_db = current_db

    def to_bson(self, value: Any) -> Any:
        if isinstance(value, DBRef):
            return value
        collection = value.collection
        if collection is None or value.get("_id") is None:
            raise AutoReferenceError(
                f"this {type(value).__name__} is referenced but was never saved:"
                " save it first"
            )
        return DBRef(collection.name, value["_id"], database=collection.database.name)

    def to_python(self, value: Any) -> Any:
        if not isinstance(value, DBRef):
            return value
        loading = _loading.get()
        if loading is None:
            return value
        database = value.database
        if database is None:
            if not self.current_db:
                raise AutoReferenceError(
                    f"the DBRef {value!r} names no database: set"
                    " force_autorefs_current_db = True to read it from the current one"
                )
            database = loading.database.name
        collection = loading.database.client[database][value.collection]
        # $eq: an _id read from JSON is a value, never an operator.
        raw = collection.find_one({"_id": {"$eq": value.id}})
        if raw is None:
            raise AutoReferenceError(
                f"the referenced {self.document_class.__name__} {value.id!r} is not"
                f" in {database}.{value.collection}"
            )
        return self.document_class._from_mongo(raw, collection)

    def validate(self, value: Any, path: str) -> None:
        if isinstance(value, DBRef):
            return  # not loaded: nothing to check
        if not isinstance(value, self.document_class):
            raise SchemaTypeError(
                f"{path} must be an instance of {self.document_class.__name__}"
                f" not {type(value).__name__}",
                path,
            )
        if not value.skip_validation:
            value.validate()

    def __repr__(self) -> str:
        return f"AutoRef({self.document_class.__name__})"


class EmbeddedDocument(CustomType):
    """A document class used as a sub-document (without ``use_autorefs``)."""

    mongo_type = dict
    python_type = dict
    check_stored = False

    def __init__(self, document_class: type[Document]):
        super().__init__()
        self.document_class = document_class

    def to_bson(self, value: Any) -> Any:
        return value.to_bson() if isinstance(value, self.document_class) else value

    def to_python(self, value: Any) -> Any:
        return self.document_class._from_mongo(value, None)

    def validate(self, value: Any, path: str) -> None:
        if isinstance(value, self.document_class):
            value.validate()

    def __repr__(self) -> str:
        return f"EmbeddedDocument({self.document_class.__name__})"


def wrap_document_classes(spec: Any, autorefs: bool, current_db: bool) -> Any:
    """``spec`` with each document class replaced by an :class:`AutoRef`
    (``autorefs``) or an :class:`EmbeddedDocument`; the same object when it
    holds none."""
    if is_document_class(spec):
        return AutoRef(spec, current_db) if autorefs else EmbeddedDocument(spec)
    if isinstance(spec, dict):
        wrapped = {
            k: wrap_document_classes(v, autorefs, current_db) for k, v in spec.items()
        }
        changed = any(wrapped[k] is not v for k, v in spec.items())
        return wrapped if changed else spec
    if isinstance(spec, (list, tuple)):
        items = [wrap_document_classes(v, autorefs, current_db) for v in spec]
        if all(a is b for a, b in zip(items, spec, strict=True)):
            return spec
        return items if isinstance(spec, list) else tuple(items)
    return spec


def referenced(value: Any, spec: Any) -> Iterator[Document]:
    """The loaded documents ``value`` references where ``spec`` has an
    :class:`AutoRef`."""
    if value is None:
        return
    if isinstance(spec, AutoRef):
        if isinstance(value, spec.document_class):
            yield value
    elif isinstance(spec, dict) and isinstance(value, dict):
        if any(isinstance(k, type) for k in spec):
            (sub,) = spec.values()
            pairs: Any = ((value[k], sub) for k in value)
        else:
            pairs = ((value[k], sub) for k, sub in spec.items() if k in value)
        for item, sub in pairs:
            yield from referenced(item, sub)
    elif isinstance(spec, (list, tuple)) and spec and isinstance(value, (list, tuple)):
        subs = spec if isinstance(spec, tuple) else repeat(spec[0])
        for item, sub in zip(value, subs):
            yield from referenced(item, sub)


def save_references(doc: Document) -> None:
    """Save the documents ``doc`` references, before ``doc`` itself.

    :raises AutoReferenceError: one was never saved, or is no longer stored.
    """
    for ref in referenced(doc, doc._schema.structure):
        if not ref._stored or ref.collection is None:
            raise AutoReferenceError(
                f"this {type(doc).__name__} references a {type(ref).__name__} that"
                " was never saved: save it first"
            )
        try:
            ref.save()
        except DocumentNotFound as error:
            raise AutoReferenceError(
                f"this {type(doc).__name__} references a {type(ref).__name__} that"
                f" is no longer stored: {error}"
            ) from error
