"""The ``indexes`` declaration of a document class, made into ``create_index``
calls.

Each entry is a dict::

    indexes = [
        {"fields": "title", "unique": True},
        {"fields": ["author", "created"]},                 # ascending
        {"fields": [("created", INDEX_DESCENDING)], "expireAfterSeconds": 3600},
        {"fields": ["meta.anything"], "check": False},     # not in structure
    ]

``fields`` (required) is a field name, a ``(name, direction)`` pair, a list
of names, or a list of pairs. ``unique`` makes a unique index. ``check``
(default True) makes a field missing from the structure an error when the
class is defined. ``dropDups`` (gone since MongoDB 3.0) is dropped.
``ttl`` is accepted and ignored: in MongoKit it was the driver-side cache
window of ``ensure_index``, which PyMongo 4 no longer has
(``create_index`` is idempotent); for documents that expire, use MongoDB's
``expireAfterSeconds``. Every other key (``name``, ``sparse``,
``expireAfterSeconds``, ``partialFilterExpression``...) goes to
:meth:`~pymongo.collection.Collection.create_index` as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pymongo import ASCENDING, DESCENDING, GEO2D, GEOSPHERE, HASHED, TEXT

from ..core.indexes import IndexSpec
from .exceptions import BadIndexError, UndeclaredIndexFieldError, mongokit_worded

# The public names: the directions an ``indexes`` entry may give. The rest
# is used inside the package (the indexes are created by core.indexes).
__all__ = [
    "INDEX_ASCENDING",
    "INDEX_DESCENDING",
    "INDEX_GEO2D",
    "INDEX_GEOSPHERE",
    "INDEX_HASHED",
    "INDEX_TEXT",
]

INDEX_ASCENDING = ASCENDING
INDEX_DESCENDING = DESCENDING
INDEX_GEO2D = GEO2D
INDEX_GEOSPHERE = GEOSPHERE
INDEX_HASHED = HASHED
INDEX_TEXT = TEXT
_DIRECTIONS = (ASCENDING, DESCENDING, GEO2D, GEOSPHERE, HASHED, TEXT)


def parse_indexes(
    indexes: Iterable[Any], namespaces: Iterable[str], owner: str
) -> tuple[IndexSpec, ...]:
    """Check the ``indexes`` entries of ``owner``.

    :raises BadIndexError: an entry is not a dict, has no ``fields``, names a
        field outside the structure (unless ``check`` is false) or uses an
        unknown direction.
    """
    known = set(namespaces)
    parsed = []
    for entry in indexes:
        if not isinstance(entry, dict) or "fields" not in entry:
            raise BadIndexError(
                f"{owner}.indexes: each entry must be a dict with a 'fields' key,"
                f" got {entry!r}"
            )
        options = dict(entry)
        fields = options.pop("fields")
        check = options.pop("check", True)
        options.pop("ttl", None)  # MongoKit's ensure_index cache window
        for gone in ("dropDups", "drop_dups"):  # removed in MongoDB 3.0
            options.pop(gone, None)
        if isinstance(fields, str) or _is_pair(fields):
            fields = [fields]
        keys: list[tuple[str, Any]] = []
        for item in fields:
            name, direction = (item, ASCENDING) if isinstance(item, str) else item
            if direction not in _DIRECTIONS:
                raise BadIndexError(
                    f"{owner}.indexes: {direction!r} is not an index direction for"
                    f" {name!r}; use INDEX_ASCENDING, INDEX_DESCENDING, INDEX_GEO2D,"
                    " INDEX_GEOSPHERE, INDEX_HASHED or INDEX_TEXT"
                )
            if check and name not in known:
                error = UndeclaredIndexFieldError(
                    f"{owner}.indexes: {name!r} is not in the structure; fix the"
                    " name, or add 'check': False to the entry",
                    name,
                )
                legacy = f"Error in indexes: can't find {name} in structure"
                raise mongokit_worded(error, legacy)
            keys.append((name, direction))
        if not keys:
            raise BadIndexError(f"{owner}.indexes: an entry has no fields")
        parsed.append(IndexSpec(tuple(keys), options))
    return tuple(parsed)


def _is_pair(fields: Any) -> bool:
    # ('name', INDEX_DESCENDING): one field and its direction (MongoKit read
    # a tuple so); a list holds several fields.
    return isinstance(fields, tuple) and len(fields) == 2 and isinstance(fields[0], str)
