"""The values a scalar field accepts without running its checks.

A field's :meth:`~flask_mongo.odm.fields.base.Field.quick_range` says
"every value of exactly this type whose value (or length) lies in this
range passes ``check_type``". Two fast paths read it: a query value's test
(:func:`range_test`) and the inline guard of a generated constructor
(``odm.constructor``). A value outside it is not refused: it takes the
full check, which reports it or accepts it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

__all__ = ["QuickRange", "range_test"]


class QuickRange(NamedTuple):
    """Values of exactly ``kind`` with ``least <= value <= most`` (with
    ``by_length``: ``least <= len(value) <= most``) are valid."""

    kind: type
    by_length: bool
    least: Any
    most: Any


def range_test(quick: QuickRange | None) -> Callable[[Any], bool] | None:
    """A function true only of values in ``quick`` (None for None)."""
    if quick is None:
        return None
    # (Any: a type test against a `type` would narrow the value to object.)
    kind: Any = quick.kind
    least, most = quick.least, quick.most
    if quick.by_length:
        return lambda value: type(value) is kind and least <= len(value) <= most
    return lambda value: type(value) is kind and least <= value <= most
