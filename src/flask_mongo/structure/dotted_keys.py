"""MongoKit's ``DotExpandedDict`` and ``DotCollapsedDict``: between nested
dicts and flat ``'a.b.c'`` keys.

A key part ``$name`` stands for a type key of a structure (``{str: int}``
collapses to ``'$str'``); on expansion ``$unicode`` and ``$basestring`` are
read as ``str``, the Python 2 spellings MongoKit wrote.
"""

from __future__ import annotations

import builtins
import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from .exceptions import EvalException

__all__ = ["DotCollapsedDict", "DotExpandedDict", "type_from_name"]

_TYPES: dict[str, type[Any]] = {
    "unicode": str,
    "basestring": str,
    "long": int,
    "datetime": datetime.datetime,
    "date": datetime.date,
    "UUID": uuid.UUID,
}


def type_from_name(name: str) -> type[Any]:
    """The type a ``$name`` key part stands for.

    :raises EvalException: no such type.
    """
    found = _TYPES.get(name) or getattr(builtins, name, None)
    if not isinstance(found, type):
        raise EvalException(f"${name} does not name a type (e.g. $int, $str)")
    return found


def _key(part: str) -> Any:
    return type_from_name(part[1:]) if part.startswith("$") else part


class DotExpandedDict(dict[Any, Any]):
    """Nested dicts from dotted keys::

        DotExpandedDict({"a.b": 1, "a.c": 2, "d": 3})
        # {"a": {"b": 1, "c": 2}, "d": 3}

    A later key replaces an earlier one it collides with (``{'c.1': 2,
    'c': 1}`` gives ``{'c': 1}``).

    :raises EvalException: a ``$name`` part names no type.
    """

    def __init__(self, key_to_value: Mapping[str, Any]) -> None:
        super().__init__()
        for dotted_key, value in key_to_value.items():
            parts = [_key(part) for part in dotted_key.split(".")]
            current: dict[Any, Any] = self
            for part in parts[:-1]:
                nested = current.get(part)
                if not isinstance(nested, dict):
                    nested = current[part] = {}
                current = nested
            current[parts[-1]] = value


class DotCollapsedDict(dict[str, Any]):
    """Flat dotted keys from nested dicts::

        DotCollapsedDict({"a": {"b": 1, "c": {"d": 2}}})
        # {"a.b": 1, "a.c.d": 2}

    Empty dicts stay as values; a type key becomes ``$name``.

    :param remove_under_type: a dict with type keys becomes ``{}``.
    :param reference: a mapping whose keys (dotted paths) name the values
        kept whole rather than collapsed.
    """

    def __init__(
        self,
        passed_dict: Mapping[Any, Any],
        remove_under_type: bool = False,
        reference: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__()
        self._remove_under_type = remove_under_type
        self._reference = {str(k) for k in reference or ()}
        self._collapse(passed_dict, "")

    def _collapse(self, value: Mapping[Any, Any], prefix: str) -> None:
        for key, item in value.items():
            name = f"${key.__name__}" if isinstance(key, type) else str(key)
            path = f"{prefix}.{name}" if prefix else name
            if not isinstance(item, dict) or not item or path in self._reference:
                self[path] = item
            elif self._remove_under_type and any(isinstance(k, type) for k in item):
                self[path] = {}
            else:
                self._collapse(item, path)
