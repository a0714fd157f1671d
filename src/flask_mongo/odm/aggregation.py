"""``query.aggregate(pipeline)`` and ``query.count_by(field)`` for typed
queries (the rule itself is :mod:`flask_mongo.core.aggregation`'s)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo.collection import Collection

from ..core.aggregation import aggregate_after, count_by_pipeline
from ..core.find import FindSpec
from ..core.transactions import session_for

__all__ = ["QueryAggregation"]

Raw = dict[str, Any]


class QueryAggregation:
    """Gives :class:`~flask_mongo.odm.BaseQuery` its aggregation methods."""

    def _path(self, field: Any) -> str:
        raise NotImplementedError

    def find_spec(self) -> FindSpec:
        raise NotImplementedError

    def _collection(self) -> Collection[Raw]:
        raise NotImplementedError

    def aggregate(
        self, pipeline: Sequence[Mapping[str, Any]], **options: Any
    ) -> list[Raw]:
        """Run ``pipeline`` on this query's documents: its filter, sort,
        skip and limit come first (as ``$match``, ``$sort``, ``$skip``,
        ``$limit``), with its session, collation, read preference and
        concern; results are dicts. Stages name stored keys (``"$year"``).

        :param options: further ``aggregate`` options (``allowDiskUse=True``).
        """
        collection = self._collection()
        session = session_for(collection.database.client)
        return aggregate_after(
            collection, self.find_spec(), pipeline, session, **options
        )

    def count_by(self, field: Any, *, unwind: bool = False) -> dict[Any, int]:
        """How many matching documents hold each value of ``field``, most
        frequent first: ``{"Fiction": 3, "Poetry": 1, None: 2}`` (a missing
        value counts as None). For a list field, ``unwind=True`` counts its
        elements (a list is not a dict key)."""
        path = self._path(field)
        rows = self.aggregate(count_by_pipeline(path, unwind))
        return {row["_id"]: row["count"] for row in rows}
