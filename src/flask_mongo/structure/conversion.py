"""Custom types converted between their Python and stored forms, through
the containers that hold them.

``None`` is never converted; a value whose structure holds no custom type
is left as it is.
"""

from __future__ import annotations

from typing import Any

from .specs import contains_custom
from .types import CustomType

__all__ = ["to_bson", "to_python"]


def to_bson(value: Any, spec: Any) -> Any:
    """The stored form of ``value``: custom types converted, in a copy of the
    containers that hold them (the document itself is not changed)."""
    if value is None:
        return None
    if isinstance(spec, CustomType):
        return spec.to_bson(value)
    if isinstance(spec, dict) and isinstance(value, dict):
        if any(isinstance(k, type) for k in spec):
            (sub,) = spec.values()
            return {k: to_bson(v, sub) for k, v in value.items()}
        out = dict(value)
        for key, sub in spec.items():
            if key in value and contains_custom(sub):
                out[key] = to_bson(value[key], sub)
        return out
    if isinstance(spec, list) and spec and isinstance(value, (list, tuple)):
        return [to_bson(item, spec[0]) for item in value]
    if isinstance(spec, tuple) and isinstance(value, (list, tuple)):
        return [to_bson(item, sub) for item, sub in zip(value, spec)] + list(
            value[len(spec) :]
        )
    return value


def to_python(value: Any, spec: Any) -> Any:
    """The Python form of a stored ``value``; containers are changed in place
    (they were just decoded and belong to nobody else)."""
    if value is None:
        return None
    if isinstance(spec, CustomType):
        return spec.to_python(value)
    if isinstance(spec, dict) and isinstance(value, dict):
        if any(isinstance(k, type) for k in spec):
            (sub,) = spec.values()
            for k in value:
                value[k] = to_python(value[k], sub)
            return value
        for key, sub in spec.items():
            if key in value and contains_custom(sub):
                value[key] = to_python(value[key], sub)
        return value
    if isinstance(spec, list) and spec and isinstance(value, list):
        for i, item in enumerate(value):
            value[i] = to_python(item, spec[0])
        return value
    if isinstance(spec, tuple) and isinstance(value, list):
        for i, sub in enumerate(spec[: len(value)]):
            value[i] = to_python(value[i], sub)
    return value
