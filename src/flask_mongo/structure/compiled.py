"""A structure compiled once per class into one generated check function.

:func:`compile_check` turns a *closed* structure (every entry a plain type
such as ``str`` or ``datetime``, a nested dict of closed entries, or a list
``[entry]`` of one) into straight-line Python, as dataclasses generates
``__init__``. The function answers one question quickly: is this document
certainly valid as far as the structure walk (and, where the paths allow,
``required_fields``) goes? It proves that only for exact types
(``type(value) is str``), so anything it is unsure of (a ``bool`` where an
``int`` is declared, a tuple for a list, a dict subclass with extra keys...)
goes to :mod:`.validation`'s full walk, which reports the problem or finds
none. A document the check accepts is one the full walk accepts too.

The check also bounds the size of the document's BSON, so that
``validate()`` need not encode a document that cannot reach MongoDB's
16 MiB limit.

Structures that are not closed (``None``, operators, custom types,
translated fields, ``{str: ...}`` dicts, tuples, ``dict`` or ``list`` as a
type) are not compiled: their documents always take the full walk.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from bson import ObjectId

from ..core.values import INT64_MAX, INT64_MIN, MAX_DEPTH, MISSING

__all__ = ["UNSIZED", "Check", "compile_check"]

#: A size bound meaning "unknown": no closed bound was worked out.
UNSIZED = 1 << 62

#: ``check(doc)``: -1 when the document is not shown valid, otherwise an
#: upper bound of its BSON size in bytes (:data:`UNSIZED` when unknown).
Check = Callable[[dict[str, Any]], int]

# BSON bytes of a value of each type, beyond its element's type byte and key
# (a str: int32 length + NUL, then at most 4 bytes a character; bytes:
# int32 length + subtype, then the bytes).
_FIXED: dict[type[Any], int] = {
    str: 5,
    bytes: 5,
    int: 8,
    float: 8,
    bool: 1,
    datetime.datetime: 8,
    ObjectId: 12,
}
# An array item's key: up to 8 digits and a NUL (a longer list is far over
# the limit anyway, 2 bytes an item at the least).
_INDEX_KEY = 9
_CONTAINERS = (dict, list, tuple, set, frozenset)
# The BSON bytes of an ``_id`` ObjectId element: the key with its NUL, the
# type byte, the 12 bytes of the id.
_OID_SIZE = 4 + 1 + 12


class _Open(Exception):
    """The structure is not closed: it is not compiled."""


def compile_check(
    structure: dict[Any, Any], required_fields: Iterable[str]
) -> tuple[Check | None, bool]:
    """The check of ``structure``, and whether it covers every required field.

    :returns: ``(None, False)`` when the structure is not closed.
    """
    required, covered = _required_paths(structure, required_fields)
    try:
        source, names = _Generator(required).document(structure)
    except _Open:
        return None, False
    namespace: dict[str, Any] = dict(names)
    exec(source, namespace)  # the source names only the structure's own types
    check: Check = namespace["check"]
    return check, covered


def _required_paths(
    structure: dict[Any, Any], required_fields: Iterable[str]
) -> tuple[set[tuple[str, ...]], bool]:
    # The required paths that run through dicts of the structure only, and
    # whether those are all of them.
    paths = set()
    covered = True
    for path in required_fields:
        keys = tuple(path.split("."))
        spec: Any = structure
        for key in keys:
            if not isinstance(spec, dict) or key not in spec or key[:1] == "$":
                covered = False
                break
            spec = spec[key]
        else:
            paths.add(keys)
    return paths, covered


class _Generator:
    """Writes the check's source, one line at a time."""

    def __init__(self, required: set[tuple[str, ...]]) -> None:
        self.required = required
        self.lines: list[str] = []
        self.names: dict[str, Any] = {
            "_M": MISSING,
            "_OID": ObjectId,
            "_id_size": _id_size,
        }
        self.count = 0
        self.sized = True

    def name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def const(self, value: Any) -> str:
        name = self.name("_c")
        self.names[name] = value
        return name

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def document(self, structure: dict[Any, Any]) -> tuple[str, dict[str, Any]]:
        keys = self.keys_of(structure)
        self.emit(1, "s = b = f = 0")
        if "_id" in structure:
            self.emit(1, f"if len(doc) != {len(keys)}: return -1")
        else:
            # _id may be there without being declared (what save() adds).
            self.emit(1, f"if len(doc) != {len(keys)}:")
            self.emit(2, f"if len(doc) != {len(keys) + 1}: return -1")
            # An ObjectId (what save() adds) is sized here, without a call.
            self.emit(2, "z = doc.get('_id', _M)")
            self.emit(2, f"if type(z) is _OID: f += {_OID_SIZE}")
            self.emit(2, "else:")
            self.emit(3, "z = _id_size(z)")
            self.emit(3, "if z < 0: return -1")
            self.emit(3, "f += z")
        fixed = self.dict_body(structure, keys, "doc", 1, ())
        if self.sized:
            self.emit(1, f"return {fixed} + 4 * s + b + f")
        else:
            self.emit(1, f"return {UNSIZED}")
        body = "\n".join("    " + line for line in self.lines)
        # A declared key missing (the walk reports it) is a KeyError here.
        source = (
            f"def check(doc):\n    try:\n{body}\n"
            "    except KeyError:\n        return -1\n"
        )
        return source, self.names

    def keys_of(self, spec: dict[Any, Any]) -> list[str]:
        if not all(isinstance(key, str) for key in spec):
            raise _Open  # {str: ...} dicts (type keys) and odd keys
        return list(spec)

    def dict_body(
        self,
        spec: dict[Any, Any],
        keys: list[str],
        var: str,
        depth: int,
        path: tuple[str, ...],
    ) -> int:
        # The dict ``var`` has exactly len(keys) keys (checked by the caller):
        # each declared key must be there, so no other key is.
        if len(path) >= MAX_DEPTH - 2:
            raise _Open  # check_depth's limit: the full walk reports it
        fixed = 5  # int32 length, terminating NUL
        for key in keys:
            try:
                key_size = len(key.encode("utf-8"))
            except UnicodeEncodeError:
                raise _Open from None
            value = self.name("v")
            self.emit(depth, f"{value} = {var}[{key!r}]")
            sub = (*path, key)
            fixed += 2 + key_size + self.value(spec[key], value, depth, sub)
        return fixed

    def value(self, spec: Any, var: str, depth: int, path: tuple[str, ...]) -> int:
        # Code that returns -1 unless ``var`` certainly satisfies ``spec``;
        # the fixed part of its size.
        required = path in self.required
        if isinstance(spec, dict):
            keys = self.keys_of(spec)
            if required and not keys:
                raise _Open  # an empty required dict: rare, left to the walk
            self.emit(depth, f"if not isinstance({var}, dict): return -1")
            self.emit(depth, f"if len({var}) != {len(keys)}: return -1")
            return self.dict_body(spec, keys, var, depth, path)
        if isinstance(spec, list):
            return self.list_value(spec, var, depth, path, required)
        if not isinstance(spec, type) or issubclass(spec, _CONTAINERS):
            raise _Open  # None, operators, custom types, i18n, tuples, dict...
        return self.scalar(spec, var, depth, required)

    def list_value(
        self,
        spec: list[Any],
        var: str,
        depth: int,
        path: tuple[str, ...],
        required: bool,
    ) -> int:
        if not spec:
            raise _Open  # [] holds any authorized value
        self.emit(depth, f"if type({var}) is not list: return -1")
        if required:
            self.emit(depth, f"if not {var}: return -1")
        mark = len(self.lines)
        item = self.name("x")
        self.emit(depth, f"for {item} in {var}:")
        item_fixed = self.value(spec[0], item, depth + 1, (*path, "$"))
        self.lines.insert(
            mark, "    " * depth + f"f += len({var}) * {1 + _INDEX_KEY + item_fixed}"
        )
        return 5

    def scalar(self, spec: type[Any], var: str, depth: int, required: bool) -> int:
        quoted = (
            self.const(spec)
            if spec not in (str, int, float, bool, bytes)
            else spec.__name__
        )
        fixed = _FIXED.get(spec)
        if fixed is None:
            self.sized = False
            fixed = 0
        if spec is int:  # beyond int64, bson refuses it: get_size says so
            then = f"if not {INT64_MIN} <= {var} <= {INT64_MAX}: return -1"
        elif spec is str:
            then = f"s += len({var})"
        elif spec is bytes:
            then = f"b += len({var})"
        else:
            then = ""
        if required:
            self.emit(depth, f"if type({var}) is not {quoted}: return -1")
            if then:
                self.emit(depth, then)
        elif then:
            self.emit(depth, f"if type({var}) is {quoted}:")
            self.emit(depth + 1, then)
            self.emit(depth, f"elif {var} is not None: return -1")
        else:
            self.emit(depth, f"if type({var}) is not {quoted} and {var} is not None:")
            self.emit(depth + 1, "return -1")
        return fixed


def _id_size(value: Any) -> int:
    """The BSON bytes of an undeclared ``_id`` element (-1: a container,
    which the full walk looks into, or no ``_id``: another key is there)."""
    if value is MISSING or isinstance(value, _CONTAINERS):
        return -1
    kind = type(value)
    if kind is ObjectId:
        return _OID_SIZE
    if kind is str:
        return 4 + 1 + 5 + 4 * len(value)
    return UNSIZED
