"""Checking a structure: what each entry of a ``structure`` may be, and the
dotted paths the entries declare.

An entry is an authorized type, a nested dict, a ``[entry]`` list, a tuple
of entries, a ``{str: entry}`` dict, an ``OR``/``NOT``/``IS`` operator, a
:class:`~.types.CustomType` instance, or ``None`` (any authorized type). A
wrong entry raises :class:`~flask_mongo.structure.exceptions.StructureError`
(or a subclass) when the class is defined.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.values import is_valid_key
from .exceptions import (
    AuthorizedTypeError,
    BadKeyError,
    NotATypeError,
    StructureError,
    mongokit_worded,
)
from .i18n import I18n
from .paths import join
from .types import IS, CustomType, SchemaOperator, describe

__all__ = ["check_key", "check_structure", "contains_custom", "entries", "namespaces"]


def check_key(key: object, path: str) -> None:
    """Raise :class:`BadKeyError` unless ``key`` can be a MongoDB field name
    (the rule is :func:`flask_mongo.core.values.is_valid_key`)."""
    if not is_valid_key(key):
        raise BadKeyError(f"{path}: {_why_not_a_key(key)}", path)


def _why_not_a_key(key: object) -> str:
    # Which part of the rule ``key`` breaks, for the message.
    if not isinstance(key, str):
        return f"the key {key!r} must be a string, not {type(key).__name__}"
    if key.startswith("$"):
        return "a key must not start with '$'"
    if "." in key:
        return "a key must not contain '.'"
    if "\x00" in key:
        return "a key must not contain a NUL character"
    return "a key must not be empty"


def check_structure(structure: Any, authorized: list[type[Any]], owner: str) -> None:
    """Raise :class:`StructureError` (or a subclass) unless ``structure`` is a
    dict whose entries are authorized types, nested dicts, ``[entry]``
    lists, tuples, ``{str: entry}`` dicts, operators or custom types."""
    if not isinstance(structure, dict):
        raise StructureError(
            f"{owner}.structure must be a dict, not {type(structure).__name__}"
        )
    _check_dict(structure, "", authorized, owner)


def _check_dict(
    spec: dict[Any, Any], path: str, authorized: list[type[Any]], owner: str
) -> None:
    type_keys = [k for k in spec if isinstance(k, type)]
    if type_keys:
        key = type_keys[0]
        where = path or owner
        if len(spec) != 1:
            raise StructureError(
                f"{owner}.structure: {where}: a dict with a type key ({{str: ...}})"
                " cannot have other keys"
            )
        # The values first: an unauthorized type is reported as such
        # whatever the keys (as MongoKit did).
        _check_spec(spec[key], join(path, "$" + key.__name__), authorized, owner)
        _check_authorized(key, where, authorized, owner)
        if not issubclass(key, str):
            raise StructureError(
                f"{owner}.structure: {where}: keys can only be typed str (MongoDB"
                f" field names are strings), not {key.__name__}"
            )
        return
    for key, sub in spec.items():
        if not isinstance(key, str):
            error = StructureError(
                f"{owner}.structure: {path or owner}: the key {key!r} must be a"
                " field name or the type str"
            )
            legacy = f"{owner}: {key} must be a basestring or a type"
            raise mongokit_worded(error, legacy)
        try:
            check_key(key, join(path, key))
        except BadKeyError as error:
            raise BadKeyError(f"{owner}.structure: {error}", error.path) from None
        _check_spec(sub, join(path, key), authorized, owner)


def _authorized(spec: type[Any], authorized: list[type[Any]]) -> bool:
    return any(isinstance(t, type) and issubclass(spec, t) for t in authorized)


def _check_authorized(
    spec: type[Any], path: str, authorized: list[type[Any]], owner: str
) -> None:
    if not _authorized(spec, authorized):
        error = AuthorizedTypeError(
            f"{owner}.structure: {path}: {spec.__name__} is not an authorized type;"
            f" use one of {', '.join(t.__name__ for t in authorized)}, or add it"
            " to authorized_types",
            path,
        )
        legacy = f"{owner}: {spec} is not an authorized type"
        raise mongokit_worded(error, legacy)


def _check_spec(spec: Any, path: str, authorized: list[type[Any]], owner: str) -> None:
    prefix = f"{owner}.structure: {path}"
    if spec is None:
        return
    if isinstance(spec, type):
        # The base class itself is an authorized type in MongoKit's list.
        if issubclass(spec, CustomType) and spec is not CustomType:
            raise StructureError(f"{prefix}: use an instance, {spec.__name__}(...)")
        _check_authorized(spec, path, authorized, owner)
    elif isinstance(spec, CustomType):
        if isinstance(spec, I18n):
            _check_spec(spec.field_spec, path, authorized, owner)
    elif isinstance(spec, SchemaOperator):
        if not spec.operands:
            raise StructureError(
                f"{prefix}: {type(spec).__name__}() needs at least one operand"
            )
        holds_values = isinstance(spec, IS)  # IS lists values; OR and NOT types
        for operand in spec:
            if isinstance(operand, SchemaOperator) and not holds_values:
                _check_spec(operand, path, authorized, owner)
                continue
            kind = type(operand) if holds_values else operand
            if not (isinstance(kind, type) and _authorized(kind, authorized)):
                what = (
                    f"{operand!r} in {spec!r} is not of"
                    if holds_values
                    else f"{describe(operand)} in {spec!r} is not"
                )
                raise AuthorizedTypeError(f"{prefix}: {what} an authorized type", path)
    elif isinstance(spec, dict):
        _check_dict(spec, path, authorized, owner)
    elif isinstance(spec, list):
        if len(spec) > 1:
            raise StructureError(
                f"{prefix}: a list structure holds one entry for all its items;"
                " use [OR(a, b)] for items of several types, or a tuple for"
                " fixed positions"
            )
        for item in spec:
            _check_spec(item, path, authorized, owner)
    elif isinstance(spec, tuple):
        for item in spec:
            _check_spec(item, path, authorized, owner)
    else:
        # MongoKit's wording ("Owner: <value> ... is not a type"), with the path.
        raise NotATypeError(
            f"{owner}: {spec!r} cannot be a structure entry (entries are types,"
            " nested dicts, lists, operators or custom types);"
            f" in {owner}.structure: {path}: {spec!r} is not a type",
            path,
        )


def entries(spec: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """``spec`` and every entry inside it, each with its declared dotted path:
    list and tuple items share their list's path, ``{str: ...}`` values are
    at ``$str``. Custom types are not looked into."""
    yield path, spec
    if isinstance(spec, dict):
        for key, sub in spec.items():
            name = "$" + key.__name__ if isinstance(key, type) else key
            yield from entries(sub, join(path, name))
    elif isinstance(spec, (list, tuple)):
        for item in spec:
            yield from entries(item, path)


def namespaces(structure: Any) -> set[str]:
    """Every dotted path the structure declares (``comments.author``,
    ``scores.$str``)."""
    return {path for path, _ in entries(structure) if path}


def contains_custom(spec: Any) -> bool:
    """Whether a custom type (which needs converting) is inside ``spec``."""
    return any(isinstance(entry, CustomType) for _, entry in entries(spec))
