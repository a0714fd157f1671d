"""Bringing stored documents up to date with a changed structure.

Write a :class:`DocumentMigration` subclass whose methods each set a
``target`` (a query) and an ``update`` (update operators)::

    class BlogPostMigration(DocumentMigration):
        def migration01__add_tags(self):
            self.target = {"tags": {"$exists": False}}
            self.update = {"$set": {"tags": []}}

        def allmigration01__drop_rank(self):
            self.target = {"rank": {"$exists": True}}
            self.update = {"$unset": {"rank": ""}}

Methods named ``migration...`` run lazily, one document at a time: set
``migration_handler = BlogPostMigration`` on the document class, and a
loaded document that does not validate is migrated, reloaded and checked
again. Methods named ``allmigration...`` run on a whole collection with
:meth:`DocumentMigration.migrate_all`. Both run in name order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pymongo.collection import Collection

from .exceptions import UpdateQueryError
from .transactions import session_options

if TYPE_CHECKING:
    from .document import Document

__all__ = ["DocumentMigration"]

_FIELD_OPERATORS = ("$set", "$unset", "$inc", "$rename", "$push", "$addToSet", "$pull")


class DocumentMigration:
    """The migration rules of one document class.

    :param doc_class: the :class:`~flask_mongo.structure.document.Document`
        subclass migrated.
    """

    def __init__(self, doc_class: type[Document]) -> None:
        self.doc_class = doc_class
        #: The query selecting the documents a rule applies to.
        self.target: Mapping[str, Any] | None = None
        #: The update operators the rule applies.
        self.update: Mapping[str, Any] | None = None
        #: The document being migrated (lazy rules only).
        self.doc: Document | None = None
        #: The collection being migrated.
        self.collection: Collection[dict[str, Any]] | None = None
        #: True while :meth:`get_deprecated` runs the rules (only to read
        #: their ``target``): a rule that writes by itself, or that reads
        #: :attr:`doc`, must skip that part then.
        self.status = False

    def _rules(self, prefix: str) -> list[Callable[[], None]]:
        names = sorted(n for n in dir(type(self)) if n.startswith(prefix))
        return [getattr(self, n) for n in names]

    def _run(self, rule: Callable[[], None]) -> bool:
        self.target = self.update = None
        rule()
        if self.target is None and self.update is None:
            return False  # the rule did its own writing (or nothing)
        if self.target is None or self.update is None:
            raise UpdateQueryError(
                f"{type(self).__name__}.{rule.__name__} must set both self.target"
                " and self.update"
            )
        self.validate_update(self.update)
        return True

    def migrate(self, doc: Document, safe: bool = True) -> None:
        """Apply the ``migration...`` rules to one stored document, in
        order; the document is reloaded after each rule that changed it, so
        a rule reads :attr:`doc` as the rules before it left it (as MongoKit
        did)."""
        collection = doc._bound_collection()
        self.doc, self.collection = doc, collection
        for rule in self._rules("migration"):
            if self._run(rule):
                assert self.target is not None
                assert self.update is not None
                result = collection.update_one(
                    {**self.target, "_id": doc["_id"]},
                    self.update,
                    **session_options(collection),
                )
                if result.modified_count:
                    doc.reload()
        doc.reload()

    def migrate_all(
        self, collection: Collection[dict[str, Any]], safe: bool = True
    ) -> None:
        """Apply the ``allmigration...`` rules to every matching document of
        ``collection``."""
        self.collection, self.doc, self.status = collection, None, False
        for rule in self._rules("allmigration"):
            if self._run(rule):
                assert self.target is not None
                assert self.update is not None
                collection.update_many(
                    self.target, self.update, **session_options(collection)
                )

    def get_deprecated(
        self, collection: Collection[dict[str, Any]]
    ) -> dict[str, list[str]]:
        """Which rules still match documents (``active``) and which match
        none any more and can be removed (``deprecated``)."""
        self.collection, self.doc, self.status = collection, None, True
        result: dict[str, list[str]] = {"deprecated": [], "active": []}
        try:
            for rule in self._rules("migration") + self._rules("allmigration"):
                self.target = self.update = None
                rule()
                matched = self.target is not None and collection.count_documents(
                    dict(self.target), limit=1, **session_options(collection)
                )
                result["active" if matched else "deprecated"].append(rule.__name__)
        finally:
            self.status = False
        return result

    def validate_update(self, update: Mapping[str, Any]) -> None:
        """Check that ``update`` uses update operators and, unless the class
        is schemaless, names fields of the structure.

        :raises UpdateQueryError: it does not.
        """
        if not update or not all(str(k).startswith("$") for k in update):
            raise UpdateQueryError(
                f"a migration update must use update operators ($set, $unset, ...),"
                f" got {dict(update)!r}"
            )
        if self.doc_class.use_schemaless:
            return
        known = self.doc_class._schema.namespaces
        for operator, fields in update.items():
            if operator not in _FIELD_OPERATORS or not isinstance(fields, Mapping):
                continue
            for field in fields:
                declared = ".".join(
                    p for p in str(field).split(".") if not p.isdigit() and p != "$"
                )
                if operator == "$unset" or declared in known:
                    continue
                raise UpdateQueryError(
                    f"{operator} {field!r}: {declared!r} is not in the structure of"
                    f" {self.doc_class.__name__}"
                )
