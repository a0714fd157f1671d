"""Custom types converted between their Python and stored forms, through
the containers that hold them.

``None`` is never converted; a value whose structure holds no custom type
is left as it is.
"""

from __future__ import annotations

from itertools import repeat
from typing import Any

from .specs import contains_custom
from .types import CustomType

__all__ = ["to_bson", "to_python"]


def to_bson(value: Any, spec: Any) -> Any:
    """The stored form of ``value``: custom types converted, in a copy of the
    containers that hold them (the document itself is not changed)."""
    return _convert(value, spec, stored=True)


def to_python(value: Any, spec: Any) -> Any:
    """The Python form of a stored ``value``; containers are changed in place
    (they were just decoded and belong to nobody else)."""
    return _convert(value, spec, stored=False)


def _convert(value: Any, spec: Any, stored: bool) -> Any:
    if value is None:
        return None
    if isinstance(spec, CustomType):
        return spec.to_bson(value) if stored else spec.to_python(value)
    if isinstance(spec, dict) and isinstance(value, dict):
        out: dict[Any, Any] = dict(value) if stored else value
        if any(isinstance(k, type) for k in spec):
            (sub,) = spec.values()
            entries = [(key, sub) for key in value]
        else:
            entries = [
                (key, sub)
                for key, sub in spec.items()
                if key in value and contains_custom(sub)
            ]
        for key, sub in entries:
            out[key] = _convert(value[key], sub, stored)
        return out
    # A stored tuple arrives as a list; a Python one may be either.
    sequence = isinstance(value, (list, tuple)) if stored else isinstance(value, list)
    if sequence and (isinstance(spec, tuple) or (isinstance(spec, list) and spec)):
        copied: list[Any] = list(value) if stored else value
        items = spec if isinstance(spec, tuple) else repeat(spec[0])
        for i, (item, sub) in enumerate(zip(value, items)):
            copied[i] = _convert(item, sub, stored)
        return copied
    return value
