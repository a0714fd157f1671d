"""Points: ``GeoField``, a pair of coordinates queried with ``near``,
``within_box`` and the other geo operators of query fields."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.values import is_number
from .base import Field
from .typed import Plain

if TYPE_CHECKING:
    from ..state import DocumentState

# The value type: a point, or None too for optional fields.
P = TypeVar("P", default=tuple[float, float])


class GeoField(
    Plain[
        tuple[float, float],
        "GeoField[tuple[float, float]]",
        "GeoField[tuple[float, float] | None]",
    ],
    Field[P],
):
    """A point ``(x, y)`` (longitude, latitude for spherical queries),
    stored as a 2-item list. A list is accepted on assignment; the value
    reads as a tuple of floats. Query it with ``near``, ``within_box``...
    (a ``2d`` index, ``Index().geo2d(...)``, is needed for ``near``)."""

    identity = False
    expected = "an (x, y) pair of numbers"

    def check_type(self, value: Any) -> None:
        if (
            not isinstance(value, tuple | list)
            or len(value) != 2
            or not (is_number(value[0]) and is_number(value[1]))
        ):
            self.fail(value)

    def wrap(self, value: Any) -> list[float]:
        return [float(value[0]), float(value[1])]

    def unwrap(self, stored: Any) -> tuple[float, float]:
        return (float(stored[0]), float(stored[1]))

    def __set__(self, obj: DocumentState, value: P) -> None:
        self.validate(value)
        point = None if value is None else (float(value[0]), float(value[1]))  # type: ignore[index]
        obj._assign(self, point)
