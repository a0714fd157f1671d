"""What a query's ``fields(...)`` projection loaded of each document."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document


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

    @classmethod
    def loaded_by(
        cls, document: type[Document], projection: dict[str, int]
    ) -> Projection | None:
        """What the stored-path projection ``projection`` loads of a
        ``document`` (None: everything), for ``FieldNotRetrieved`` and for
        refusing to save fields that were loaded only in part."""
        included = [path for path, flag in projection.items() if flag]
        if included:
            return cls.of(included)
        # Only exclusions: everything declared (by the class or a polymorphic
        # subclass it may load as) except the excluded top-level keys, so that
        # an excluded field reads as "not retrieved", not as missing or its
        # default.
        excluded = {path for path in projection if "." not in path}
        partial = frozenset(p.split(".", 1)[0] for p in projection if "." in p)
        if not excluded and not partial:
            return None
        if not excluded:
            return cls(None, partial)
        keys = set(document._db_fields)
        if document._polymorphism is not None:
            for sub in document._polymorphism.subclasses(document):
                keys.update(sub._db_fields)
        return cls(frozenset(keys - excluded), partial)

    def __repr__(self) -> str:
        return f"Projection(keys={self.keys!r}, partial={self.partial!r})"
