"""What a dict document's ``save()`` and ``delete()`` send.

A new document is inserted; a stored one is replaced, filtered by its
``_id`` (and the class's ``shard_key``), and never recreated once
deleted. With ``use_optimistic_locking`` the filter also holds the
version the document was loaded at (the rule is
:mod:`flask_mongo.core.writes`'s), so a copy another writer saved since
it was loaded raises :class:`~flask_mongo.errors.StaleDocument`.
"""

from __future__ import annotations

import uuid as _uuid
from typing import TYPE_CHECKING, Any

from bson import ObjectId
from pymongo.collection import Collection

from ..core.values import MISSING, check_depth
from ..core.writes import (
    NOT_VERSIONED,
    VERSION_KEY,
    check_still_stored,
    check_version,
)
from .exceptions import ValidationError
from .transactions import session_options

if TYPE_CHECKING:
    from .document import Document

__all__ = ["check_before_writing", "delete", "write"]

Stored = Collection[dict[str, Any]]


def check_before_writing(doc: Document, validate: bool | None) -> None:
    """Validate ``doc`` as ``save(validate=...)`` asks; without validation,
    still refuse a value nested deeper than MongoDB stores.

    :raises SchemaDocumentError: the document is invalid.
    :raises BadValueException: the document is nested too deeply.
    """
    if validate is True or (validate is None and not doc.skip_validation):
        doc.validate()
        if doc.validation_errors:
            found = [e for errors in doc.validation_errors.values() for e in errors]
            raise ValidationError(
                f"{type(doc).__name__} was not saved: {len(found)} validation"
                f" error(s): " + "; ".join(str(e) for e in found)
            )
    else:  # validation checks the depth too
        check_depth(doc, type(doc).__name__)


def write(
    doc: Document, collection: Stored, version: Any, uuid: bool, kwargs: dict[str, Any]
) -> None:
    """Insert ``doc`` (no ``_id`` yet: one is made) or replace the stored one.

    :param version: the version ``doc`` was loaded at (``MISSING``: none).
    :param kwargs: passed on to ``insert_one`` / ``replace_one``.
    """
    name = type(doc).__name__
    new = doc.get("_id") is None
    if new:
        doc["_id"] = f"{name}-{_uuid.uuid4()}" if uuid else ObjectId()
    try:
        if new:
            collection.insert_one(doc.to_bson(), **kwargs)
            return
        key = doc["_id"]
        locking = doc.use_optimistic_locking
        where = doc._filter_for_write(version if locking else NOT_VERSIONED)
        result = collection.replace_one(
            where, doc.to_bson(), upsert=not doc._stored, **kwargs
        )
        if not doc._stored:
            return
        if locking:
            session = kwargs.get("session")
            check_version(result, name, key, version, collection, session)
        else:
            check_still_stored(result, name, key, collection)
    except BaseException:
        if new:  # a retry must not find a made-up _id
            del doc["_id"]
        raise


def delete(doc: Document, collection: Stored) -> None:
    """Delete the stored ``doc`` (with ``use_optimistic_locking``, only at
    the version it was loaded at)."""
    options = session_options(collection)
    key = doc["_id"]
    if not doc.use_optimistic_locking:
        collection.delete_one(doc._filter_for_write(deleting=True), **options)
        return
    version = doc.get(VERSION_KEY, MISSING)
    where = doc._filter_for_write(version, deleting=True)
    result = collection.delete_one(where, **options)
    check_version(
        result,
        type(doc).__name__,
        key,
        version,
        collection,
        options.get("session"),
        removing=True,
    )
