"""What ``save()`` and ``remove()`` send for a typed document.

An insert the first time; afterwards an update of what changed (see
:mod:`.changes`), filtered by ``_id`` and the class's shard key
(``config_shard_key``), never an upsert. For a
``config_versioned`` class the filter also holds the version the document
was loaded at and the update stores the next one (the rule is
:mod:`flask_mongo.core.writes`'s), so a copy another writer saved since it
was loaded raises :class:`~flask_mongo.errors.StaleDocument`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.results import DeleteResult, UpdateResult

from ..core.values import MISSING
from ..core.writes import (
    VERSION_KEY,
    check_still_stored,
    check_version,
    next_version,
)
from .changes import changes

if TYPE_CHECKING:
    from .document import Document

__all__ = ["check_written", "delete", "insert", "update", "versioned_filter"]

Stored = Collection[dict[str, Any]]


def insert(doc: Document, collection: Stored, session: ClientSession | None) -> None:
    """Insert a new document (version 1 for a versioned class)."""
    data = doc.wrap()
    if type(doc).config_versioned:
        data[VERSION_KEY] = 1
    collection.insert_one(data, session=session)
    doc._inserted(data)


def update(doc: Document, collection: Stored, session: ClientSession | None) -> None:
    """Write what changed in a stored document (nothing, if nothing did).

    :raises DocumentNotFound: the document is no longer stored.
    :raises StaleDocument: a versioned document was saved by another writer.
    """
    ops, baselines = changes(doc)
    if ops:
        key = doc._data["_id"]
        changed = [path for fields in ops.values() for path in fields]
        if type(doc).config_versioned:
            where = versioned_filter(doc, ops, baselines, changed)
            result = collection.update_one(where, ops, session=session)
            check_written(doc, result, where, collection, session)
        else:
            where = doc._write_filter(changed)
            result = collection.update_one(where, ops, session=session)
            check_still_stored(result, type(doc).__name__, key, collection)
    doc._updated(baselines)


def delete(doc: Document, collection: Stored, session: ClientSession | None) -> None:
    """Delete a stored document (a versioned one only at the version loaded).

    :raises StaleDocument: a versioned document was saved by another writer.
    """
    # An unsaved shard-key change would aim the delete elsewhere.
    pending = changes(doc)[0] if type(doc).config_shard_key else {}
    changed = [path for fields in pending.values() for path in fields]
    if type(doc).config_versioned:
        version = doc._data.get(VERSION_KEY, MISSING)
        where = doc._write_filter(changed, version)
        result = collection.delete_one(where, session=session)
        check_written(doc, result, where, collection, session, removing=True)
    else:
        collection.delete_one(doc._write_filter(changed), session=session)


def versioned_filter(
    doc: Document,
    ops: dict[str, dict[str, Any]],
    baselines: dict[str, Any],
    changed: list[str] | None = None,
) -> dict[str, Any]:
    """The filter of an update of the stored, versioned ``doc``: its
    ``_id`` (and shard key) at the version loaded. The next version is
    added to ``ops`` and to ``baselines`` (what the document holds once
    written).

    :param changed: the stored paths the update sets (shard-key ones are
        refused).
    """
    version = doc._data.get(VERSION_KEY, MISSING)
    where = doc._write_filter(changed, version)
    new = next_version(version, type(doc).__name__)
    ops.setdefault("$set", {})[VERSION_KEY] = new
    baselines[VERSION_KEY] = new
    return where


def check_written(
    doc: Document,
    result: UpdateResult | DeleteResult,
    where: Mapping[str, Any],
    collection: Stored,
    session: ClientSession | None,
    removing: bool = False,
) -> None:
    """Raise when a versioned write filtered by ``where`` matched nothing
    (see :func:`flask_mongo.core.writes.check_version`)."""
    check_version(
        result,
        type(doc).__name__,
        where["_id"],
        where[VERSION_KEY],
        collection,
        session,
        removing=removing,
    )
