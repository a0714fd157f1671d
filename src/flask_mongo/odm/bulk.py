"""Saving many typed documents in a few round trips.

:func:`save_all` validates every document before anything is sent, then
sends one ``bulk_write`` per collection: an insert for each new document,
an update (filtered by ``_id`` and shard key) for each changed saved one.
Documents the server accepted are marked saved; with ``ordered=False`` a
refused document does not stop the others, and every refusal is reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pymongo import InsertOne, UpdateOne
from pymongo.errors import BulkWriteError

from ..core.read_options import with_write_concern
from ..core.transactions import session_for
from ..core.writes import VERSION_KEY
from ..errors import BadQueryException, BulkWriteFailed, DocumentNotFound
from ..signals import after_save, before_save
from .changes import changes

if TYPE_CHECKING:
    from .document import Document

__all__ = ["QueryBulk", "save_all"]


def _prepared(document: Document) -> tuple[Any, Any]:
    """The write of one document and what marks it saved afterwards;
    raises (before anything is sent) when it cannot be saved."""
    cls = type(document)
    if document._is_removed():
        raise DocumentNotFound(
            f"this {cls.__name__} was removed; save_all() will not recreate it"
        )
    if document._is_new():
        data = document.wrap()
        if cls.config_versioned:
            data[VERSION_KEY] = 1
        return InsertOne(data), lambda: document._inserted(data)
    ops, baselines = changes(document)
    if not ops:
        return None, lambda: document._updated(baselines)
    if cls.config_versioned:
        # A bulk result says how many updates matched, not which: a stale
        # copy could not be named.
        raise BadQueryException(
            f"save_all() inserts versioned {cls.__name__} documents but does"
            f" not update them; save() each changed one, so that a copy"
            f" another writer saved is detected"
        )
    changed = [path for fields in ops.values() for path in fields]
    query = document._write_filter(changed)
    return UpdateOne(query, ops), lambda: document._updated(baselines)


def save_all(
    documents: Iterable[Document], *, ordered: bool = True, write_concern: Any = None
) -> None:
    """Save ``documents`` (new ones inserted, saved ones updated) with one
    ``bulk_write`` per collection.

    :param ordered: stop at the first refused write (the server's order);
        ``False`` lets the others through.
    :param write_concern: as for :meth:`Document.save`.
    :raises MissingValueException: (and the other validation errors) for
        the first invalid document; nothing is sent.
    :raises BulkWriteFailed: the server refused some documents; the others
        are saved.
    """
    documents = list(documents)
    created = {id(d): d._is_new() for d in documents}
    if before_save.receivers:
        for document in documents:
            before_save.send(
                type(document), document=document, created=created[id(document)]
            )
    batches: dict[str, tuple[Any, list[tuple[Document, Any, Any]]]] = {}
    for document in documents:
        write, mark = _prepared(document)
        collection = type(document).get_collection()
        batch = batches.setdefault(collection.full_name, (collection, []))
        batch[1].append((document, write, mark))
    failures: list[tuple[Any, dict[str, Any]]] = []
    unsent: list[Any] = []
    for collection, items in batches.values():
        writes = [(d, w, m) for d, w, m in items if w is not None]
        refused: dict[int, dict[str, Any]] = {}
        stopped = len(writes)
        if writes and not (ordered and (failures or unsent)):
            target = with_write_concern(collection, write_concern)
            try:
                target.bulk_write(
                    [w for _, w, _ in writes],
                    ordered=ordered,
                    session=session_for(collection.database.client),
                )
            except BulkWriteError as error:
                for detail in error.details.get("writeErrors", []):
                    refused[detail["index"]] = {
                        "code": detail.get("code"),
                        "message": detail.get("errmsg"),
                    }
                if ordered and refused:
                    stopped = min(refused) + 1
        elif writes:
            stopped = 0
        for index, (document, _, mark) in enumerate(writes):
            if index in refused:
                failures.append((document, refused[index]))
            elif index >= stopped:
                unsent.append(document)
            else:
                mark()
        for _, write, mark in items:
            if write is None:
                mark()
        if after_save.receivers:
            done = set(map(id, [*unsent, *(d for d, _ in failures)]))
            for document, _, _ in items:
                if id(document) not in done:
                    after_save.send(
                        type(document),
                        document=document,
                        created=created[id(document)],
                    )
    if failures or unsent:
        raise BulkWriteFailed.of(failures, unsent)


class QueryBulk:
    """Gives :class:`~flask_mongo.odm.BaseQuery` its ``insert_many``."""

    def _document_class(self) -> type[Document]:
        raise NotImplementedError

    def insert_many(
        self,
        documents: Iterable[Document],
        *,
        ordered: bool = True,
        write_concern: Any = None,
    ) -> None:
        """Insert new documents of this query's class in one round trip
        (see :func:`save_all`): all are checked first, then sent with one
        ``insert``; each accepted one is marked saved.

        :raises BadQueryException: one is not a new document of this class.
        :raises BulkWriteFailed: the server refused some of them.
        """
        documents = list(documents)
        cls = self._document_class()
        for document in documents:
            if not isinstance(document, cls) or not document._is_new():
                raise BadQueryException(
                    f"{cls.__name__}.query.insert_many() takes new"
                    f" {cls.__name__} documents, got {document!r}; save"
                    f" saved ones with db.save_all()"
                )
        save_all(documents, ordered=ordered, write_concern=write_concern)
