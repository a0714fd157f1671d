"""Field types of the object mapper."""

from .base import MISSING, Field, QueryField, reject_operators
from .documents import DocumentField
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

__all__ = [
    "MISSING",
    "AnythingField",
    "BoolField",
    "DateTimeField",
    "DocumentField",
    "Field",
    "FloatField",
    "IntField",
    "ObjectIdField",
    "QueryField",
    "RegExStringField",
    "StringField",
    "reject_operators",
]
