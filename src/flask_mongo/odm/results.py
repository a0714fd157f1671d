"""The results of a query as it is iterated (MongoAlchemy's ``QueryResult``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pymongo.cursor import Cursor

if TYPE_CHECKING:
    from .document import Document

__all__ = ["QueryResult", "loaded_list"]

D = TypeVar("D", bound="Document")


class QueryResult(Generic[D]):
    """The results of a query, read as they are iterated (MongoAlchemy's
    ``QueryResult``): ``next()``, ``rewind()`` to start again, ``clone()``
    for an independent iterator from the start, ``count()``."""

    __slots__ = ("_count", "_load", "cursor")

    def __init__(
        self,
        cursor: Cursor[dict[str, Any]],
        load: Callable[[dict[str, Any]], Any] | None,
        count: Callable[[bool], int],
    ) -> None:
        self.cursor = cursor
        self._load = load
        self._count = count

    def __iter__(self) -> QueryResult[D]:
        return self

    def __next__(self) -> D:
        raw = next(self.cursor)
        load = self._load
        return raw if load is None else load(raw)  # type: ignore[return-value]

    next = __next__

    def rewind(self) -> QueryResult[D]:
        """Start again from the first result."""
        self.cursor.rewind()
        return self

    def clone(self) -> QueryResult[D]:
        """A new iterator over the same results, from the first."""
        return QueryResult(self.cursor.clone(), self._load, self._count)

    def count(self, with_limit_and_skip: bool = False) -> int:
        """How many documents the query matches (ignoring its limit and
        skip unless asked)."""
        return self._count(with_limit_and_skip)

    def close(self) -> None:
        """Release the server cursor."""
        self.cursor.close()


def loaded_list(
    cursor: Cursor[dict[str, Any]], load: Callable[[dict[str, Any]], Any] | None
) -> list[Any]:
    """Every result of ``cursor``, each loaded by ``load`` (None: the raw
    dicts), read a whole batch at a time where PyMongo can (4.9's
    ``Cursor.to_list``) rather than one ``next()`` per document."""
    to_list = getattr(cursor, "to_list", None)
    raws: list[dict[str, Any]] = to_list() if to_list is not None else list(cursor)
    return raws if load is None else list(map(load, raws))
