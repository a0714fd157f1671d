"""Write rules both mappers keep.

A saved document is updated by its ``_id`` (and, on a sharded collection,
its shard key: :func:`single_document_filter`), never upserted, so a
removed one is never recreated (:func:`check_still_stored`); a stored
shard-key value never changes (:func:`check_shard_key_kept`).

Optimistic concurrency, for the classes that opt in (``config_versioned``
on a typed class, ``use_optimistic_locking`` on a dict document): a stored
document keeps a version under :data:`VERSION_KEY`, 1 when inserted. Each
save or remove filters on the version the document was loaded at
(:func:`version_filter`) and a save stores the next one
(:func:`next_version`); a write that matched nothing while the document is
still stored raises :class:`~flask_mongo.errors.StaleDocument`
(:func:`check_version`), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.results import DeleteResult, UpdateResult

from ..errors import (
    BadQueryException,
    BadValueException,
    DocumentNotFound,
    ShardKeyChangeError,
    StaleDocument,
)
from .values import MISSING

__all__ = [
    "NOT_VERSIONED",
    "VERSION_KEY",
    "check_filter_names_shard_key",
    "check_shard_key_kept",
    "check_still_stored",
    "check_version",
    "next_version",
    "single_document_filter",
    "version_filter",
]

#: The stored key holding a versioned document's version (both mappers).
VERSION_KEY: Final = "_version"
#: ``single_document_filter(version=...)`` of an unversioned class.
NOT_VERSIONED: Final = object()


def _gone(what: str, id: object, collection: Collection[Any]) -> DocumentNotFound:
    return DocumentNotFound(
        f"{what} {id!r} is no longer in {collection.full_name} (removed here"
        " or by another client); nothing was written, since save() never"
        " recreates a removed document"
    )


def _stored_value(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def single_document_filter(
    id: object,
    shard_key: Sequence[str] = (),
    stored: Mapping[str, Any] | None = None,
    *,
    version: object = NOT_VERSIONED,
) -> dict[str, Any]:
    """The filter of a write to one stored document: its ``_id`` and, on
    a sharded collection, its shard-key values (so mongos routes the write
    to one shard).

    :param shard_key: the stored paths of the class's shard key.
    :param stored: the document as stored (the shard-key values are read
        from it; a missing one is sent as null, as the server keys it).
    :param version: for a versioned class, the version the document was
        loaded at (``None`` or ``MISSING``: stored without one).
    """
    query: dict[str, Any] = {"_id": id}
    for path in shard_key:
        if path != "_id":
            query[path] = _stored_value(stored or {}, path)
    if version is not NOT_VERSIONED:
        query[VERSION_KEY] = None if version is MISSING else version
    return query


def check_shard_key_kept(
    shard_key: Sequence[str], changed: Iterable[str], what: str
) -> None:
    """Raise :class:`ShardKeyChangeError` when one of the ``changed``
    stored paths is, holds or is inside a shard-key path."""
    for path in changed:
        for key in shard_key:
            if path == key or key.startswith(f"{path}.") or path.startswith(f"{key}."):
                raise ShardKeyChangeError(
                    f"{what}: {key!r} is part of the shard key, and a saved"
                    f" document's shard key cannot change; remove the document"
                    f" and save a new one with the new value"
                )


def _pinned(query: Mapping[str, Any], path: str) -> bool:
    """Whether ``query`` holds ``path`` as an equality (``"acme"``,
    ``{"$eq": "acme"}``, an embedded document), not a range or ``$in``."""
    value = query.get(path, MISSING)
    if value is MISSING:
        return False
    if isinstance(value, Mapping) and any(str(k).startswith("$") for k in value):
        return set(value) == {"$eq"}
    return True


def check_filter_names_shard_key(
    query: Mapping[str, Any],
    shard_key: Sequence[str],
    what: str,
    *,
    upsert: bool = False,
) -> None:
    """Raise :class:`BadQueryException` when mongos could not route a
    write to one document (an ``update_one``, a find-and-modify) by its
    filter: the filter must hold every shard-key path as an equality, or
    (without an upsert) the ``_id`` — as :func:`single_document_filter`
    gives a document's own writes."""
    if not shard_key or (not upsert and _pinned(query, "_id")):
        return
    for path in shard_key:
        if not _pinned(query, path):
            raise BadQueryException(
                f"{what}: a write to one document of a sharded collection"
                f" filters on its shard key ({', '.join(map(repr, shard_key))})"
                + ("" if upsert else " or its _id")
                + f"; add an equality on {path!r} to the filter (an update"
                f" of every match, multi(), needs none)"
            )


def check_still_stored(
    result: UpdateResult, what: str, id: object, collection: Collection[Any]
) -> None:
    """Raise :class:`DocumentNotFound` when an acknowledged update or
    replace of the stored document ``id`` matched nothing: it was removed,
    here or by another client, and nothing was written.

    :param what: the document's class name, for the message.
    """
    if result.acknowledged and not result.matched_count:
        raise _gone(what, id, collection)


def version_filter(id: object, version: object) -> dict[str, Any]:
    """The filter of a versioned write: the document ``id`` at the
    ``version`` it was loaded at. ``None`` or ``MISSING`` (a document stored
    before its class was versioned) match a document without a version."""
    return single_document_filter(id, version=version)


def next_version(version: object, what: str) -> int:
    """The version a save of a document loaded at ``version`` stores: one
    more, or 1 for a document stored without a version.

    :raises BadValueException: the stored version is not an int (something
        other than this library wrote it); nothing is written.
    """
    if version is None or version is MISSING:
        return 1
    if type(version) is not int:
        raise BadValueException(
            f"{what}.{VERSION_KEY}",
            version,
            "a stored version must be an int; something else wrote this"
            " key; set it to an int (or unset it) in the database",
        )
    return version + 1


def check_version(
    result: UpdateResult | DeleteResult,
    what: str,
    id: object,
    version: object,
    collection: Collection[Any],
    session: ClientSession | None,
    *,
    removing: bool = False,
) -> None:
    """After a versioned write of the document ``id`` loaded at ``version``:
    nothing to do when it matched; else raise :class:`StaleDocument` when
    the document is still stored (another writer saved it since it was
    loaded), or :class:`DocumentNotFound` when it is gone (a remove of a
    gone document is done already: ``removing`` says so). Unacknowledged
    writes (``w=0``) cannot be checked.

    :param what: the document's class name, for the message.
    :param session: the session of the write (the check reads in it).
    """
    if not result.acknowledged:
        return
    if isinstance(result, DeleteResult):
        if result.deleted_count:
            return
    elif result.matched_count:
        return
    found = collection.find_one({"_id": id}, {VERSION_KEY: 1}, session=session)
    if found is None:
        if removing:
            return
        raise _gone(what, id, collection)
    stored = found.get(VERSION_KEY)
    expected = None if version is MISSING else version
    action = "removed" if removing else "written"
    raise StaleDocument(
        f"{what} {id!r} in {collection.full_name} was saved by another writer"
        f" since it was loaded (version {expected!r} loaded, {stored!r} stored);"
        f" nothing was {action}: reload it and apply the change again, or"
        " answer 409 Conflict",
        document_id=id,
        expected=expected,
        stored=stored,
    )
