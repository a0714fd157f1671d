"""A document class's declaration, checked and merged once, at class creation.

:func:`build_schema` reads ``structure``, ``required_fields``,
``default_values``, ``validators``, ``i18n``, ``indexes`` and ``gridfs`` from
a class and its bases (a subclass extends its parents' declarations), checks
them (a mistake raises :class:`StructureError` when the class is defined,
not at the first save) and returns a :class:`Schema`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.indexes import IndexSpec
from ..core.values import MISSING
from ..core.writes import VERSION_KEY
from .autorefs import wrap_document_classes
from .compiled import Check, compile_check
from .exceptions import (
    DuplicateRequiredError,
    StructureError,
    UndeclaredPathError,
    mongokit_worded,
)
from .i18n import I18n
from .indexes import parse_indexes
from .skeleton import SkeletonPlan, plan_skeleton
from .specs import check_structure, contains_custom, namespaces

__all__ = ["MISSING", "Schema", "build_schema"]


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
    #: Every translated field's path, and the paths of the dicts that hold
    #: nested ones (dot notation hands those out as ``I18nDotDict``).
    i18n_paths: frozenset[str] = frozenset()
    i18n_parents: frozenset[str] = frozenset()
    indexes: tuple[IndexSpec, ...] = ()
    gridfs_files: tuple[str, ...] = ()
    gridfs_containers: tuple[str, ...] = ()
    #: Every declared dotted path, with ``$str`` for the keys of ``{str: ...}``.
    namespaces: frozenset[str] = frozenset()
    has_custom_types: bool = False
    #: Whether documents hold references (``use_autorefs``) to save first.
    has_autorefs: bool = False
    #: The type field, when it is in the structure (polymorphic loading).
    type_field: str | None = None
    #: The structure compiled into one check (see :mod:`.compiled`); None
    #: when it is not closed.
    check: Check | None = field(default=None, compare=False, repr=False)
    #: Whether ``check`` covers every required field.
    check_covers_required: bool = False
    #: ``check`` when it alone can vouch for a whole validation (it covers
    #: every required field and there are no validators to run), else None.
    vouching_check: Check | None = field(default=None, compare=False, repr=False)
    #: How new documents are filled in (see :mod:`.skeleton`).
    skeleton: SkeletonPlan = field(
        default_factory=lambda: plan_skeleton({}), compare=False, repr=False
    )


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

    def merged_list(name: str, own_first: bool = False) -> list[Any]:
        if own_first:  # MongoKit's order for indexes: the class's, then its bases'
            merged = merged_list(name)
            first = list(own.get(name) or ())
            return first + [x for x in merged if x not in first]
        result: list[Any] = []
        for base in cls.__bases__:
            result += [x for x in getattr(base, name, None) or () if x not in result]
        declared = own.get(name)
        if declared is not None:
            if isinstance(declared, str) or not isinstance(declared, Iterable):
                raise StructureError(f"{owner}.{name} must be a list")
            declared = list(declared)
            if name == "required_fields" and len(set(declared)) != len(declared):
                error = DuplicateRequiredError(
                    f"{owner}.required_fields lists a field twice: {declared};"
                    " list each field once"
                )
                legacy = f"duplicate required_fields : {declared}"
                raise mongokit_worded(error, legacy)
            result += [x for x in declared if x not in result]
        return result

    structure = merged_mapping("structure")
    if getattr(cls, "use_optimistic_locking", False):
        # The version every save checks and increments (core.writes).
        structure.setdefault(VERSION_KEY, int)
    authorized = list(cls.authorized_types)
    autorefs = bool(getattr(cls, "use_autorefs", False))
    wrapped = wrap_document_classes(
        structure, autorefs, bool(getattr(cls, "force_autorefs_current_db", False))
    )
    check_structure(wrapped, authorized, owner)
    names = namespaces(wrapped) | {"_id"}

    required = merged_list("required_fields")
    defaults = merged_mapping("default_values")
    validators = merged_mapping("validators")
    i18n = merged_list("i18n")
    indexes = merged_list("indexes", own_first=True)
    gridfs = merged_mapping("gridfs")
    for kind, paths in (
        ("required_fields", required),
        ("default_values", defaults),
        ("validators", validators),
        ("i18n", i18n),
    ):
        for path in paths:
            if path not in names:
                error = UndeclaredPathError(
                    f"{owner}.{kind}: {path!r} is not in the structure"
                    f" (declared paths: {', '.join(sorted(names))})",
                    path,
                )
                legacy = f"Error in {kind}: can't find {path} in structure"
                raise mongokit_worded(error, legacy)

    effective = wrapped
    for path in i18n:
        effective = _wrap_at(effective, path.split("."), owner)

    # A default's type is checked when the document is validated, as any
    # value (MongoKit let a validate() override coerce it), never here.
    for path in defaults:
        if "$" in path or _crosses_list(structure, path):
            raise StructureError(
                f"{owner}.default_values: {path!r} goes through a list or a"
                " {str: ...} dict; give the default of the enclosing field instead"
            )

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

    # The merged declarations (the class's and its bases') become the
    # class's own, as MongoKit showed them.
    merged = {
        "structure": structure,
        "required_fields": required,
        "default_values": defaults,
        "validators": validators,
        "i18n": i18n,
        "indexes": indexes,
        "gridfs": gridfs,
    }
    for name, value in merged.items():
        setattr(cls, name, value)
    check, covers_required = compile_check(effective, required)
    return Schema(
        owner=owner,
        structure=effective,
        required_fields=tuple(required),
        default_values=defaults,
        validators=checked_validators,
        i18n_fields=frozenset(p for p in i18n if "." not in p),
        i18n_paths=frozenset(i18n),
        i18n_parents=frozenset(
            ".".join(p.split(".")[:n]) for p in i18n for n in range(1, p.count(".") + 1)
        ),
        indexes=parse_indexes(indexes, names, owner),
        gridfs_files=tuple(files),
        gridfs_containers=tuple(containers),
        namespaces=frozenset(names),
        has_custom_types=contains_custom(effective),
        has_autorefs=autorefs and wrapped is not structure,
        type_field=type_field,
        check=check,
        check_covers_required=covers_required,
        vouching_check=check if covers_required and not checked_validators else None,
        skeleton=plan_skeleton(effective),
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


def _crosses_list(structure: dict[Any, Any], path: str) -> bool:
    spec: Any = structure
    for part in path.split("."):
        if not isinstance(spec, dict):
            return True
        spec = spec.get(part)
    return False


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
