"""One description of an index, one way to create indexes, one cache.

Both mappers turn their declarations (MongoAlchemy's ``Index()`` builder,
MongoKit's ``indexes`` dicts) into :class:`IndexSpec` values; indexes are
then created by :func:`create_indexes` in one ``createIndexes`` command per
collection, once per app (:class:`IndexCache`, kept in the app's state),
never before every query.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pymongo import IndexModel
from pymongo.collection import Collection

__all__ = ["IndexCache", "IndexSpec", "create_indexes"]


@dataclass(frozen=True)
class IndexSpec:
    """One index: its (stored path, direction) keys and ``create_index``
    options (``unique``, ``name``, ``expireAfterSeconds``, ...)."""

    keys: tuple[tuple[str, Any], ...]
    options: Mapping[str, Any] = field(default_factory=dict)

    def model(self) -> IndexModel:
        """The :class:`pymongo.IndexModel` of this index."""
        return IndexModel(list(self.keys), **self.options)


def create_indexes(
    collection: Collection[Any], specs: Iterable[IndexSpec], **kwargs: Any
) -> list[str]:
    """Create ``specs`` on ``collection`` in one command; returns the index
    names. Indexes that already exist with the same options are kept."""
    models = [spec.model() for spec in specs]
    if not models:
        return []
    return collection.create_indexes(models, **kwargs)


class IndexCache:
    """Which classes' indexes an app has created, so each is created once.

    Index creation never runs inside a transaction: it is not given the
    request's session.
    """

    def __init__(self) -> None:
        self._done: set[tuple[str, str, object]] = set()
        self._lock = threading.Lock()

    def ensure(
        self, collection: Collection[Any], owner: object, specs: Iterable[IndexSpec]
    ) -> bool:
        """Create ``owner``'s ``specs`` on ``collection`` unless this cache
        already did; True when they were created now."""
        key = (collection.database.name, collection.name, owner)
        if key in self._done:
            return False
        specs = tuple(specs)
        if specs:
            create_indexes(collection, specs)
        with self._lock:
            self._done.add(key)
        return True

    def forget(self) -> None:
        """Forget every creation (the app's client was closed)."""
        with self._lock:
            self._done.clear()
