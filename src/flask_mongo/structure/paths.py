"""Dotted paths in dict documents: ``author.name``, ``comments.2.text``.

A declared path (in ``required_fields``, ``validators``...) crosses lists
item by item and names every key of a ``{str: ...}`` dict with ``$str``;
:func:`resolve` turns it into the real paths of one document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.values import MISSING

__all__ = ["get_path", "join", "resolve", "set_path"]


def join(path: str, key: object) -> str:
    """``path.key``, or ``key`` at the top."""
    return f"{path}.{key}" if path else str(key)


def get_path(doc: Any, path: str) -> Any:
    """The value at a dotted path through dicts, or
    :data:`~flask_mongo.core.values.MISSING`."""
    value = doc
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


def set_path(doc: dict[str, Any], path: str, value: Any) -> None:
    """Set a dotted path through dicts, creating missing or ``None`` parents."""
    *parents, last = path.split(".")
    target = doc
    for part in parents:
        child = target.get(part)
        if not isinstance(child, dict):
            child = {}
            target[part] = child
        target = child
    target[last] = value


def resolve(doc: Any, declared: str) -> Iterator[tuple[str, Any]]:
    """The ``(real path, value)`` pairs a declared path names in ``doc``.

    Lists are crossed item by item (``comments.author`` gives
    ``comments.0.author``, ...), ``$str`` matches every key of a dict, and a
    path that leads nowhere yields :data:`~flask_mongo.core.values.MISSING` once.
    """
    yield from _resolve(doc, declared.split("."), "")


def _resolve(value: Any, parts: list[str], path: str) -> Iterator[tuple[str, Any]]:
    if not parts:
        yield path, value
        return
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _resolve(item, parts, join(path, i))
        return
    head, rest = parts[0], parts[1:]
    if not isinstance(value, dict):
        yield join(path, ".".join(parts)), MISSING
        return
    if head.startswith("$"):
        for key, item in value.items():
            yield from _resolve(item, rest, join(path, key))
        return
    if head not in value:
        yield join(path, ".".join(parts)), MISSING
        return
    yield from _resolve(value[head], rest, join(path, head))
