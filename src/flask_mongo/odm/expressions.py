"""Query expressions: plain MongoDB filter dicts with ``&``, ``|`` and ``~``.

``(Book.year > 2000)`` *is* the dict ``{'year': {'$gt': 2000}}``; it prints
as one and compares equal to one, and can be passed to PyMongo as is::

    >>> (Book.year > 2000) & (Book.title == 'X')
    {'year': {'$gt': 2000}, 'title': 'X'}
    >>> (Book.year < 1990) | (Book.year > 2010)
    {'$or': [{'year': {'$lt': 1990}}, {'year': {'$gt': 2010}}]}
"""

from __future__ import annotations

from typing import Any

from ..core.values import MISSING


class QueryExpression(dict[str, Any]):
    """A MongoDB filter document that combines with ``&``, ``|`` and ``~``."""

    __slots__ = ()

    def __and__(self, other: dict[str, Any]) -> QueryExpression:
        if not isinstance(other, dict):
            return NotImplemented
        if not self:
            return QueryExpression(other)
        if not other:
            return QueryExpression(self)
        if self.keys().isdisjoint(other.keys()):
            return QueryExpression({**self, **other})
        # Same field on both sides: merge operator dicts when their operators
        # differ ({'$gt': 1} & {'$lt': 5}); otherwise keep both with $and.
        merged = QueryExpression(self)
        for key, value in other.items():
            mine = merged.get(key, MISSING)
            if (
                mine is not MISSING
                and _is_operator_dict(mine)
                and _is_operator_dict(value)
                and mine.keys().isdisjoint(value.keys())
            ):
                merged[key] = {**mine, **value}
            elif mine is MISSING:
                merged[key] = value
            else:
                return QueryExpression({"$and": [*_and_terms(self), dict(other)]})
        return merged

    def __or__(self, other: dict[str, Any]) -> QueryExpression:  # type: ignore[override]
        if not isinstance(other, dict):
            return NotImplemented
        return QueryExpression({"$or": [*_or_terms(self), *_or_terms(other)]})

    def __invert__(self) -> QueryExpression:
        if len(self) == 1:
            ((key, value),) = self.items()
            if not key.startswith("$"):
                if _is_operator_dict(value):
                    if set(value) <= _NOT_ABLE:
                        return QueryExpression({key: {"$not": value}})
                    if set(value) == {"$not"}:
                        return QueryExpression({key: value["$not"]})
                else:
                    return QueryExpression({key: {"$ne": value}})
            elif key == "$nor" and len(value) == 1:
                inner: dict[str, Any] = value[0]
                return QueryExpression(inner)
        return QueryExpression({"$nor": [dict(self)]})

    def __repr__(self) -> str:
        return dict.__repr__(self)

    # dict's own | and |= mean "merge"; here | means "or", so the in-place
    # spellings must not silently fall back to dict.__ior__.
    def __ior__(self, other: Any) -> QueryExpression:  # type: ignore[override,misc]
        result: QueryExpression = self | other
        return result

    def __iand__(self, other: dict[str, Any]) -> QueryExpression:
        return self & other


# Operators that $not may wrap (it takes an operator expression or a regex).
_NOT_ABLE = {
    "$gt", "$gte", "$lt", "$lte", "$eq", "$ne", "$in", "$nin", "$exists",
    "$regex", "$options", "$elemMatch", "$size", "$all", "$type", "$mod",
    "$geoWithin", "$geoIntersects", "$near", "$nearSphere", "$within",
}  # fmt: skip


def _is_operator_dict(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and k.startswith("$") for k in value)
    )


def _or_terms(expression: dict[str, Any]) -> list[dict[str, Any]]:
    if list(expression) == ["$or"]:
        return [dict(term) for term in expression["$or"]]
    return [dict(expression)]


def _and_terms(expression: dict[str, Any]) -> list[dict[str, Any]]:
    if list(expression) == ["$and"]:
        return [dict(term) for term in expression["$and"]]
    return [dict(expression)]


def and_(*expressions: dict[str, Any]) -> QueryExpression:
    """All of ``expressions`` (``&`` over the list)."""
    result = QueryExpression()
    for expression in expressions:
        result = result & expression
    return result


def or_(*expressions: dict[str, Any]) -> QueryExpression:
    """Any of ``expressions``."""
    if not expressions:
        raise ValueError("or_() needs at least one expression")
    result = QueryExpression(expressions[0])
    for expression in expressions[1:]:
        result = result | expression
    return result


def not_(expression: dict[str, Any]) -> QueryExpression:
    """The negation of ``expression`` (same as ``~``)."""
    return ~QueryExpression(expression)
