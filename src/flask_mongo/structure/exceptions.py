"""The exceptions of the dict documents, with their MongoKit names.

They live in :mod:`flask_mongo.errors` (one tree for the whole package);
this module re-exports them for the imports that name it.
"""

from __future__ import annotations

from ..errors import (
    AuthorizedTypeError,
    BadIndexError,
    BadKeyError,
    DefaultFieldTypeError,
    DuplicateRequiredError,
    MultipleResultsFound,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    StructureError,
    UpdateQueryError,
    ValidationError,
)

__all__ = [
    "AuthorizedTypeError",
    "BadIndexError",
    "BadKeyError",
    "DefaultFieldTypeError",
    "DuplicateRequiredError",
    "MultipleResultsFound",
    "RequireFieldError",
    "SchemaDocumentError",
    "SchemaTypeError",
    "StructureError",
    "UpdateQueryError",
    "ValidationError",
]
