"""Aggregation after a query: the query's filter, sort, skip and limit
become the pipeline's first stages, so ``query.aggregate(pipeline)`` works
on exactly the documents the query would return."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pymongo.client_session import ClientSession
from pymongo.collection import Collection

from ..errors import BadQueryException
from .find import FindSpec

__all__ = ["aggregate_after", "count_by_pipeline", "query_stages"]

Raw = dict[str, Any]


def query_stages(spec: FindSpec) -> list[Raw]:
    """``$match``, ``$sort``, ``$skip`` and ``$limit`` stages for what the
    find ``spec`` selects (each only when the query sets it)."""
    stages: list[Raw] = []
    if spec.filter:
        stages.append({"$match": dict(spec.filter)})
    if spec.sort:
        stages.append({"$sort": dict(spec.sort)})
    if spec.skip:
        stages.append({"$skip": spec.skip})
    if spec.limit:
        stages.append({"$limit": abs(spec.limit)})
    return stages


def aggregate_after(
    collection: Collection[Raw],
    spec: FindSpec,
    pipeline: Sequence[Mapping[str, Any]],
    session: ClientSession | None = None,
    **options: Any,
) -> list[Raw]:
    """Run ``pipeline`` on the documents ``spec`` selects, with its read
    preference, read concern, time limit, comment and collation; the
    results as dicts.

    :param options: further ``aggregate`` options (``allowDiskUse=True``,
        ``let={...}``, ``batchSize=...``).
    :raises BadQueryException: ``pipeline`` is not a list of stage dicts.
    """
    if isinstance(pipeline, Mapping | str | bytes) or not all(
        isinstance(stage, Mapping) for stage in pipeline
    ):
        raise BadQueryException(
            f"aggregate() takes a list of stages such as [{{'$group': ...}}],"
            f" got {pipeline!r}"
        )
    stages = [*query_stages(spec), *(dict(stage) for stage in pipeline)]
    arguments = {**spec.read.command_arguments(), **options}
    routed = spec.read.collection(collection)
    return list(routed.aggregate(stages, session=session, **arguments))


def count_by_pipeline(path: str, unwind: bool = False) -> list[Raw]:
    """The stages counting documents by the value at ``path``, most
    frequent first (ties by value); ``unwind`` counts a list's elements."""
    stages: list[Raw] = [{"$unwind": f"${path}"}] if unwind else []
    stages += [
        {"$group": {"_id": f"${path}", "count": {"$sum": 1}}},
        {"$sort": {"count": -1, "_id": 1}},
    ]
    return stages
