"""The content of a new document: every field of its structure, with its
defaults (added by :func:`fill` from a :class:`SkeletonPlan`)."""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from typing import Any

from .types import CustomType

__all__ = [
    "SkeletonPlan",
    "copy_nested",
    "default_value",
    "fill",
    "plan_skeleton",
    "skeleton",
]

# Entries whose skeleton value is not None.
_FILLED = (dict, list, tuple, CustomType)
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


class SkeletonPlan:
    """How a new document gets one dict of its structure (the missing keys
    with their defaults, the nested dicts copied), worked out once per
    class."""

    __slots__ = ("keys", "missing", "nested")

    def __init__(self, structure: dict[Any, Any]) -> None:
        #: Each field (not the types of {str: ...} keys) and what makes its
        #: skeleton value (None: the value is None).
        self.missing: tuple[tuple[Any, Callable[[], Any] | None], ...] = tuple(
            (key, _maker(spec))
            for key, spec in structure.items()
            if not isinstance(key, type)
        )
        self.keys = frozenset(key for key, _ in self.missing)
        #: The nested dicts with named fields, and their own plans.
        self.nested: tuple[tuple[str, SkeletonPlan], ...] = tuple(
            (key, SkeletonPlan(spec))
            for key, spec in structure.items()
            if isinstance(key, str)
            and isinstance(spec, dict)
            and not any(isinstance(k, type) for k in spec)
        )


def plan_skeleton(structure: dict[Any, Any]) -> SkeletonPlan:
    """The :class:`SkeletonPlan` of a structure."""
    return SkeletonPlan(structure)


def _maker(spec: Any) -> Callable[[], Any] | None:
    if spec is list or spec is dict or isinstance(spec, _FILLED):
        return functools.partial(skeleton, spec)
    return None


def copy_nested(doc: dict[str, Any], plan: SkeletonPlan) -> None:
    """Replace the nested dicts of ``doc`` (plain dicts, where the structure
    has named fields) by copies, so that filling them in leaves the caller's
    own dicts as they were."""
    for key, sub in plan.nested:
        value = doc.get(key)
        if type(value) is dict:
            doc[key] = copied = dict(value)
            if sub.nested:
                copy_nested(copied, sub)


def fill(doc: dict[str, Any], plan: SkeletonPlan) -> None:
    """Add the missing fields of the plan's structure to ``doc``, in
    structure order, recursively into nested dicts that are already there."""
    if not plan.keys <= doc.keys():  # (this order is the faster one)
        for key, make in plan.missing:
            if key not in doc:
                doc[key] = None if make is None else make()
    for key, sub in plan.nested:
        value = doc[key]
        if isinstance(value, dict):
            fill(value, sub)


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
