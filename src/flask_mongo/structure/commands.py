"""PyMongo 3 commands the legacy collections and bound classes share, done
with PyMongo 4 calls: ``find_and_modify`` and a random document."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pymongo import ReturnDocument
from pymongo.collection import Collection

from .sanitize import sanitize
from .transactions import session_options

__all__ = ["LegacySort", "find_and_modify", "has_operators", "sample_one"]

Raw = dict[str, Any]

#: A ``find_and_modify`` sort: a key, ``(key, direction)`` pairs, or a mapping.
LegacySort = str | Mapping[str, Any] | Sequence[tuple[str, Any]]


def find_and_modify(
    collection: Collection[Raw],
    query: Mapping[str, Any] | None = None,
    update: Mapping[str, Any] | None = None,
    upsert: bool = False,
    sort: LegacySort | None = None,
    full_response: bool = False,
    manipulate: bool = False,
    *,
    new: bool = False,
    fields: Mapping[str, Any] | Iterable[str] | None = None,
    remove: bool = False,
    **kwargs: Any,
) -> Raw | None:
    """PyMongo 3's ``find_and_modify`` on PyMongo 4.

    Modify (update operators), replace (a plain document) or, with
    ``remove``, delete the first document matching ``query`` in ``sort``
    order, and return it as it was before (or after, with ``new``).

    :param fields: a projection for the returned document.
    :param full_response: return the whole ``findAndModify`` reply instead
        of the document (done with the ``findAndModify`` command).
    :param manipulate: ignored (PyMongo 3's SON manipulators are gone).
    :raises ValueError: neither ``update`` nor ``remove`` is given.
    """
    sanitize(collection, query, "find_and_modify()")
    query = dict(query or {})
    session_options(collection, kwargs)
    if update is None and not remove:
        raise ValueError("find_and_modify needs an update document or remove=True")
    if full_response:
        command: dict[str, Any] = {"findAndModify": collection.name, "query": query}
        for key, value in (
            ("update", update),
            ("sort", _sort_document(sort)),
            ("fields", fields),
        ):
            if value is not None:
                command[key] = value
        command.update(new=new, upsert=upsert, remove=remove)
        reply: Raw = collection.database.command(
            command, codec_options=collection.codec_options, **kwargs
        )
        return reply
    sort_list = list(_sort_document(sort).items()) if sort is not None else None
    if remove:
        return collection.find_one_and_delete(
            query, projection=fields, sort=sort_list, **kwargs
        )
    assert update is not None
    returned = ReturnDocument.AFTER if new else ReturnDocument.BEFORE
    method = (
        collection.find_one_and_update
        if has_operators(update)
        else collection.find_one_and_replace
    )
    return method(
        query,
        update,
        projection=fields,
        sort=sort_list,
        upsert=upsert,
        return_document=returned,
        **kwargs,
    )


def sample_one(collection: Collection[Raw]) -> Raw | None:
    """A random document of ``collection`` (``$sample``), or ``None``."""
    for raw in collection.aggregate(
        [{"$sample": {"size": 1}}], **session_options(collection)
    ):
        return raw
    return None


def has_operators(update: Mapping[str, Any]) -> bool:
    # PyMongo 3 told an update ({'$set': ...}) from a replacement document
    # by its first key.
    return bool(update) and next(iter(update)).startswith("$")


def _sort_document(sort: LegacySort | None) -> dict[str, Any]:
    if sort is None:
        return {}
    if isinstance(sort, Mapping):
        return dict(sort)
    if isinstance(sort, str):
        return {sort: 1}
    return dict(sort)
