"""A structure document class as a MongoDB ``$jsonSchema`` validator.

:func:`json_schema` (``Task.json_schema()``) describes what ``validate()``
accepts, so that the server refuses what the class would refuse even when
a document is written by other code::

    db.get_database().create_collection(
        "tasks", validator={"$jsonSchema": Task.json_schema()}
    )

``flask mongo schema --apply`` installs it for every registered class.

What maps, as MongoKit's validation reads a structure:

* a type gives its BSON type (``int``: ``int`` or ``long``; ``float``:
  ``double``; ``datetime``: ``date``; ``bytes``, ``Binary``, ``UUID``:
  ``binData``; ``DBRef``: an object...), ``None`` allowed, as MongoKit
  allows ``None`` for every typed field;
* a nested dict is an object whose keys must all be present, and none
  other (unless ``use_schemaless``); a ``{str: entry}`` dict an object
  whose every value is ``entry`` (``patternProperties``); neither may be
  ``None``, nor may a list;
* ``[entry]`` is an array of ``entry``; a tuple an array of that length;
* ``OR(a, b)`` is ``anyOf`` (or a list of BSON types), ``NOT(a, b)`` is
  ``not``, ``IS(x, y)`` is ``enum`` (``None`` allowed, as in MongoKit);
* a ``CustomType`` is its ``mongo_type``, a ``Set`` an array of its item
  type, a translated (``i18n``) field its stored list of
  ``{lang, value}``;
* ``required_fields``, dotted paths too (through nested dicts and list
  items), are required and not ``None``; a required list or dict must not
  be empty (``minItems``/``minProperties``);
* the top level accepts ``_id`` besides the structure's keys.

What is left unconstrained: ``validators`` (Python callables), ``None``
entries (any authorized type), types with no BSON type (``object``, your
own ``authorized_types``), operators holding such types, ``IS`` telling
``1`` from ``1.0`` (the server compares numbers by value), the
position of each tuple item, and required paths under ``{str: ...}``.
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import bson

from .i18n import I18n
from .schema import Schema
from .types import IS, NOT, OR, CustomType, SchemaOperator, Set

__all__ = ["json_schema", "structure_schema"]

JsonSchema = dict[str, Any]

_NULL = "null"
# The BSON type of a Python type, looked up along its MRO (bool before int).
_BSON_TYPES: dict[type[Any], str | list[str]] = {
    type(None): _NULL,
    bool: "bool",
    bson.Int64: "long",
    int: ["int", "long"],
    float: "double",
    str: "string",
    bson.Binary: "binData",
    bytes: "binData",
    uuid.UUID: "binData",
    list: "array",
    dict: "object",
    bson.DBRef: "object",
    datetime.datetime: "date",
    bson.ObjectId: "objectId",
    bson.Code: "javascript",
    re.Pattern: "regex",
    bson.Regex: "regex",
    bson.Decimal128: "decimal",
    bson.Timestamp: "timestamp",
    bson.MinKey: "minKey",
    bson.MaxKey: "maxKey",
}


def json_schema(cls: type[Any]) -> JsonSchema:
    """The ``$jsonSchema`` of the documents ``cls`` (a structure document
    class) validates: a dict to give as ``validator={"$jsonSchema": ...}``.

    .. versionadded:: 0.1
    """
    return structure_schema(cls._schema, schemaless=cls.use_schemaless)


def structure_schema(schema: Schema, *, schemaless: bool = False) -> JsonSchema:
    """The ``$jsonSchema`` of a class's merged :class:`~.schema.Schema`."""
    result = _Builder(schemaless).object(schema.structure, top=True)
    for path in schema.required_fields:
        _require(result, path.split("."))
    return result


class _Builder:
    def __init__(self, schemaless: bool) -> None:
        self.schemaless = schemaless

    def object(self, spec: dict[Any, Any], top: bool = False) -> JsonSchema:
        type_keys = [key for key in spec if isinstance(key, type)]
        if type_keys:  # {str: entry}
            return {
                "bsonType": "object",
                "patternProperties": {"": self.entry(spec[type_keys[0]])},
            }
        properties = {key: self.entry(sub) for key, sub in spec.items()}
        if top and "_id" not in properties:
            properties["_id"] = {}
        result: JsonSchema = {"bsonType": "object"}
        if spec and not self.schemaless:
            result["required"] = list(spec)
        result["properties"] = properties
        if not self.schemaless:
            result["additionalProperties"] = False
        return result

    def entry(self, spec: Any) -> JsonSchema:
        """The schema of one structure entry."""
        if isinstance(spec, dict):
            return self.object(spec)
        if isinstance(spec, list):
            result: JsonSchema = {"bsonType": "array"}
            items = self.entry(spec[0]) if spec else {}
            if items:
                result["items"] = items
            return result
        if isinstance(spec, tuple):
            return self.tuple(spec)
        if isinstance(spec, I18n):
            # Stored as [{"lang": "en", "value": ...}, ...].
            translation = {
                "bsonType": "object",
                "required": ["lang", "value"],
                "properties": {
                    "lang": {"bsonType": "string"},
                    "value": self.entry(spec.field_spec),
                },
                "additionalProperties": False,
            }
            return _nullable({"bsonType": "array", "items": translation})
        if isinstance(spec, Set):
            result = {"bsonType": "array"}
            if spec.item_type is not None:
                items = self.entry(spec.item_type)
                if items:
                    result["items"] = _not_null(items)
            return _nullable(result)
        if isinstance(spec, CustomType):
            return _nullable(_type_schema(spec.mongo_type))
        if isinstance(spec, SchemaOperator):
            return self.operator(spec)
        if isinstance(spec, type):
            return _nullable(_type_schema(spec))
        return {}  # None: any authorized value

    def tuple(self, spec: tuple[Any, ...]) -> JsonSchema:
        result: JsonSchema = {
            "bsonType": "array",
            "minItems": len(spec),
            "maxItems": len(spec),
        }
        options = [self.entry(item) for item in spec]
        if options and {} not in options:
            result["items"] = options[0] if len(options) == 1 else {"anyOf": options}
        return result

    def operator(self, spec: SchemaOperator) -> JsonSchema:
        if isinstance(spec, IS):
            return {"enum": [*spec.operands, None]}
        operands = [
            self.operator(op) if isinstance(op, SchemaOperator) else _type_schema(op)
            for op in spec
        ]
        if {} in operands:
            return {}  # an operand the server cannot check
        if isinstance(spec, NOT):
            # None always passes NOT, even NOT(type(None)).
            return {"anyOf": [{"not": {"anyOf": operands}}, {"bsonType": _NULL}]}
        assert isinstance(spec, OR)
        if all(list(op) == ["bsonType"] for op in operands):
            return _nullable({"bsonType": _flat([op["bsonType"] for op in operands])})
        return {"anyOf": [*operands, {"bsonType": _NULL}]}


def _type_schema(kind: Any) -> JsonSchema:
    for base in getattr(kind, "__mro__", ()):
        if base in _BSON_TYPES:
            return {"bsonType": _BSON_TYPES[base]}
    return {}


def _flat(types: list[str | list[str]]) -> list[str]:
    flat: list[str] = []
    for declared in types:
        for name in declared if isinstance(declared, list) else [declared]:
            if name not in flat:
                flat.append(name)
    return flat


def _nullable(schema: JsonSchema) -> JsonSchema:
    if "bsonType" in schema:
        schema["bsonType"] = _flat([schema["bsonType"], _NULL])
    return schema


def _not_null(schema: JsonSchema) -> JsonSchema:
    """``schema`` refusing None (which a set item, or a required field's
    value, may not be)."""
    schema = dict(schema)
    if "bsonType" in schema:
        kept = [t for t in _flat([schema["bsonType"]]) if t != _NULL]
        schema["bsonType"] = kept[0] if len(kept) == 1 else kept
    elif "enum" in schema:
        schema["enum"] = [value for value in schema["enum"] if value is not None]
    elif "anyOf" in schema:
        schema["anyOf"] = [s for s in schema["anyOf"] if s != {"bsonType": _NULL}]
    else:
        schema["not"] = {"bsonType": _NULL}
    return schema


def _require(node: JsonSchema, parts: list[str]) -> None:
    """Make the dotted path ``parts`` under ``node`` required: present, not
    None, and not an empty list or dict; the objects on the way too."""
    head, rest = parts[0], parts[1:]
    while node.get("bsonType") == "array" and "items" in node:
        node = node["items"]  # a list crossed item by item
    properties = node.get("properties")
    if properties is None or head not in properties:
        return  # under {str: ...}, or an untyped list: not described
    required = node.setdefault("required", [])
    if head not in required:
        required.append(head)
    prop = properties[head] = _not_null(properties[head])
    if rest:
        _require(prop, rest)
    elif prop.get("bsonType") == "array":
        prop["minItems"] = max(prop.get("minItems", 0), 1)
    elif prop.get("bsonType") == "object":
        prop["minProperties"] = 1
