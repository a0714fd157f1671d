"""``query[i]`` and ``query[a:b]``: one document, or a list of them, by
position in the results (a skip and a limit on a copy of the query)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from ..errors import BadQueryException

if TYPE_CHECKING:
    from .document import Document
    from .query import BaseQuery

__all__ = ["item_at"]

D = TypeVar("D", bound="Document")


def item_at(query: BaseQuery[D], index: int | slice) -> D | list[D]:
    """``query[index]``: the document at a position (an int >= 0), or the
    list of those in a slice (positions count within the query's own skip
    and limit).

    :raises BadQueryException: a negative position, a slice with a step,
        or an index that is not an int.
    :raises IndexError: no document at that position.
    """
    other = query.clone()
    if isinstance(index, slice):
        if index.step not in (None, 1):
            raise BadQueryException("query slices cannot have a step")
        start, stop = index.start or 0, index.stop
        if start < 0 or (stop is not None and stop < 0):
            raise BadQueryException("query slices cannot be negative")
        other._skip = query._skip + start
        if query._limit:
            # Positions count within the query's own limit.
            stop = query._limit if stop is None else min(stop, query._limit)
        if stop is not None:
            if stop <= start:
                return []
            other._limit = stop - start
        return other.all()
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise BadQueryException(f"a query index must be an int >= 0, got {index!r}")
    other._skip = query._skip + index
    other._limit = 1
    if query._limit and index >= query._limit:
        raise IndexError(f"index {index} is beyond the query's limit({query._limit})")
    for found in other:
        return found
    raise IndexError(f"no {query.type.__name__} at index {index}")
