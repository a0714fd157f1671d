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


class EvalException(SchemaDocumentError, ValueError):
    """A ``$name`` key part names no type (``DotExpandedDict``)."""


class OptionConflictError(StructureError, ValueError):
    """Two class declarations that cannot go together."""


class AutoReferenceError(SchemaDocumentError):
    """A referenced document (``use_autorefs``) cannot be stored or loaded."""


class DuplicateDefaultValueError(StructureError):
    """``default_values`` names a field twice."""


class ModifierOperatorError(SchemaDocumentError):
    """An update operator was misused."""


class MaxDocumentSizeError(SchemaDocumentError):
    """The document is larger than the server accepts."""


class i18nError(SchemaDocumentError):
    """A translated field was declared or used wrongly."""


__all__ = [
    "AuthorizedTypeError",
    "AutoReferenceError",
    "BadIndexError",
    "BadKeyError",
    "DefaultFieldTypeError",
    "DuplicateDefaultValueError",
    "DuplicateRequiredError",
    "EvalException",
    "MaxDocumentSizeError",
    "ModifierOperatorError",
    "MultipleResultsFound",
    "OptionConflictError",
    "RequireFieldError",
    "SchemaDocumentError",
    "SchemaTypeError",
    "StructureError",
    "UpdateQueryError",
    "ValidationError",
    "i18nError",
]
