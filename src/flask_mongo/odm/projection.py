"""What a query's ``fields(...)`` projection loaded of each document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


class Projection:
    """What a ``fields(...)`` query loaded of each document.

    ``keys``: the top-level stored keys loaded at all (None: every key);
    ``partial``: keys loaded only in part (``fields(Book.author.name)``), whose
    in-place changes cannot be saved without dropping the rest.
    """

    __slots__ = ("keys", "partial")

    def __init__(
        self, keys: frozenset[str] | None, partial: frozenset[str] = frozenset()
    ) -> None:
        self.keys = keys
        self.partial = partial

    def __contains__(self, key: object) -> bool:
        return self.keys is None or key in self.keys

    @classmethod
    def of(cls, fields: Iterable[Any]) -> Projection:
        """The projection loading ``fields`` (paths, fields or query fields)."""
        whole: set[str] = {"_id"}
        parts: set[str] = set()
        for field in fields:
            path = field if isinstance(field, str) else str(field)
            top, dot, _rest = path.partition(".")
            (parts if dot else whole).add(top)
        return cls(frozenset(whole | parts), frozenset(parts - whole))

    def __repr__(self) -> str:
        return f"Projection(keys={self.keys!r}, partial={self.partial!r})"
