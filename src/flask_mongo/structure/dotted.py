"""Attribute access to the fields of ``use_dot_notation`` documents.

:class:`DotDict` is the nested dict type of those documents. Plain nested
dicts (as PyMongo decoded them, or as assigned) become :class:`DotDict` the
first time they are reached by attribute, in place, so reading a document
never pays for it. (Code holding the plain dict from before keeps a dict
that is no longer the document's.)
"""

from __future__ import annotations

from typing import Any

__all__ = ["DotDict", "dotted"]


class DotDict(dict[str, Any]):
    """A nested dict of a ``use_dot_notation`` document: ``doc.author.name``
    reads and ``doc.author.name = 'x'`` writes ``doc['author']['name']``."""

    __slots__ = ()

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__") or key not in self:
            raise AttributeError(f"no field {key!r} in this dict")
        return dotted(self, key, dict.__getitem__(self, key))

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self[key]
        except KeyError:
            raise AttributeError(key) from None


def dotted(container: dict[str, Any], key: str, value: Any) -> Any:
    """``value`` ready for attribute access. Plain nested dicts (as decoded
    or assigned) become :class:`DotDict` in place the first time they are
    reached by attribute, so reading a document never pays for it."""
    if type(value) is dict:
        value = DotDict(value)
        dict.__setitem__(container, key, value)
    elif type(value) is list:
        for i, item in enumerate(value):
            if type(item) is dict:
                value[i] = DotDict(item)
    return value
