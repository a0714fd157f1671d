"""``Doc.schema_json()``: MongoAlchemy's description of a document class,
as a JSON-able dict (the class's ``config_*`` settings and one dict per
field with its type name and options), for tools that inspect models.

This is not MongoDB's ``$jsonSchema`` validator: that is
:meth:`flask_mongo.odm.Document.json_schema`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask_mongo.core.values import MISSING
from flask_mongo.odm import fields as odm

if TYPE_CHECKING:
    from flask_mongo.odm import Document

__all__ = ["document_schema", "field_schema"]

_CONFIG = (
    "config_collection_name",
    "config_full_name",
    "config_namespace",
    "config_polymorphic",
    "config_polymorphic_collection",
    "config_polymorphic_identity",
    "config_extra_fields",
    "config_default_sort",
)


def document_schema(cls: type[Document]) -> dict[str, Any]:
    """The schema of a document class."""
    schema: dict[str, Any] = {name: getattr(cls, name, None) for name in _CONFIG}
    schema["fields"] = {name: field_schema(f) for name, f in cls._fields.items()}
    return schema


def field_schema(field: odm.Field[Any]) -> dict[str, Any]:
    """The schema of one field (its options, and its inner fields')."""
    if isinstance(field, odm.CreatedField):
        # MongoAlchemy's CreatedField was a one-time computed DateTimeField.
        return {
            **_base(field, "ComputedField"),
            "computed_type": _base(odm.DateTimeField(), "DateTimeField"),
            "one_time": True,
            "deps": [],
        }
    # A private subclass (mongo_id's) reports the public type it refines.
    name = next(c.__name__ for c in type(field).__mro__ if c.__name__[0] != "_")
    schema = _base(field, name)
    schema.update(_options(field))
    return schema


def _base(field: odm.Field[Any], type_name: str) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": type_name,
        "required": field.required,
        "db_field": field._db_field,
        "allow_none": field.allow_none,
        "on_update": field.on_update,
        "validator_set": field.validator is not None,
        "unwrap_validator": field.unwrap_validator is not None,
        "wrap_validator": field.wrap_validator is not None,
        "ignore_missing": field.ignore_missing,
    }
    if field.default is MISSING and field.default_f is None:
        schema["default_unset"] = True
    elif field.default_f is not None:
        schema["default_f"] = repr(field.default_f)
    else:
        schema["default"] = field.default
    return schema


def _options(field: odm.Field[Any]) -> dict[str, Any]:
    """The options of each kind of field."""
    options: dict[str, Any] = {}
    if isinstance(field, odm.IntField | odm.FloatField):
        options.update(min_value=field.min_value, max_value=field.max_value)
    if isinstance(field, odm.DateTimeField):
        options.update(
            min_date=field.min_date, max_date=field.max_date, use_tz=field.use_tz
        )
    if isinstance(field, odm.ObjectIdField):
        options["auth"] = False  # MongoAlchemy's key (its "auto" option)
    if isinstance(field, odm.TupleField):
        options["types"] = [field_schema(t) for t in field.item_types]
    if isinstance(field, odm.GeoField):
        options["types"] = [field_schema(odm.FloatField()) for _ in range(2)]
    if isinstance(field, odm.EnumField):
        options.update(
            item_type=field_schema(field.item_type), values=list(field.values)
        )
    if isinstance(field, odm.ListField | odm.SetField):
        options["item_type"] = field_schema(field.item_type)
    if isinstance(field, odm.DictField | odm.KVField):
        options["value_type"] = field_schema(field.value_type)
        options["default_empty"] = field.default_empty
    if isinstance(field, odm.KVField):
        options["key_type"] = field_schema(field.key_type)
    if isinstance(field, odm.ComputedField):
        options.update(
            computed_type=field_schema(field.computed_type),
            one_time=field.one_time,
            deps=field.dep_names(),
        )
    if isinstance(field, odm.DocumentField):
        target = field.document_class
        options["subtype"] = f"{target.config_namespace}:{target.__name__}"
    if isinstance(field, odm.RefField | odm.SRefField):
        referenced = field.document_class
        subtype = None if referenced is None else odm.DocumentField(referenced)
        options.update(
            subtype=None if subtype is None else field_schema(subtype),
            db=getattr(field, "db", None),
            db_required=getattr(field, "db_required", False),
            namespace=field.namespace,
        )
    return options
