"""Checking a document against its :class:`~.schema.Schema`.

:func:`validate_document` walks the document once for its structure (types,
unknown and missing keys, reserved key names), then checks
``required_fields``, then runs ``validators``. Every problem is handed to a
``report`` callback as an exception carrying the field's dotted path; the
document decides whether to raise it or to collect it.

Paths name real positions, as MongoDB does: ``author.name``,
``comments.2.text``, ``scores.alice``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..core.values import MISSING, check_depth
from .exceptions import (
    AuthorizedTypeError,
    BadKeyError,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    StructureError,
    ValidationError,
)
from .i18n import I18n
from .paths import join, resolve
from .schema import Schema
from .specs import check_key
from .types import IS, CustomType, SchemaOperator, is_instance

__all__ = ["check_value", "resolve", "validate_document"]

Report = Callable[[SchemaDocumentError], None]

# Declared types a value of exactly that type always satisfies.
_SCALARS = frozenset({str, int, float, bool})


def validate_document(
    doc: dict[str, Any],
    schema: Schema,
    *,
    authorized: list[type[Any]],
    schemaless: bool,
    report: Report,
) -> int | None:
    """Check ``doc`` and report every problem found.

    :returns: an upper bound of the document's BSON size in bytes when the
        schema's compiled check (see :mod:`.compiled`) vouched for the
        structure, else None.
    :raises BadValueException: ``doc`` is nested deeper than MongoDB stores
        (checked first, without recursion, so the walk below is bounded).
    """
    check = schema.check
    if check is not None and not schemaless:
        size = check(doc)  # (run again when the vouching check said -1)
        if size >= 0:  # the walk below would report nothing
            if not schema.check_covers_required:
                check_required(doc, schema, report)
            if schema.validators:
                run_validators(doc, schema, report)
            return size
    check_depth(doc, schema.owner)
    walker = _Walker(authorized, schemaless, schema.owner, report)
    walker.dict_value(doc, schema.structure, "", top=True)
    check_required(doc, schema, report)
    run_validators(doc, schema, report)
    return None


def check_value(
    value: Any, spec: Any, path: str, authorized: list[type[Any]]
) -> list[SchemaDocumentError]:
    """The problems of one value against one structure entry."""
    errors: list[SchemaDocumentError] = []
    _Walker(authorized, False, path, errors.append).value(value, spec, path)
    return errors


def _empty(value: Any) -> bool:
    return (
        value is MISSING
        or value is None
        or (isinstance(value, (list, dict, set, tuple)) and not value)
    )


def check_required(doc: dict[str, Any], schema: Schema, report: Report) -> None:
    """Report every required field that is missing, ``None`` or empty."""
    for required, keys in _required_keys(schema):
        if keys:  # a path through dicts only: looked up directly
            value: Any = doc
            for key in keys:
                if not isinstance(value, dict) or key not in value:
                    break
                value = value[key]
            else:
                if not _empty(value):
                    continue
        # Missing, empty, or through lists or $-keys: every real path named.
        for path, value in resolve(doc, required):
            if _empty(value):
                report(RequireFieldError(f"{path} is required", path))


# Each schema's required paths, split once: (schema, [(path, keys)]) by id.
_REQUIRED: dict[int, tuple[Schema, list[tuple[str, tuple[str, ...]]]]] = {}


def _required_keys(schema: Schema) -> list[tuple[str, tuple[str, ...]]]:
    """``(declared path, its keys)`` for each required field of ``schema``;
    the keys are empty for paths with a ``$`` part, which name many keys."""
    entry = _REQUIRED.get(id(schema))
    if entry is not None and entry[0] is schema:
        return entry[1]
    compiled = []
    for required in schema.required_fields:
        keys = tuple(required.split("."))
        compiled.append((required, () if any(k[:1] == "$" for k in keys) else keys))
    # The schema is kept with its entry, so its id cannot be reused.
    _REQUIRED[id(schema)] = (schema, compiled)
    return compiled


def run_validators(doc: dict[str, Any], schema: Schema, report: Report) -> None:
    """Run the validators of every field that has a value.

    A validator refuses a value by returning a false value other than
    ``None``, or by raising; a ``%s`` in the message it raises is replaced by
    the field's path (the MongoKit convention).
    """
    for declared, validators in schema.validators.items():
        for path, value in resolve(doc, declared):
            if value is MISSING or value is None:
                continue
            for validator in validators:
                try:
                    result = validator(value)
                except Exception as error:
                    report(ValidationError(_validator_message(str(error), path), path))
                    break
                if result is not None and not result:
                    name = getattr(validator, "__name__", type(validator).__name__)
                    report(
                        ValidationError(
                            f"{path} does not pass the validator {name}", path
                        )
                    )
                    break


def _validator_message(message: str, path: str) -> str:
    if "%s" in message:
        return message.replace("%s", path)
    return message if message.startswith(path) else f"{path}: {message}"


@functools.lru_cache(maxsize=64)
def _value_types(authorized: tuple[Any, ...]) -> tuple[tuple[type[Any], ...], str]:
    """The types an unstructured value may have, and their names for
    messages, from a document's ``authorized_types`` (worked out once)."""
    types = tuple(t for t in authorized if isinstance(t, type) and t is not CustomType)
    return types, ", ".join(t.__name__ for t in types)


class _Walker:
    """One pass over a value and its structure entry."""

    def __init__(
        self, authorized: list[type[Any]], schemaless: bool, owner: str, report: Report
    ) -> None:
        self.value_types, self.authorized_names = _value_types(tuple(authorized))
        self.schemaless = schemaless
        self.owner = owner
        self.report = report

    def wrong_type(self, value: Any, expected: str, path: str) -> None:
        self.report(
            SchemaTypeError(
                f"{path} must be an instance of {expected} not {type(value).__name__}",
                path,
            )
        )

    def value(self, value: Any, spec: Any, path: str) -> None:
        if type(value) is spec and spec in _SCALARS:
            return  # the commonest case: exactly the declared scalar type
        if spec is None:
            self.any_value(value, path)
        elif isinstance(spec, I18n):
            self.translated(value, spec, path)
        elif isinstance(spec, CustomType):
            self.custom(value, spec, path)
        elif isinstance(spec, SchemaOperator):
            if value is not None and not spec.validate(value):
                if isinstance(spec, IS):
                    self.report(
                        SchemaTypeError(
                            f"{path} must be in {spec!r} not {value!r}", path
                        )
                    )
                else:
                    self.wrong_type(value, repr(spec), path)
            elif isinstance(value, (dict, list)):
                self.any_value(value, path)
        elif isinstance(spec, type):
            if value is None:
                return
            if not is_instance(value, spec):
                self.wrong_type(value, spec.__name__, path)
            elif isinstance(value, (dict, list, tuple)):
                self.any_value(value, path)
        elif isinstance(spec, dict):
            self.dict_value(value, spec, path)
        elif isinstance(spec, list):
            if not isinstance(value, (list, tuple)):
                self.wrong_type(value, "list", path)
                return
            item_spec = spec[0] if spec else None
            for i, item in enumerate(value):
                self.value(item, item_spec, join(path, i))
        elif isinstance(spec, tuple):
            if not isinstance(value, (list, tuple)):
                self.wrong_type(value, "list", path)
                return
            if len(value) != len(spec):
                self.report(
                    SchemaTypeError(
                        f"{path} must have {len(spec)} items not {len(value)}", path
                    )
                )
                return
            for i, (item, item_spec) in enumerate(zip(value, spec)):
                self.value(item, item_spec, join(path, i))

    def custom(self, value: Any, spec: CustomType, path: str) -> None:
        if value is None:
            return
        expected = spec.python_type
        if expected is not None and not is_instance(value, expected):
            self.wrong_type(value, expected.__name__, path)
            return
        try:
            spec.validate(value, path)
        except SchemaDocumentError as error:
            self.report(error)
            return
        if spec.check_stored:
            # What would be written must be of mongo_type (as MongoKit
            # checked): a to_bson giving another type is refused here.
            stored = spec.to_bson(value)
            mongo = spec.mongo_type
            if (
                mongo is not None
                and stored is not None
                and not is_instance(stored, mongo)
            ):
                self.wrong_type(stored, mongo.__name__, path)

    def translated(self, value: Any, spec: I18n, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.wrong_type(value, "i18n (a dict of language: value)", path)
            return
        for lang, item in value.items():
            self.key(lang, join(path, lang))
            self.value(item, spec.field_spec, join(path, lang))

    def key(self, key: Any, path: str) -> bool:
        try:
            check_key(key, path)
        except BadKeyError as error:
            self.report(error)
            return False
        return True

    def any_value(self, value: Any, path: str) -> None:
        """Any authorized value; containers are checked all the way down."""
        if not isinstance(value, self.value_types):
            self.report(
                AuthorizedTypeError(
                    f"{path}: {type(value).__name__} is not an authorized type"
                    f" (authorized: {self.authorized_names})",
                    path,
                )
            )
        elif isinstance(value, dict):
            for key, item in value.items():
                if self.key(key, join(path, key)):
                    self.any_value(item, join(path, key))
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                self.any_value(item, join(path, i))

    def dict_value(
        self, value: Any, spec: dict[Any, Any], path: str, *, top: bool = False
    ) -> None:
        if not isinstance(value, dict):
            self.wrong_type(value, "dict", path)
            return
        type_keys = [k for k in spec if isinstance(k, type)]
        if type_keys:
            key_type = type_keys[0]
            for key, item in value.items():
                item_path = join(path, key)
                if not isinstance(key, key_type):
                    self.report(
                        SchemaTypeError(
                            f"key {key!r} of {path} must be an instance of"
                            f" {key_type.__name__} not {type(key).__name__}",
                            item_path,
                        )
                    )
                elif self.key(key, item_path):
                    self.value(item, spec[key_type], item_path)
            return
        where = f"{path} ({self.owner})" if path else self.owner
        unknown = []
        for key in value:
            if key in spec or (top and key == "_id"):
                continue
            if not self.key(key, join(path, key)):
                continue
            if self.schemaless:
                self.any_value(value[key], join(path, key))
            else:
                unknown.append(key)
        if unknown:
            self.report(
                StructureError(
                    f"unknown fields {sorted(map(str, unknown))} in {where}; declare"
                    " them in the structure, or set use_schemaless = True",
                    path or None,
                )
            )
        missing = [key for key in spec if key not in value]
        if missing and not self.schemaless:
            self.report(
                StructureError(
                    f"missing fields {sorted(missing)} in {where}; set them (None"
                    " is fine), or migrate stored documents with a DocumentMigration",
                    path or None,
                )
            )
        for key, item_spec in spec.items():
            if key in value:
                item = value[key]
                if type(item) is item_spec and item_spec in _SCALARS:
                    continue  # as in value(), before the path is built
                self.value(item, item_spec, join(path, key))
