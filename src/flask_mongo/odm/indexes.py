"""Index declarations: ``config_indexes = [Index().ascending('name').unique()]``."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING, DESCENDING, GEO2D
from pymongo.collection import Collection

from ..core.indexes import IndexSpec, create_indexes
from .paths import stored_path

if TYPE_CHECKING:
    from .document import Document


class Index:
    """A builder for one index; each method returns the index, so calls chain.

    ``drop_dups`` is accepted for compatibility but MongoDB (3.0+) ignores
    it: a unique index cannot be built over duplicates.
    """

    def __init__(self) -> None:
        # The fields as given: an Index is declared in the class body, before
        # its document class (which resolves attribute names) exists.
        self._keys: list[tuple[Any, Any]] = []
        self._document: type[Document] | None = None
        self.is_unique = False
        self.drop_dups = False
        self.expire_after: int | None = None
        self.name: str | None = None
        #: A 2d index's coordinate bounds (``min``/``max`` options).
        self.geo_bounds: dict[str, float] = {}

    @property
    def components(self) -> list[tuple[str, Any]]:
        """The index keys: ``(stored path, direction)`` pairs. Attribute
        names are translated to stored paths once the index belongs to a
        document class (see :meth:`for_document`)."""
        return [(stored_path(self._document, ref), how) for ref, how in self._keys]

    def for_document(self, document: type[Document]) -> Index:
        """This index as declared on ``document`` (a copy)."""
        bound = copy.copy(self)
        bound._keys = list(self._keys)
        bound.geo_bounds = dict(self.geo_bounds)
        bound._document = document
        return bound

    def ascending(self, field: Any) -> Index:
        """Add ``field`` in ascending order."""
        self._keys.append((field, ASCENDING))
        return self

    def descending(self, field: Any) -> Index:
        """Add ``field`` in descending order."""
        self._keys.append((field, DESCENDING))
        return self

    def geo2d(
        self, field: Any, min: float | None = None, max: float | None = None
    ) -> Index:
        """Add a 2d (flat geospatial) component on ``field``; ``min`` and
        ``max`` bound the coordinates (the server's default: -180, 180)."""
        self._keys.append((field, GEO2D))
        for option, bound in (("min", min), ("max", max)):
            if bound is not None:
                self.geo_bounds[option] = bound
        return self

    def unique(self, drop_dups: bool = False) -> Index:
        """Make the index unique."""
        self.is_unique = True
        self.drop_dups = drop_dups
        return self

    def expire(self, after: int) -> Index:
        """A TTL index: documents expire ``after`` seconds past the date in
        the (single) indexed field."""
        if isinstance(after, bool) or not isinstance(after, int) or after < 0:
            raise ValueError(f"expire() takes whole seconds >= 0, got {after!r}")
        self.expire_after = after
        return self

    def named(self, name: str) -> Index:
        """Give the index an explicit name."""
        self.name = name
        return self

    def spec(self) -> IndexSpec:
        """This index as the shared :class:`~flask_mongo.core.indexes.IndexSpec`."""
        components = self.components
        if not components:
            raise ValueError("an Index needs at least one field")
        options: dict[str, Any] = {}
        if self.is_unique:
            options["unique"] = True
        if self.expire_after is not None:
            options["expireAfterSeconds"] = self.expire_after
        if self.name:
            options["name"] = self.name
        options.update(self.geo_bounds)
        return IndexSpec(tuple(components), options)

    def ensure(self, collection: Collection[Any]) -> str:
        """Create the index on ``collection`` (a no-op when it exists)."""
        return create_indexes(collection, [self.spec()])[0]

    def __repr__(self) -> str:
        flags = " unique" if self.is_unique else ""
        flags += f" expire={self.expire_after}" if self.expire_after is not None else ""
        return f"<Index {self.components!r}{flags}>"
