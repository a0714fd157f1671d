"""A typed document class as a MongoDB ``$jsonSchema`` validator.

:func:`json_schema` (``Book.json_schema()``) describes what the class
writes, so that the server refuses what the class would refuse even when a
document is written by other code (a script, another service, the shell)::

    db.get_database().create_collection(
        "Book", validator={"$jsonSchema": Book.json_schema()}
    )

``flask mongo schema --apply`` installs it for every class of an app.

What maps: each field's stored type (``bsonType``, ``"null"`` too with
``allow_none``), ``required=True`` fields (``_id`` aside: the server adds
it), ``min_value``/``max_value`` (``minimum``/``maximum``),
``min_length``/``max_length``, a ``RegExStringField``'s ``regex`` (anchored,
as the field matches the whole value; see :func:`whole_match_pattern`), an
``EnumField``'s values (``enum``), embedded documents (nested objects, with
their own fields and ``config_extra_fields``), lists and sets (arrays with
``items`` and ``min_capacity``/``max_capacity``), tuples (arrays of that
length), dicts (``patternProperties`` for every key), ``KVField`` pairs,
references (a ``DBRef`` object or an ``ObjectId``), and
``config_extra_fields='error'`` (``additionalProperties: false``).

What is left unconstrained: ``validator``/``wrap_validator`` callables,
``DateTimeField`` bounds (``$jsonSchema`` bounds only numbers), the
``VERBOSE`` flag and the parts of Python's regex syntax PCRE reads
otherwise, the position of each tuple item (any item may have any of the
tuple's types), ``AnythingField``, a class embedded in itself (its inner
levels), and the other classes sharing a polymorphic collection (see
:func:`collection_schema`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .fields import scalars
from .fields.base import Field
from .fields.computed import ComputedField
from .fields.containers import TupleField, _Sequence
from .fields.documents import DocumentField
from .fields.geo import GeoField
from .fields.mappings import DictField, KVField
from .fields.references import RefField
from .fields.special import BinaryField, EnumField

if TYPE_CHECKING:
    from .document import Document

__all__ = [
    "collection_schema",
    "embedded_classes",
    "field_schema",
    "json_schema",
    "whole_match_pattern",
]

Schema = dict[str, Any]

# The stored BSON type of each scalar field type (subclasses included).
_BSON_TYPES: tuple[tuple[type[Field[Any]], str | list[str]], ...] = (
    (scalars.BoolField, "bool"),
    (scalars.IntField, ["int", "long"]),
    (scalars.FloatField, "double"),
    (scalars.StringField, "string"),
    (scalars.ObjectIdField, "objectId"),  # SRefField too
    (scalars.DateTimeField, "date"),  # CreatedField, ModifiedField too
    (BinaryField, "binData"),
    (RefField, "object"),  # a DBRef
)


def json_schema(cls: type[Document]) -> Schema:
    """The ``$jsonSchema`` of the documents ``cls`` writes: a dict to give
    as ``validator={"$jsonSchema": ...}``.

    .. versionadded:: 0.1
    """
    return _object_schema(cls, frozenset())


def collection_schema(classes: Iterable[Any]) -> Schema:
    """One ``$jsonSchema`` for a collection several classes write (the
    classes of a ``config_polymorphic_collection``, or of either mapper:
    anything with a ``json_schema()`` class method): a document must match
    one of them. A single class gives its own schema."""
    schemas = [cls.json_schema() for cls in classes]
    if len(schemas) == 1:
        return schemas[0]  # type: ignore[no-any-return]
    return {"bsonType": "object", "anyOf": schemas}


def embedded_classes(cls: type[Document]) -> set[type[Document]]:
    """The classes ``cls`` embeds (``DocumentField``, in containers too),
    all the way down."""
    found: set[type[Document]] = set()
    pending = list(cls._fields.values())
    while pending:
        field = pending.pop()
        if isinstance(field, DocumentField):
            embedded = field.document_class
            if embedded not in found:
                found.add(embedded)
                pending.extend(embedded._fields.values())
        else:
            pending.extend(_inner_fields(field))
    return found


def _inner_fields(field: Field[Any]) -> list[Field[Any]]:
    if isinstance(field, EnumField):
        return [field.item_type]
    if isinstance(field, ComputedField):
        return [field.computed_type]
    if isinstance(field, _Sequence):
        return [field.item_type]
    if isinstance(field, TupleField):
        return list(field.item_types)
    if isinstance(field, DictField):
        return [field.value_type]
    if isinstance(field, KVField):
        return [field.key_type, field.value_type]
    return []


def _object_schema(cls: type[Document], seen: frozenset[type[Any]]) -> Schema:
    seen = seen | {cls}
    properties: Schema = {}
    required: list[str] = []
    for field in cls._fields.values():
        key = field.db_field
        properties[key] = _nullable(field, field_schema(field, seen))
        if field.required and key != "_id":
            required.append(key)
    poly_key = cls._poly_key
    if poly_key is not None and poly_key not in properties:
        identity = cls.config_polymorphic_identity
        # A subclass stores its identity; a base class may store none.
        properties[poly_key] = {} if identity is None else {"enum": [identity]}
        if identity is not None:
            required.append(poly_key)
    schema: Schema = {"bsonType": "object"}
    if required:
        schema["required"] = required
    schema["properties"] = properties
    if cls.config_extra_fields == "error":
        schema["additionalProperties"] = False
    return schema


def field_schema(field: Field[Any], seen: frozenset[type[Any]] = frozenset()) -> Schema:
    """The ``$jsonSchema`` of one field's non-None stored values (``{}``: any
    value). ``seen`` holds the embedded classes already being described."""
    if isinstance(field, EnumField):
        inner = field_schema(field.item_type, seen)
        inner["enum"] = [field.item_type.to_mongo(value) for value in field.values]
        return inner
    if isinstance(field, ComputedField):
        return field_schema(field.computed_type, seen)
    if isinstance(field, DocumentField):
        embedded = field.document_class
        if embedded in seen:  # a tree: its inner levels stay unchecked
            return {"bsonType": "object"}
        return _object_schema(embedded, seen)
    if isinstance(field, _Sequence | TupleField | DictField | KVField | GeoField):
        return _container_schema(field, seen)
    for kind, bson_type in _BSON_TYPES:
        if isinstance(field, kind):
            return _scalar_schema(field, bson_type)
    return {}  # AnythingField, and field types this module does not know


def _scalar_schema(field: Field[Any], bson_type: str | list[str]) -> Schema:
    schema: Schema = {"bsonType": bson_type}
    if isinstance(field, scalars.IntField | scalars.FloatField):
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, scalars.StringField):
        if field.min_length is not None:
            schema["minLength"] = field.min_length
        if field.max_length is not None:
            schema["maxLength"] = field.max_length
        if isinstance(field, scalars.RegExStringField):
            schema["pattern"] = whole_match_pattern(field.regex)
    return schema


# Python's regex flags that PCRE spells inline.
_INLINE_FLAGS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def whole_match_pattern(regex: re.Pattern[str]) -> str:
    """A pattern the server's search matches where ``regex.fullmatch``
    does: anchored at both ends (``$(?!\\n)``: not before a final newline,
    which ``$`` alone allows), with ``IGNORECASE``, ``MULTILINE`` and
    ``DOTALL`` written inline. Python and PCRE read these the same way."""
    flags = "".join(letter for flag, letter in _INLINE_FLAGS if regex.flags & flag)
    inline = f"(?{flags})" if flags else ""
    return f"{inline}\\A(?:{regex.pattern})$(?!\\n)"


def _container_schema(field: Field[Any], seen: frozenset[type[Any]]) -> Schema:
    if isinstance(field, GeoField):
        return {
            "bsonType": "array",
            "minItems": 2,
            "maxItems": 2,
            "items": {"bsonType": "double"},
        }
    if isinstance(field, DictField):
        return {
            "bsonType": "object",
            "patternProperties": {"": _item(field.value_type, seen)},
        }
    if isinstance(field, KVField):
        pair = {
            "bsonType": "object",
            "required": ["k", "v"],
            "properties": {
                "k": _item(field.key_type, seen),
                "v": _item(field.value_type, seen),
            },
            "additionalProperties": False,
        }
        return {"bsonType": "array", "items": pair}
    schema: Schema = {"bsonType": "array"}
    if isinstance(field, TupleField):
        count = len(field.item_types)
        schema["minItems"] = schema["maxItems"] = count
        options = [_item(item, seen) for item in field.item_types]
        if options and {} not in options:
            schema["items"] = options[0] if count == 1 else {"anyOf": options}
        return schema
    assert isinstance(field, _Sequence)
    if field.min_capacity is not None:
        schema["minItems"] = field.min_capacity
    if field.max_capacity is not None:
        schema["maxItems"] = field.max_capacity
    items = _item(field.item_type, seen)
    if items:
        schema["items"] = items
    return schema


def _item(field: Field[Any], seen: frozenset[type[Any]]) -> Schema:
    return _nullable(field, field_schema(field, seen))


def _nullable(field: Field[Any], schema: Schema) -> Schema:
    """``schema``, accepting None too when the field does (every non-empty
    field schema has a ``bsonType`` or an ``enum``)."""
    if not field.allow_none or not schema:
        return schema
    schema = dict(schema)
    if "bsonType" in schema:
        declared = schema["bsonType"]
        declared = declared if isinstance(declared, list) else [declared]
        schema["bsonType"] = [*declared, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema
