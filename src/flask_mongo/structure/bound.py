"""A document class bound to a collection: what ``db.Task`` gives.

``db.Task()`` makes a new ``Task`` that saves to the class's collection, and
``db.Task.find(...)``, ``db.Task.find_one(...)``, ``db.Task.get_from_id(...)``
and the other queries return ``Task`` instances (or instances of the stored
subclass, for a polymorphic class).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.database import Database

from ..core.find import found_or_404
from ..core.values import reject_operators, to_object_id
from .commands import LegacySort, find_and_modify, sample_one
from .cursor import DocumentCursor
from .sanitize import trusted
from .transactions import session_options

if TYPE_CHECKING:
    from .document import Document

__all__ = ["BoundDocument", "id_query"]

D = TypeVar("D", bound="Document")
Raw = dict[str, Any]


def id_query(id: object) -> object:
    """The ``_id`` condition for an id from a URL or a form: a 24 hex digit
    string matches the ObjectId or the string itself; anything else matches
    as it is (a malformed id simply matches nothing)."""
    if isinstance(id, str):
        object_id = to_object_id(id)
        if object_id is not None:
            return trusted({"$in": [object_id, id]})
    # An id from a JSON body could be {'$ne': None}: never an operator.
    reject_operators(id, "_id")
    return id


class BoundDocument(Generic[D]):
    """A document class together with the collection it is used with.

    :param document_class: the
        :class:`~flask_mongo.structure.document.Document` subclass.
    :param collection: the collection its instances save to and come from.
    """

    def __init__(self, document_class: type[D], collection: Collection[Raw]) -> None:
        self.document_class = document_class
        self.collection = collection

    def __call__(
        self,
        doc: Raw | None = None,
        gen_skel: bool = True,
        lang: str = "en",
        fallback_lang: str = "en",
    ) -> D:
        """A new document bound to the collection (not saved yet)."""
        cls = self.document_class
        if cls._stock_new and gen_skel and lang == "en" and fallback_lang == "en":
            return cls._new_in(doc, self.collection)  # what the call below does
        return cls(
            doc,
            gen_skel=gen_skel,
            collection=self.collection,
            lang=lang,
            fallback_lang=fallback_lang,
        )

    def __getattr__(self, name: str) -> Any:
        # Class attributes: db.Task.structure, db.Task.required_fields, ...
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.document_class, name)
        if isinstance(value, property) and value.fget is not None:
            # A property that needs only the collection (MongoKit read
            # db.Page.versioning_collection): on an empty bound document.
            return value.fget(
                self.document_class(gen_skel=False, collection=self.collection)
            )
        return value

    @property
    def db(self) -> Database[Raw]:
        """The database of the collection."""
        return self.collection.database

    @property
    def connection(self) -> MongoClient[Raw]:
        """The client of the collection."""
        return self.collection.database.client

    def __instancecheck__(self, instance: object) -> bool:
        return isinstance(instance, self.document_class)

    def __repr__(self) -> str:
        return f"<{self.document_class.__name__} bound to {self.collection.full_name}>"

    def wrap(self, raw: Raw) -> D:
        """A document from a dict PyMongo decoded (nothing is validated)."""
        return self.document_class._from_mongo(raw, self.collection)

    def _wrap_or_none(self, raw: Raw | None) -> D | None:
        return None if raw is None else self.wrap(raw)

    def _session(self) -> dict[str, Any]:
        return session_options(self.collection)

    # -- queries -----------------------------------------------------------

    def find(self, *args: Any, **kwargs: Any) -> DocumentCursor[D]:
        """``Collection.find`` yielding documents; chain ``sort``, ``skip``,
        ``limit``; ``count()`` and ``paginate()`` work on the result."""
        return DocumentCursor.create(self.collection, self.wrap, *args, **kwargs)

    def find_one(self, *args: Any, **kwargs: Any) -> D | None:
        """The first matching document, or ``None``; a non-dict filter is an
        ``_id``."""
        if args and args[0] is not None and not isinstance(args[0], Mapping):
            args = ({"_id": args[0]}, *args[1:])
        for doc in self.find(*args, **kwargs).limit(-1):
            return doc
        return None

    def one(self, *args: Any, **kwargs: Any) -> D | None:
        """The only matching document, or ``None`` if there is none.

        :raises MultipleResultsFound: more than one document matches.
        """
        return self.find(*args, **kwargs).only()

    def find_random(self) -> D | None:
        """A random document of the collection, or ``None`` if it is empty."""
        return self._wrap_or_none(sample_one(self.collection))

    def get_from_id(self, id: object) -> D | None:
        """The document with this ``_id``, or ``None``.

        :raises BadValueException: ``id`` holds a query operator.
        """
        reject_operators(id, "_id")
        raw = self.collection.find_one({"_id": id}, **self._session())
        return self._wrap_or_none(raw)

    def _structure_query(self, spec: Mapping[str, Any] | None) -> Raw:
        query = dict(spec or {})
        for key in self.document_class._schema.structure:
            if isinstance(key, str):
                query.setdefault(key, trusted({"$exists": True}))
        return query

    def fetch(
        self, spec: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any
    ) -> DocumentCursor[D]:
        """Like :meth:`find`, but only documents that have every top-level
        field of the structure."""
        return self.find(self._structure_query(spec), *args, **kwargs)

    def fetch_one(
        self, spec: Mapping[str, Any] | None = None, *args: Any, **kwargs: Any
    ) -> D | None:
        """Like :meth:`one`, for the documents :meth:`fetch` finds."""
        return self.one(self._structure_query(spec), *args, **kwargs)

    def find_and_modify(
        self,
        query: Mapping[str, Any] | None = None,
        update: Mapping[str, Any] | None = None,
        upsert: bool = False,
        sort: LegacySort | None = None,
        **kwargs: Any,
    ) -> D | None:
        """Modify (or with ``remove=True`` delete) the first matching document
        and return it, as it was or with ``new=True`` as it is now; see
        :func:`~.collection.find_and_modify`. The update is not validated
        against the structure."""
        raw = find_and_modify(self.collection, query, update, upsert, sort, **kwargs)
        return self._wrap_or_none(raw)

    # -- Flask -------------------------------------------------------------

    def get_or_404(self, id: object, description: str | None = None) -> D:
        """The document with this ``_id``, or abort with 404 Not Found.

        ``id`` may be an ObjectId or its 24 hex digit string (from a URL); a
        malformed id matches nothing and gives 404 too.
        """
        raw = self.collection.find_one({"_id": id_query(id)}, **self._session())
        return found_or_404(self._wrap_or_none(raw), description)

    def find_one_or_404(self, *args: Any, **kwargs: Any) -> D:
        """:meth:`find_one`, or abort with 404 Not Found when nothing matches."""
        description = kwargs.pop("description", None)
        return found_or_404(self.find_one(*args, **kwargs), description)

    # -- class-level helpers -----------------------------------------------

    def generate_index(self, collection: Collection[Raw] | None = None) -> list[str]:
        """Create the class's ``indexes`` on ``collection`` (default: the
        bound one), as MongoKit's ``generate_index(collection)``."""
        target = self.collection if collection is None else collection
        return self.document_class.generate_index(target)

    def from_json(self, json: str) -> D:
        """A document from ``to_json()`` output, bound to the collection."""
        return self.document_class.from_json(json, collection=self.collection)
