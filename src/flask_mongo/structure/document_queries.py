"""The queries a :class:`~flask_mongo.structure.document.Document` instance
runs on its own collection (``doc.find(...)``, ``doc.get_from_id(...)``...),
and the database and client it is stored through (``doc.db``,
``doc.connection``).
Each is the :class:`~.bound.BoundDocument` method of the same name."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, cast

if TYPE_CHECKING:
    from pymongo import MongoClient
    from pymongo.database import Database

    from .bound import BoundDocument
    from .cursor import DocumentCursor

__all__ = ["QueryMethods"]


class QueryMethods:
    """Queries on the document's collection (mixed into ``Document``)."""

    def _bound(self) -> BoundDocument[Any]:
        raise NotImplementedError  # pragma: no cover (Document defines it)

    @property
    def db(self) -> Database[dict[str, Any]]:
        """The database of the document's collection."""
        return self._bound().collection.database

    @property
    def connection(self) -> MongoClient[dict[str, Any]]:
        """The client of the document's collection."""
        return self._bound().collection.database.client

    def find(self, *args: Any, **kwargs: Any) -> DocumentCursor[Self]:
        """See :meth:`BoundDocument.find`."""
        return cast("DocumentCursor[Self]", self._bound().find(*args, **kwargs))

    def find_one(self, *args: Any, **kwargs: Any) -> Self | None:
        """See :meth:`BoundDocument.find_one`."""
        return cast("Self | None", self._bound().find_one(*args, **kwargs))

    def find_and_modify(self, *args: Any, **kwargs: Any) -> Self | None:
        """See :meth:`BoundDocument.find_and_modify`."""
        return cast("Self | None", self._bound().find_and_modify(*args, **kwargs))

    def one(self, *args: Any, **kwargs: Any) -> Self | None:
        """See :meth:`BoundDocument.one`."""
        return cast("Self | None", self._bound().one(*args, **kwargs))

    def find_random(self) -> Self | None:
        """See :meth:`BoundDocument.find_random`."""
        return cast("Self | None", self._bound().find_random())

    def get_from_id(self, id: object) -> Self | None:
        """See :meth:`BoundDocument.get_from_id`."""
        return cast("Self | None", self._bound().get_from_id(id))

    def fetch(self, *args: Any, **kwargs: Any) -> DocumentCursor[Self]:
        """See :meth:`BoundDocument.fetch`."""
        return cast("DocumentCursor[Self]", self._bound().fetch(*args, **kwargs))

    def fetch_one(self, *args: Any, **kwargs: Any) -> Self | None:
        """See :meth:`BoundDocument.fetch_one`."""
        return cast("Self | None", self._bound().fetch_one(*args, **kwargs))

    def get_or_404(self, id: object, description: str | None = None) -> Self:
        """See :meth:`BoundDocument.get_or_404`."""
        return cast("Self", self._bound().get_or_404(id, description))

    def find_one_or_404(self, *args: Any, **kwargs: Any) -> Self:
        """See :meth:`BoundDocument.find_one_or_404`."""
        return cast("Self", self._bound().find_one_or_404(*args, **kwargs))
