"""Documents that keep every saved revision: :class:`VersionedDocument`.

Each :meth:`~VersionedDocument.save` that changes the document increments
its ``_revision`` and stores a copy in the collection
``versioned_<collection>`` as ``{'id': str(_id), 'revision': n, 'doc': {...}}``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Self

from pymongo import ASCENDING, DESCENDING
from pymongo.collection import Collection

from .document import Document
from .sanitize import sanitize
from .transactions import session_options

__all__ = ["VersionedDocument"]


class VersionedDocument(Document):
    """A :class:`~flask_mongo.structure.document.Document` whose saved
    revisions are kept.

    ::

        class Page(VersionedDocument):
            __collection__ = "pages"
            structure = {"title": str, "body": str}

        page.save()                 # revision 1
        page["body"] = "..."
        page.save()                 # revision 2
        page.get_revision(1)        # a Page as it was
    """

    structure: ClassVar[dict[Any, Any]] = {"_revision": int}

    @property
    def versioning_collection(self) -> Collection[dict[str, Any]]:
        """The collection the revisions are kept in."""
        collection = self._bound_collection()
        return collection.database[f"versioned_{collection.name}"]

    def _revision_id(self) -> str:
        return str(self["_id"])

    def _session(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        # The revisions are read and written in the save's own session, or
        # in the active transaction's.
        own = {"session": given["session"]} if given and "session" in given else {}
        return session_options(self.versioning_collection, own)

    def _last_record(
        self, given: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        if self.get("_id") is None:
            return None
        return self.versioning_collection.find_one(
            {"id": self._revision_id()},
            sort=[("revision", DESCENDING)],
            **self._session(given),
        )

    def save(
        self,
        uuid: bool = False,
        validate: bool | None = None,
        safe: bool = True,
        versioning: bool = True,
        **kwargs: Any,
    ) -> None:
        """Save (see :meth:`Document.save`) and, with ``versioning``, record a
        new revision unless nothing changed since the last one."""
        if not versioning:
            super().save(uuid, validate, safe, **kwargs)
            return
        last = self._last_record(kwargs)
        if last is not None and _same(last["doc"], self):
            super().save(uuid, validate, safe, **kwargs)
            return
        previous = self.get("_revision")
        self["_revision"] = (last["revision"] if last else previous or 0) + 1
        try:
            super().save(uuid, validate, safe, **kwargs)
        except BaseException:
            self["_revision"] = previous
            raise
        self.versioning_collection.insert_one(
            {
                "id": self._revision_id(),
                "revision": self["_revision"],
                "doc": self.to_bson(),
            },
            **self._session(kwargs),
        )

    def get_revision(self, revision_number: int) -> Self | None:
        """The document as it was at a revision, or ``None``."""
        record = self.versioning_collection.find_one(
            {"id": self._revision_id(), "revision": revision_number},
            **self._session(),
        )
        if record is None:
            return None
        return type(self)(record["doc"], gen_skel=False, collection=self.collection)

    def get_revisions(self) -> Iterator[Self]:
        """Every revision, oldest first."""
        records = self.versioning_collection.find(
            {"id": self._revision_id()},
            sort=[("revision", ASCENDING)],
            **self._session(),
        )
        for record in records:
            yield type(self)(record["doc"], gen_skel=False, collection=self.collection)

    def get_last_revision_id(self) -> int | None:
        """The number of the last recorded revision, or ``None``."""
        last = self._last_record()
        return None if last is None else int(last["revision"])

    def delete(self, versioning: bool = False) -> None:
        """Delete the document; with ``versioning``, its revisions too."""
        if versioning and self.get("_id") is not None:
            self.versioning_collection.delete_many(
                {"id": self._revision_id()}, **self._session()
            )
        super().delete()

    def remove(self, spec: Mapping[str, Any], versioning: bool = False) -> int:
        """Delete the documents of this document's collection that match
        the filter ``spec`` (MongoKit's ``VersionedDocument.remove``); with
        ``versioning``, their revisions too. Returns how many were deleted.

        :raises TypeError: ``spec`` is not a filter dict (use :meth:`delete`
            for this document).
        """
        if not isinstance(spec, Mapping):
            raise TypeError(
                f"{type(self).__name__}.remove() takes a filter dict, not"
                f" {type(spec).__name__}; use delete() to delete this document"
            )
        collection = self._bound_collection()
        sanitize(collection, spec, "remove()")
        options = session_options(collection)
        if not versioning:
            return collection.delete_many(spec, **options).deleted_count
        # The documents found are the ones deleted, with their revisions: one
        # inserted meanwhile that matches is left, revisions and all.
        ids = [d["_id"] for d in collection.find(spec, {"_id": 1}, **options)]
        self.versioning_collection.delete_many(
            {"id": {"$in": [str(i) for i in ids]}}, **self._session()
        )
        return collection.delete_many({"_id": {"$in": ids}}, **options).deleted_count


def _same(stored: dict[str, Any], doc: dict[str, Any]) -> bool:
    def content(d: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in d.items() if k != "_revision"}

    return content(stored) == content(
        dict(doc.to_bson() if isinstance(doc, Document) else doc)
    )
