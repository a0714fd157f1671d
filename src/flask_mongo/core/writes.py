"""Write rules both mappers keep: a saved document is updated by its
``_id`` (and its shard key), never upserted, so a removed one is never
recreated; a stored shard-key value is never changed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo.collection import Collection
from pymongo.results import UpdateResult

from ..errors import DocumentNotFound, ShardKeyChangeError

__all__ = [
    "check_shard_key_kept",
    "check_still_stored",
    "single_document_filter",
]


def _stored_value(document: Mapping[str, Any], path: str) -> Any:
    value: Any = document
    for part in path.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def single_document_filter(
    id: object,
    shard_key: Sequence[str] = (),
    stored: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The filter of a write to one stored document: its ``_id`` and, on
    a sharded collection, its shard-key values (so mongos routes the write
    to one shard).

    :param shard_key: the stored paths of the class's shard key.
    :param stored: the document as stored (the shard-key values are read
        from it; a missing one is sent as null, as the server keys it).
    """
    query: dict[str, Any] = {"_id": id}
    for path in shard_key:
        if path != "_id":
            query[path] = _stored_value(stored or {}, path)
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


def check_still_stored(
    result: UpdateResult, what: str, id: object, collection: Collection[Any]
) -> None:
    """Raise :class:`DocumentNotFound` when an acknowledged update or
    replace of the stored document ``id`` matched nothing: it was removed,
    here or by another client, and nothing was written.

    :param what: the document's class name, for the message.
    """
    if result.acknowledged and not result.matched_count:
        raise DocumentNotFound(
            f"{what} {id!r} is no longer in {collection.full_name} (removed here"
            " or by another client); nothing was written, since save() never"
            " recreates a removed document"
        )
