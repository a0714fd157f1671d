"""Field types of the object mapper."""

from ...core.values import MISSING, reject_operators
from ..paths import QueryField
from .base import Field
from .computed import ComputedField, computed_field
from .containers import ListField, SetField, TupleField
from .documents import DocumentField
from .files import FileField
from .geo import GeoField
from .mappings import DictField, KVField
from .references import RefField, SRefField
from .scalars import (
    AnythingField,
    BoolField,
    DateTimeField,
    FloatField,
    IntField,
    ObjectIdField,
    RegExStringField,
    StringField,
)
from .special import BinaryField, CreatedField, EnumField, ModifiedField

__all__ = [
    "MISSING",
    "AnythingField",
    "BinaryField",
    "BoolField",
    "ComputedField",
    "CreatedField",
    "DateTimeField",
    "DictField",
    "DocumentField",
    "EnumField",
    "Field",
    "FileField",
    "FloatField",
    "GeoField",
    "IntField",
    "KVField",
    "ListField",
    "ModifiedField",
    "ObjectIdField",
    "QueryField",
    "RefField",
    "RegExStringField",
    "SRefField",
    "SetField",
    "StringField",
    "TupleField",
    "computed_field",
    "reject_operators",
]
