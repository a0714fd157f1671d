"""The content of a new document: every field of its structure, with its
defaults."""

from __future__ import annotations

import copy
from typing import Any

from .types import CustomType

__all__ = ["default_value", "fill_skeleton", "skeleton"]

_IMMUTABLE = (str, int, float, bool, bytes, type(None))


def skeleton(spec: Any) -> Any:
    """The value a new document gets for a field before defaults."""
    if isinstance(spec, dict):
        if any(isinstance(k, type) for k in spec):
            return {}
        return {key: skeleton(sub) for key, sub in spec.items()}
    if isinstance(spec, list) or spec is list:
        return []
    if isinstance(spec, tuple):
        return [None] * len(spec)
    if spec is dict:
        return {}
    if isinstance(spec, CustomType):
        return spec.init_type() if spec.init_type is not None else None
    return None


def fill_skeleton(doc: dict[str, Any], structure: dict[Any, Any]) -> None:
    """Add the missing fields of ``structure`` to ``doc``, recursively into
    nested dicts that are already there."""
    for key, spec in structure.items():
        if isinstance(key, type):
            continue
        if key not in doc:
            doc[key] = skeleton(spec)
        elif (
            isinstance(spec, dict)
            and isinstance(doc[key], dict)
            and not any(isinstance(k, type) for k in spec)
        ):
            fill_skeleton(doc[key], spec)


def default_value(value: Any) -> Any:
    """A fresh default: a callable's result, or a copy of a mutable value
    (two documents must not share one list); callables inside a list
    default are called."""
    if callable(value):
        return value()
    if isinstance(value, _IMMUTABLE):
        return value
    if isinstance(value, list):
        # MongoKit called the callables of a list default too: [utcnow, 3].
        return [item() if callable(item) else copy.deepcopy(item) for item in value]
    return copy.deepcopy(value)
