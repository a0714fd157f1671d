"""Reading referenced documents without a query per read.

A reference read through ``.rel()`` is cached on the document after the
first read (until the reference changes). ``query.with_related(Book.author)``
loads the referenced documents of a whole result at once: one ``$in``
query per referenced collection, whatever the number of documents.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Self

from ..errors import BadQueryException
from .paths import QueryField

if TYPE_CHECKING:
    from .document import Document
    from .fields.references import RefBase

__all__ = [
    "QueryRelated",
    "cached_target",
    "is_cached",
    "load_related",
    "remember_target",
]

# The cache's key in a document's __dict__: {id(field): (reference, target)}.
_CACHE = "_flask_mongo_related"
_MISSING = object()


def cached_target(obj: Document, field: RefBase[Any, Any], ref: Any) -> Any:
    """The target cached on ``obj`` for ``field`` if it was read for the
    reference ``ref`` (the reference has not changed since), else a
    sentinel :func:`is_cached` tells apart."""
    cache = getattr(obj, "__dict__", {}).get(_CACHE)
    if cache is None:
        return _MISSING
    found = cache.get(id(field), _MISSING)
    if found is _MISSING or found[0] != ref:
        return _MISSING
    return found[1]


def is_cached(value: Any) -> bool:
    """Whether :func:`cached_target` found something."""
    return value is not _MISSING


def remember_target(
    obj: Document, field: RefBase[Any, Any], ref: Any, target: Any
) -> None:
    """Cache ``target`` on ``obj`` as what ``field``'s reference ``ref``
    points to (documents declaring ``__slots__`` keep no cache)."""
    namespace = getattr(obj, "__dict__", None)
    if namespace is not None:
        namespace.setdefault(_CACHE, {})[id(field)] = (ref, target)


def _stored_ref(obj: Document, field: RefBase[Any, Any]) -> Any:
    stored = field.__get__(obj, type(obj))
    return None if stored is None else field.to_mongo(stored)


def load_related(
    documents: list[Document], fields: Iterable[RefBase[Any, Any]]
) -> None:
    """Load what ``fields`` refer to for all ``documents`` (one query per
    referenced collection) and cache it on each; a missing target is
    cached as None, and reading it through a strict ``.rel()`` raises."""
    for field in fields:
        refs = [_stored_ref(doc, field) for doc in documents]
        targets = field.dereference_many(refs, allow_none=True)
        for doc, ref, target in zip(documents, refs, targets):
            if ref is not None:
                remember_target(doc, field, ref, target)


class QueryRelated:
    """Gives :class:`~flask_mongo.odm.BaseQuery` its ``with_related()``."""

    _related: tuple[RefBase[Any, Any], ...] = ()

    def with_related(self, *fields: Any) -> Self:
        """Load the documents these reference fields (or their ``.rel()``
        attributes) point to together with the results: one query per
        referenced collection, for :meth:`~flask_mongo.odm.BaseQuery.all`,
        ``first()``, pages and keyset pages; reading ``book.author`` then
        sends nothing."""
        from .fields.references import RefBase

        chosen = list(self._related)
        for item in fields:
            field = item._qfield if isinstance(item, QueryField) else item
            if not isinstance(field, RefBase):
                raise BadQueryException(
                    f"with_related() takes reference fields such as Book.author,"
                    f" got {item!r}"
                )
            chosen.append(field)
        self._related = tuple(chosen)
        return self

    def _prime(self, documents: list[Any]) -> list[Any]:
        related = self._related
        if related and documents:
            loaded = [d for d in documents if not isinstance(d, dict)]
            load_related(loaded, related)
        return documents
