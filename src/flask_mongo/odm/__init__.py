"""The typed object mapper: documents, fields, queries and indexes.

The field types are those of :mod:`flask_mongo.odm.fields`, re-exported
here as that package lists them.
"""

from . import fields
from .document import Document
from .expressions import QueryExpression, and_, not_, or_
from .fields import *  # noqa: F403 - exactly fields.__all__, listed once there
from .indexes import Index
from .query import BaseQuery

# Names of fields.__all__ that are not field types.
_NOT_FIELD_TYPES = ("MISSING", "QueryField", "reject_operators")

#: The names reachable as attributes of the extension (``db.StringField``).
EXTENSION_NAMES = (
    *(name for name in fields.__all__ if name not in _NOT_FIELD_TYPES),
    "Index",
)

__all__ = [
    "BaseQuery",
    "Document",
    "Index",
    "QueryExpression",
    "and_",
    "not_",
    "or_",
]
__all__ += fields.__all__
