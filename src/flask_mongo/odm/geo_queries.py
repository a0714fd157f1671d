"""The geo operators of query fields (``near``, ``within_box``...), for
``GeoField`` and lists of coordinates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..core.values import is_number
from ..errors import BadValueException
from .expressions import QueryExpression


class GeoQueries:
    """Geo query builders; :class:`~flask_mongo.odm.paths.QueryField`
    derives from this, each method building an expression on its path."""

    __slots__ = ()

    _qpath: str

    def near(
        self, x: float, y: float, max_distance: float | None = None
    ) -> QueryExpression:
        """Nearest first, around the point ``(x, y)`` on a flat plane."""
        return self._near("$near", x, y, max_distance)

    def near_sphere(
        self, x: float, y: float, max_distance: float | None = None
    ) -> QueryExpression:
        """Nearest first, around ``(x, y)`` on a sphere (distances in radians)."""
        return self._near("$nearSphere", x, y, max_distance)

    def _near(
        self, operator: str, x: float, y: float, max_distance: float | None
    ) -> QueryExpression:
        query: dict[str, Any] = {operator: _point((x, y), self._qpath)}
        if max_distance is not None:
            query["$maxDistance"] = _num(max_distance, self._qpath)
        return QueryExpression({self._qpath: query})

    def within_box(
        self, corner1: tuple[float, float], corner2: tuple[float, float]
    ) -> QueryExpression:
        """Inside the box with opposite corners ``corner1`` and ``corner2``."""
        return self._within(
            "$box", [_point(corner1, self._qpath), _point(corner2, self._qpath)]
        )

    def within_radius(self, x: float, y: float, radius: float) -> QueryExpression:
        """Within ``radius`` of ``(x, y)`` on a flat plane."""
        return self._within(
            "$center", [_point((x, y), self._qpath), _num(radius, self._qpath)]
        )

    def within_radius_sphere(
        self, x: float, y: float, radius: float
    ) -> QueryExpression:
        """Within ``radius`` radians of ``(x, y)`` on a sphere."""
        return self._within(
            "$centerSphere", [_point((x, y), self._qpath), _num(radius, self._qpath)]
        )

    def within_polygon(self, polygon: Iterable[tuple[float, float]]) -> QueryExpression:
        """Inside the polygon whose corners are ``polygon``."""
        return self._within("$polygon", [_point(p, self._qpath) for p in polygon])

    def _within(self, shape: str, value: Any) -> QueryExpression:
        return QueryExpression({self._qpath: {"$geoWithin": {shape: value}}})


def _num(value: object, name: str) -> float:
    if not is_number(value):
        raise BadValueException(name, value, "expected a number")
    return value  # type: ignore[return-value]


def _point(value: object, name: str) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise BadValueException(name, value, "expected an (x, y) pair")
    return [_num(value[0], name), _num(value[1], name)]
