"""A PyMongo 4 collection that still answers PyMongo 3's removed methods.

:class:`LegacyCollection` is a :class:`pymongo.collection.Collection` with
``insert``, ``save``, ``update``, ``remove``, ``find_and_modify``,
``ensure_index`` and ``count`` put back, each done with the PyMongo 4 calls
(``insert_one``, ``replace_one``, ``update_many``, ``find_one_and_update``,
``create_index``, ``count_documents``...). ``find()`` returns a
:class:`~.cursor.DocumentCursor` of plain dicts, so ``find().count()`` works
too. Registered document classes are reachable as attributes:
``db.tasks.Task()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

from bson.errors import InvalidDocument
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.write_concern import WriteConcern

from ..core.values import check_depth, reject_operators
from .commands import find_and_modify, has_operators, sample_one
from .cursor import DocumentCursor
from .sanitize import sanitize
from .transactions import session_options

if TYPE_CHECKING:
    from .document import Document

__all__ = ["DocumentClasses", "LegacyCollection", "find_and_modify", "sample_one"]

Raw = dict[str, Any]
_WRITE_CONCERN_KEYS = ("w", "j", "wtimeout", "fsync")
# remove()'s default: every document (None is refused).
_EVERYTHING: Any = object()


def _raw(doc: Raw) -> Raw:
    return doc


class DocumentClasses(Protocol):
    """Document classes by name: a ``dict``, or a
    :class:`~flask_mongo.core.registry.ClassRegistry`."""

    def get(self, name: str, /) -> type[Document] | None: ...


class LegacyCollection(Collection[Raw]):
    """A collection with the PyMongo 3 spellings the MongoKit API uses.

    :param database: the database.
    :param name: the collection's name.
    :param documents: registered document classes by name, reachable as
        attributes (``collection.Task``).
    :param sanitize_filters: refuse operators below field names in the
        filters of ``find``, ``count``, ``update``, ``remove`` and
        ``find_and_modify`` (see :mod:`~flask_mongo.structure.sanitize`).
    """

    def __init__(
        self,
        database: Database[Raw],
        name: str,
        *,
        documents: DocumentClasses | None = None,
        sanitize_filters: bool = False,
        codec_options: Any = None,
        read_preference: Any = None,
        write_concern: WriteConcern | None = None,
        read_concern: Any = None,
    ) -> None:
        super().__init__(
            database,
            name,
            False,
            codec_options,
            read_preference,
            write_concern,
            read_concern,
        )
        self._documents: DocumentClasses = {} if documents is None else documents
        #: Refuse operators below field names in filters (see
        #: :mod:`~flask_mongo.structure.sanitize`).
        self.sanitize_filters = sanitize_filters

    def __getattr__(self, name: str) -> Any:
        documents: DocumentClasses | None = self.__dict__.get("_documents")
        document_class = documents.get(name) if documents is not None else None
        if document_class is not None:
            from .bound import BoundDocument

            bound: BoundDocument[Any] = BoundDocument(document_class, self)
            return bound
        return super().__getattr__(name)

    def __call__(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError(
            f"{self.name!r} is a collection, not a document class: if {self.name}"
            f" is a Document subclass, register it first (db.register([{self.name}]))"
        )

    def __getitem__(self, name: str) -> LegacyCollection:
        return LegacyCollection(
            self.database,
            f"{self.name}.{name}",
            documents=self._documents,
            sanitize_filters=self.sanitize_filters,
            codec_options=self.codec_options,
            read_preference=self.read_preference,
            write_concern=self.write_concern,
            read_concern=self.read_concern,
        )

    def with_options(  # type: ignore[override]
        self,
        codec_options: Any = None,
        read_preference: Any = None,
        write_concern: WriteConcern | None = None,
        read_concern: Any = None,
    ) -> LegacyCollection:
        return LegacyCollection(
            self.database,
            self.name,
            documents=self._documents,
            sanitize_filters=self.sanitize_filters,
            codec_options=codec_options or self.codec_options,
            read_preference=read_preference or self.read_preference,
            write_concern=write_concern or self.write_concern,
            read_concern=read_concern or self.read_concern,
        )

    def _with_legacy_options(self, kwargs: dict[str, Any]) -> LegacyCollection:
        """Pop PyMongo 3 write options (``safe``, ``w``, ``j``...) from
        ``kwargs`` and apply them as a write concern."""
        kwargs.pop("safe", None)
        session_options(self, kwargs)
        concern = {k: kwargs.pop(k) for k in _WRITE_CONCERN_KEYS if k in kwargs}
        if not concern:
            return self
        return self.with_options(write_concern=WriteConcern(**concern))

    # -- reads -------------------------------------------------------------

    def find(self, *args: Any, **kwargs: Any) -> DocumentCursor[Raw]:  # type: ignore[override]
        """``Collection.find`` returning a cursor with ``count()``; accepts
        PyMongo 3's ``spec``, ``fields`` and ``timeout`` keywords."""
        return DocumentCursor.create(self, _raw, *args, **kwargs)

    def get_from_id(self, id: object) -> Raw | None:
        """MongoKit's ``get_from_id``: the document with this ``_id``, or
        ``None``.

        :raises BadValueException: ``id`` holds a query operator.
        """
        reject_operators(id, "_id")
        return self.find_one({"_id": id}, **session_options(self))

    def one(self, *args: Any, **kwargs: Any) -> Raw | None:
        """MongoKit's ``one``: the only matching document, or ``None``.

        :raises MultipleResultsFound: more than one document matches.
        """
        found: Raw | None = self.find(*args, **kwargs).only()
        return found

    def find_random(self) -> Raw | None:
        """MongoKit's ``find_random``: a random document, or ``None``."""
        return sample_one(self)

    def count(self, filter: Mapping[str, Any] | None = None, **kwargs: Any) -> int:
        """PyMongo 3's ``Collection.count``: ``count_documents(filter)``."""
        sanitize(self, filter, "count()")
        return self.count_documents(dict(filter or {}), **session_options(self, kwargs))

    # -- writes ------------------------------------------------------------

    def insert(
        self,
        doc_or_docs: Raw | Iterable[Raw],
        manipulate: bool = True,
        check_keys: bool = True,
        continue_on_error: bool = False,
        **kwargs: Any,
    ) -> Any:
        """Insert one document (returns its ``_id``) or several (returns the
        list of ids); an ``_id`` is added to documents without one."""
        collection = self._with_legacy_options(kwargs)
        if isinstance(doc_or_docs, dict):
            if check_keys:
                check_document_keys(doc_or_docs)
            # The caller's dict itself, so that it gets its _id (as in PyMongo 3).
            return collection.insert_one(doc_or_docs, **kwargs).inserted_id
        docs = list(doc_or_docs)
        if check_keys:
            for doc in docs:
                check_document_keys(doc)
        result = collection.insert_many(docs, ordered=not continue_on_error, **kwargs)
        return result.inserted_ids

    def save(
        self,
        to_save: Raw,
        manipulate: bool = True,
        check_keys: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Insert ``to_save`` if it has no ``_id``, else replace (upsert) the
        stored document with that ``_id``; returns the ``_id``."""
        collection = self._with_legacy_options(kwargs)
        if check_keys:
            check_document_keys(to_save)
        if to_save.get("_id") is None:
            return collection.insert_one(to_save, **kwargs).inserted_id
        collection.replace_one({"_id": to_save["_id"]}, to_save, upsert=True, **kwargs)
        return to_save["_id"]

    def update(
        self,
        spec: Mapping[str, Any],
        document: Mapping[str, Any],
        upsert: bool = False,
        manipulate: bool = False,
        multi: bool = False,
        check_keys: bool = True,
        **kwargs: Any,
    ) -> Raw:
        """Apply update operators (``{'$set': ...}``) to the first or, with
        ``multi``, every matching document, or replace the first with a
        plain document. Returns the server's reply (``n``, ``nModified``,
        ``updatedExisting``, ``upserted``), as PyMongo 3 did.

        :raises ValueError: ``multi`` with a replacement document.
        """
        sanitize(self, spec, "update()")
        collection = self._with_legacy_options(kwargs)
        if has_operators(document):
            method = collection.update_many if multi else collection.update_one
            result = method(spec, document, upsert=upsert, **kwargs)
        else:
            if multi:
                raise ValueError(
                    "multi=True needs update operators ($set, $inc, ...); a plain"
                    " document can only replace one document"
                )
            if check_keys:
                check_document_keys(document)
            result = collection.replace_one(spec, document, upsert=upsert, **kwargs)
        reply = dict(result.raw_result or {})
        reply.setdefault("updatedExisting", bool(result.matched_count))
        return reply

    def remove(
        self, spec_or_id: Any = _EVERYTHING, multi: bool = True, **kwargs: Any
    ) -> Raw:
        """Delete the matching documents (only the first with
        ``multi=False``); a non-dict ``spec_or_id`` is an ``_id``; no
        argument deletes everything (PyMongo 3's ``remove()``). Returns the
        server's reply (``n``).

        :raises ValueError: ``spec_or_id`` is ``None`` (an id that was never
            set, most likely): nothing is removed. Pass ``{}`` to remove all.
        """
        if spec_or_id is None:
            raise ValueError(
                f"{self.full_name}.remove(None): None is neither a filter nor an"
                " _id, and nothing was removed; call remove() or remove({}) to"
                " remove every document"
            )
        sanitize(self, spec_or_id, "remove()")
        collection = self._with_legacy_options(kwargs)
        if spec_or_id is _EVERYTHING:
            spec: Mapping[str, Any] = {}
        elif isinstance(spec_or_id, Mapping):
            spec = spec_or_id
        else:
            spec = {"_id": spec_or_id}
        method = collection.delete_many if multi else collection.delete_one
        return dict(method(spec, **kwargs).raw_result or {})

    #: PyMongo 3's ``find_and_modify``: see :func:`find_and_modify`.
    find_and_modify = find_and_modify

    def ensure_index(
        self, key_or_list: Any, cache_for: int = 300, **kwargs: Any
    ) -> str:
        """``create_index`` (PyMongo 3's cache window is gone; creating an
        existing index is a no-op)."""
        kwargs.pop("drop_dups", None)
        kwargs.pop("dropDups", None)
        return self.create_index(key_or_list, **kwargs)


def check_document_keys(doc: Mapping[str, Any], path: str = "") -> None:
    """PyMongo 3's ``check_keys``: refuse keys starting with ``$`` or
    containing ``.``, at any depth.

    :raises bson.errors.InvalidDocument: as PyMongo 3 did.
    :raises BadValueException: ``doc`` is nested deeper than MongoDB stores.
    """
    if not path:  # bounds the recursion below
        check_depth(doc, "document")
    for key, value in doc.items():
        where = f"{path}.{key}" if path else str(key)
        if isinstance(key, str) and (key.startswith("$") or "." in key):
            raise InvalidDocument(
                f"key {key!r} (at {where}) must not start with '$' or contain '.'"
            )
        _check_nested(value, where)


def _check_nested(value: Any, path: str) -> None:
    if isinstance(value, Mapping):
        check_document_keys(value, path)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check_nested(item, f"{path}.{i}")
