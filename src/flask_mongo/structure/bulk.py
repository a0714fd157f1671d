"""Saving many dict documents in a few round trips.

:func:`save_all` validates every document before anything is sent, then
sends one ``bulk_write`` per collection: an insert for each new document,
a replace (filtered by ``_id`` and shard key, never an upsert) for each
stored one, and an upsert for a new document given an ``_id`` of its own,
as :meth:`Document.save() <flask_mongo.structure.Document.save>` does one
by one. Documents the server accepted are marked saved; with
``ordered=False`` a refused document does not stop the others, and every
refusal is reported. A stored document another client deleted meanwhile
is not recreated: it is reported among the failures.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from pymongo import InsertOne, ReplaceOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

from ..core.read_options import with_write_concern
from ..core.writes import VERSION_KEY
from ..errors import BadQueryException, BulkWriteFailed
from ..signals import after_save, before_save
from .autorefs import save_references
from .exceptions import SchemaDocumentError
from .transactions import session_options
from .writes import check_before_writing

if TYPE_CHECKING:
    from .document import Document

__all__ = ["save_all"]

Stored = Collection[dict[str, Any]]
# One document's write: the document, the operation, whether it made the
# _id up (undone when the write fails) and whether it replaces a stored one.
_Item = tuple["Document", Any, bool, bool]


def _check(document: Document) -> None:
    """Refuse (before anything is sent) what save_all() cannot save."""
    name = type(document).__name__
    if document._removed:
        raise SchemaDocumentError(
            f"this {name} was deleted; save_all() will not recreate it"
            " (create a new document instead)"
        )
    if document.use_optimistic_locking and document._stored:
        # A bulk result says how many replaces matched, not which: a stale
        # copy could not be named.
        raise BadQueryException(
            f"save_all() inserts {name} documents (use_optimistic_locking)"
            f" but does not replace stored ones; save() each changed one, so"
            f" that a copy another writer saved is detected"
        )


def _prepared(document: Document) -> _Item:
    """The write of one validated document."""
    made_id = document.get("_id") is None
    if made_id:
        document["_id"] = ObjectId()
    data = document.to_bson()
    if made_id:
        return document, InsertOne(data), True, False
    where = document._filter_for_write()
    # A new document with an _id of its own is upserted, as save() does.
    write = ReplaceOne(where, data, upsert=not document._stored)
    return document, write, False, document._stored


def save_all(
    documents: Iterable[Document],
    *,
    ordered: bool = True,
    validate: bool | None = None,
    write_concern: Any = None,
) -> None:
    """Save ``documents`` (bound dict documents, of any classes) with one
    ``bulk_write`` per collection.

    :param ordered: stop at the first refused write (the server's order);
        ``False`` lets the others through.
    :param validate: as for ``save(validate=...)``, for every document.
    :param write_concern: how the writes are acknowledged (``"majority"``,
        ``{"w": 2}``, a ``WriteConcern``).
    :raises SchemaDocumentError: (a
        :class:`~flask_mongo.structure.exceptions.ValidationError`, ...) the first
        invalid document, or a deleted one; nothing is sent.
    :raises BadQueryException: a stored document of a class with
        ``use_optimistic_locking`` (save() it); nothing is sent.
    :raises BulkWriteFailed: the server refused some documents, or some
        stored ones were deleted meanwhile (not recreated); the others are
        saved.
    """
    documents = list(documents)
    for document in documents:
        document._bound_collection()
        _check(document)
    created = {id(d): not d._stored for d in documents}
    if before_save.receivers:
        for document in documents:
            before_save.send(
                type(document), document=document, created=created[id(document)]
            )
    versioned = [d for d in documents if d.use_optimistic_locking]
    for document in versioned:  # before validation, as save() does
        document[VERSION_KEY] = 1
    try:
        for document in documents:
            check_before_writing(document, validate)
    except BaseException:
        for document in versioned:
            del document[VERSION_KEY]
        raise
    for document in documents:
        if document._schema.has_autorefs:
            save_references(document)
    batches: dict[str, tuple[Stored, list[_Item]]] = {}
    for document in documents:
        collection = document._bound_collection()
        batch = batches.setdefault(collection.full_name, (collection, []))
        batch[1].append(_prepared(document))
    failures: list[tuple[Any, dict[str, Any]]] = []
    unsent: list[Any] = []
    for collection, items in batches.values():
        if ordered and (failures or unsent):
            unsent.extend(_undo(items))
            continue
        target = with_write_concern(collection, write_concern)
        refused, stopped, matched = _send(target, items, ordered)
        gone = _gone(collection, items, refused, stopped, matched)
        for index, item in enumerate(items):
            document = item[0]
            if index in refused:
                failures.append((document, refused[index]))
                _undo([item])
            elif index >= stopped:
                unsent.extend(_undo([item]))
            elif id(document) in gone:
                failures.append((document, gone[id(document)]))
            else:
                _mark_saved(document, created[id(document)])
    if failures or unsent:
        raise BulkWriteFailed.of(failures, unsent)


def _send(
    collection: Stored, items: list[_Item], ordered: bool
) -> tuple[dict[int, dict[str, Any]], int, int]:
    """Send one collection's writes: the refused ones by index, the index
    an ordered write stopped at (``len(items)``: none), and how many
    replaces matched a stored document."""
    refused: dict[int, dict[str, Any]] = {}
    try:
        result = collection.bulk_write(
            [write for _, write, _, _ in items],
            ordered=ordered,
            **session_options(collection),
        )
    except BulkWriteError as error:
        for detail in error.details.get("writeErrors", []):
            refused[detail["index"]] = {
                "code": detail.get("code"),
                "message": detail.get("errmsg"),
            }
        matched = int(error.details.get("nMatched", 0))
        stopped = min(refused) + 1 if ordered and refused else len(items)
        return refused, stopped, matched
    return refused, len(items), result.matched_count


def _undo(items: list[_Item]) -> list[Any]:
    """Leave unsaved documents as they were given (a retry must not find a
    made-up ``_id`` or version)."""
    for document, _, made_id, _ in items:
        if made_id:
            del document["_id"]
        if document.use_optimistic_locking:
            del document[VERSION_KEY]
    return [document for document, _, _, _ in items]


def _mark_saved(document: Document, created: bool) -> None:
    object.__setattr__(document, "_stored", True)
    if document.shard_key:
        document._keep_write_filter()
    if after_save.receivers:
        after_save.send(type(document), document=document, created=created)


def _gone(
    collection: Stored,
    items: list[_Item],
    refused: dict[int, dict[str, Any]],
    stopped: int,
    matched: int,
) -> dict[int, dict[str, Any]]:
    """The stored documents (by ``id()``) whose replace matched nothing:
    deleted by another client meanwhile, so nothing was written for them.
    Looked up with one query, only when fewer replaces matched than were
    sent (an upsert that matched counts too, so then they are looked up)."""
    sent = [
        item
        for index, item in enumerate(items)
        if index not in refused and index < stopped
    ]
    replaced = [document for document, _, _, replaces in sent if replaces]
    upserts = any(not replaces and not made_id for _, _, made_id, replaces in sent)
    if not replaced or (matched >= len(replaced) and not upserts):
        return {}
    ids = [document["_id"] for document in replaced]
    cursor = collection.find(
        {"_id": {"$in": ids}}, {"_id": 1}, **session_options(collection)
    )
    found = {raw["_id"] for raw in cursor}
    return {
        id(document): {
            "code": None,
            "message": f"{document['_id']!r} is no longer in"
            f" {collection.full_name} (deleted by another client); it was not"
            " recreated",
        }
        for document in replaced
        if document["_id"] not in found
    }
