"""A document class's declaration, checked and merged once, at class creation.

:func:`build_schema` reads ``structure``, ``required_fields``,
``default_values``, ``validators``, ``i18n``, ``indexes`` and ``gridfs`` from
a class and its bases (a subclass extends its parents' declarations), checks
them (a mistake raises :class:`StructureError` when the class is defined,
not at the first save) and returns a :class:`Schema`. The helpers below it
build new documents and convert custom types.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.values import MISSING, is_valid_key
from .exceptions import (
    AuthorizedTypeError,
    BadKeyError,
    DefaultFieldTypeError,
    DuplicateRequiredError,
    StructureError,
)
from .i18n import I18n
from .indexes import IndexSpec, parse_indexes
from .types import IS, CustomType, SchemaOperator, describe

__all__ = ["MISSING", "Schema", "build_schema"]

_IMMUTABLE = (str, int, float, bool, bytes, type(None))


@dataclass(frozen=True)
class Schema:
    """Everything validation, creation and loading need about a class."""

    owner: str
    #: The merged structure, translated fields wrapped in :class:`I18n`.
    structure: dict[Any, Any]
    required_fields: tuple[str, ...] = ()
    default_values: Mapping[str, Any] = field(default_factory=dict)
    validators: Mapping[str, tuple[Callable[[Any], Any], ...]] = field(
        default_factory=dict
    )
    #: Top-level translated fields (dot notation resolves their language).
    i18n_fields: frozenset[str] = frozenset()
    indexes: tuple[IndexSpec, ...] = ()
    gridfs_files: tuple[str, ...] = ()
    gridfs_containers: tuple[str, ...] = ()
    #: Every declared dotted path, with ``$str`` for the keys of ``{str: ...}``.
    namespaces: frozenset[str] = frozenset()
    has_custom_types: bool = False
    #: The type field, when it is in the structure (polymorphic loading).
    type_field: str | None = None


def build_schema(cls: type[Any]) -> Schema:
    """Merge and check the declarations of ``cls`` and its bases, and store
    the merged ones back on the class (so ``C.required_fields`` lists its
    parents' too)."""
    owner = cls.__name__
    own = cls.__dict__

    def merged_mapping(name: str) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        for base in reversed(cls.__bases__):
            inherited = getattr(base, name, None)
            if isinstance(inherited, Mapping):
                result.update(inherited)
        declared = own.get(name)
        if declared is not None:
            if not isinstance(declared, Mapping):
                raise StructureError(f"{owner}.{name} must be a dict")
            result.update(declared)
        return result

    def merged_list(name: str) -> list[Any]:
        result: list[Any] = []
        for base in cls.__bases__:
            result += [x for x in getattr(base, name, None) or () if x not in result]
        declared = own.get(name)
        if declared is not None:
            if isinstance(declared, str) or not isinstance(declared, Iterable):
                raise StructureError(f"{owner}.{name} must be a list")
            declared = list(declared)
            if name == "required_fields" and len(set(declared)) != len(declared):
                raise DuplicateRequiredError(
                    f"{owner}.required_fields lists a field twice: {declared}"
                )
            result += [x for x in declared if x not in result]
        return result

    structure = merged_mapping("structure")
    authorized = list(cls.authorized_types)
    check_structure(structure, authorized, owner)
    names = namespaces(structure) | {"_id"}

    required = merged_list("required_fields")
    defaults = merged_mapping("default_values")
    validators = merged_mapping("validators")
    i18n = merged_list("i18n")
    indexes = merged_list("indexes")
    gridfs = merged_mapping("gridfs")
    for kind, paths in (
        ("required_fields", required),
        ("default_values", defaults),
        ("validators", validators),
        ("i18n", i18n),
    ):
        for path in paths:
            if path not in names:
                raise StructureError(
                    f"{owner}.{kind}: {path!r} is not in the structure"
                    f" (declared paths: {', '.join(sorted(names))})"
                )

    effective = structure
    for path in i18n:
        effective = _wrap_at(effective, path.split("."), owner)

    for path, value in defaults.items():
        if "$" in path or _crosses_list(structure, path):
            raise StructureError(
                f"{owner}.default_values: {path!r} goes through a list or a"
                " {str: ...} dict; give the default of the enclosing field instead"
            )
        if not callable(value):
            _check_default(value, _spec_at(effective, path), path, owner, authorized)

    checked_validators: dict[str, tuple[Callable[[Any], Any], ...]] = {}
    for path, funcs in validators.items():
        funcs = tuple(funcs) if isinstance(funcs, (list, tuple)) else (funcs,)
        if not all(callable(f) for f in funcs):
            raise StructureError(
                f"{owner}.validators[{path!r}] must be a callable or a list of them"
            )
        checked_validators[path] = funcs

    files, containers = _check_gridfs(gridfs, owner)
    type_field = cls.type_field if cls.type_field in structure else None

    cls.structure = structure
    cls.required_fields = required
    cls.default_values = defaults
    cls.validators = validators
    cls.i18n = i18n
    cls.indexes = indexes
    cls.gridfs = gridfs
    return Schema(
        owner=owner,
        structure=effective,
        required_fields=tuple(required),
        default_values=defaults,
        validators=checked_validators,
        i18n_fields=frozenset(p for p in i18n if "." not in p),
        indexes=parse_indexes(indexes, names, owner),
        gridfs_files=tuple(files),
        gridfs_containers=tuple(containers),
        namespaces=frozenset(names),
        has_custom_types=contains_custom(effective),
        type_field=type_field,
    )


def _check_gridfs(gridfs: Mapping[str, Any], owner: str) -> tuple[list[str], list[str]]:
    unknown = set(gridfs) - {"files", "containers"}
    if unknown:
        raise StructureError(
            f"{owner}.gridfs accepts the keys 'files' and 'containers', not"
            f" {sorted(unknown)}"
        )
    files = list(gridfs.get("files") or [])
    containers = list(gridfs.get("containers") or [])
    for name in files + containers:
        if not isinstance(name, str) or not name.isidentifier():
            raise StructureError(
                f"{owner}.gridfs: {name!r} must be a name usable as an attribute"
            )
    return files, containers


# -- checking a structure ---------------------------------------------------


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


def join(path: str, key: object) -> str:
    """``path.key``, or ``key`` at the top."""
    return f"{path}.{key}" if path else str(key)


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
        if not issubclass(key, str):
            raise StructureError(
                f"{owner}.structure: {where}: keys can only be typed str (MongoDB"
                f" field names are strings), not {key.__name__}"
            )
        _check_spec(spec[key], join(path, "$" + key.__name__), authorized, owner)
        return
    for key, sub in spec.items():
        if not isinstance(key, str):
            raise StructureError(
                f"{owner}.structure: {path or owner}: the key {key!r} must be a"
                " field name or the type str"
            )
        try:
            check_key(key, join(path, key))
        except BadKeyError as error:
            raise BadKeyError(f"{owner}.structure: {error}", error.path) from None
        _check_spec(sub, join(path, key), authorized, owner)


def _authorized(spec: type[Any], authorized: list[type[Any]]) -> bool:
    return any(isinstance(t, type) and issubclass(spec, t) for t in authorized)


def _check_spec(spec: Any, path: str, authorized: list[type[Any]], owner: str) -> None:
    prefix = f"{owner}.structure: {path}"
    if spec is None:
        return
    if isinstance(spec, type):
        if issubclass(spec, CustomType):
            raise StructureError(f"{prefix}: use an instance, {spec.__name__}(...)")
        if issubclass(spec, dict) and hasattr(spec, "_schema"):
            raise StructureError(
                f"{prefix}: a Document class cannot be a field type (autorefs are"
                " not supported); nest a dict structure, or store a DBRef"
            )
        if not _authorized(spec, authorized):
            raise AuthorizedTypeError(
                f"{prefix}: {spec.__name__} is not an authorized type; use one of"
                f" {', '.join(t.__name__ for t in authorized)}, or add it to"
                " authorized_types",
                path,
            )
    elif isinstance(spec, CustomType):
        if isinstance(spec, I18n):
            _check_spec(spec.field_spec, path, authorized, owner)
    elif isinstance(spec, SchemaOperator):
        for operand in spec:
            if isinstance(spec, IS):
                if not _authorized(type(operand), authorized):
                    raise AuthorizedTypeError(
                        f"{prefix}: {operand!r} in {spec!r} is not of an authorized"
                        " type",
                        path,
                    )
            elif isinstance(operand, SchemaOperator):
                _check_spec(operand, path, authorized, owner)
            elif not isinstance(operand, type) or not _authorized(operand, authorized):
                raise AuthorizedTypeError(
                    f"{prefix}: {describe(operand)} in {spec!r} is not an authorized"
                    " type",
                    path,
                )
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
        raise StructureError(
            f"{prefix}: {spec!r} is not a type; a structure maps field names to"
            " types, nested dicts, lists, operators or custom types"
        )


def namespaces(structure: Any, prefix: str = "") -> set[str]:
    """Every dotted path the structure declares; list items are transparent
    (``comments.author``) and ``{str: ...}`` keys are ``$str``."""
    found: set[str] = set()
    if isinstance(structure, dict):
        for key, sub in structure.items():
            name = "$" + key.__name__ if isinstance(key, type) else key
            path = join(prefix, name)
            found.add(path)
            found |= namespaces(sub, path)
    elif isinstance(structure, (list, tuple)):
        for item in structure:
            found |= namespaces(item, prefix)
    return found


def contains_custom(spec: Any) -> bool:
    """Whether a custom type (which needs converting) is inside ``spec``."""
    if isinstance(spec, CustomType):
        return True
    if isinstance(spec, dict):
        return any(contains_custom(sub) for sub in spec.values())
    if isinstance(spec, (list, tuple)):
        return any(contains_custom(sub) for sub in spec)
    return False


def _crosses_list(structure: dict[Any, Any], path: str) -> bool:
    spec: Any = structure
    for part in path.split("."):
        if not isinstance(spec, dict):
            return True
        spec = spec.get(part)
    return False


def _spec_at(structure: dict[Any, Any], path: str) -> Any:
    spec: Any = structure
    for part in path.split("."):
        spec = spec[part]
    return spec


def _wrap_at(structure: dict[Any, Any], parts: list[str], owner: str) -> dict[Any, Any]:
    """A copy of ``structure`` with the entry at ``parts`` made translated."""
    head = parts[0]
    copied = dict(structure)
    if len(parts) == 1:
        copied[head] = I18n(structure[head])
        return copied
    sub = structure.get(head)
    if not isinstance(sub, dict):
        raise StructureError(
            f"{owner}.i18n: {'.'.join(parts)} goes through a list; only dict"
            " nesting can hold translated fields"
        )
    copied[head] = _wrap_at(sub, parts[1:], owner)
    return copied


def _check_default(
    value: Any, spec: Any, path: str, owner: str, authorized: list[type[Any]]
) -> None:
    from .validation import check_value

    errors = check_value(value, spec, path, authorized)
    if errors:
        raise DefaultFieldTypeError(
            f"{owner}.default_values: the default of {path} is not valid: {errors[0]}",
            path,
        )


# -- building documents -----------------------------------------------------


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
    (two documents must not share one list)."""
    if callable(value):
        return value()
    if isinstance(value, _IMMUTABLE):
        return value
    return copy.deepcopy(value)


def get_path(doc: Any, path: str) -> Any:
    """The value at a dotted path through dicts, or :data:`MISSING`."""
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


# -- converting custom types ------------------------------------------------


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
