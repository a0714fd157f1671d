"""The typed object mapper: documents, fields, queries and indexes."""

from .document import Document
from .expressions import QueryExpression, and_, not_, or_
from .fields import (
    MISSING,
    AnythingField,
    BoolField,
    DateTimeField,
    DocumentField,
    Field,
    FloatField,
    IntField,
    ObjectIdField,
    QueryField,
    RegExStringField,
    StringField,
)
from .indexes import Index
from .query import BaseQuery

Document.query_class = BaseQuery

#: The names reachable as attributes of the extension (``db.StringField``).
EXTENSION_NAMES = (
    "AnythingField",
    "BoolField",
    "DateTimeField",
    "DocumentField",
    "Field",
    "FloatField",
    "IntField",
    "ObjectIdField",
    "RegExStringField",
    "StringField",
    "Index",
)

__all__ = [
    "MISSING",
    "AnythingField",
    "BaseQuery",
    "BoolField",
    "DateTimeField",
    "Document",
    "DocumentField",
    "Field",
    "FloatField",
    "Index",
    "IntField",
    "ObjectIdField",
    "QueryExpression",
    "QueryField",
    "RegExStringField",
    "StringField",
    "and_",
    "not_",
    "or_",
]
