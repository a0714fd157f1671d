"""The exceptions of the dict documents, with their MongoKit names.

They live in :mod:`flask_mongo.errors` (one tree for the whole package);
this module re-exports them for the imports that name it.
"""

from __future__ import annotations

from typing import TypeVar

from pymongo.errors import DocumentTooLarge, OperationFailure

from ..errors import (
    AuthorizedTypeError,
    BadIndexError,
    BadKeyError,
    DefaultFieldTypeError,
    DocumentNotFound,
    DuplicateRequiredError,
    MultipleResultsFound,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    StaleDocument,
    StructureError,
    UpdateQueryError,
    ValidationError,
)

E = TypeVar("E", bound=BaseException)


def mongokit_worded(error: E, message: str) -> E:
    """``error`` whose text is MongoKit's wording, ``message`` (code that
    compares it keeps working); the project's own text, which names the
    class and says what to do, is kept as a note printed with the traceback.
    """
    error.add_note(str(error))
    error.args = (message, *error.args[1:])
    return error


class NotBoundError(SchemaDocumentError):
    """The document has no collection to be saved to or loaded from
    (MongoKit's ``ConnectionError``)."""


class NotSavedError(SchemaDocumentError, KeyError):
    """The document has no ``_id`` yet (also a ``KeyError``, as in MongoKit)."""

    def __str__(self) -> str:
        return str(self.args[0])


class NotStoredError(DocumentNotFound, OperationFailure):
    """No stored document has this document's ``_id`` (also a PyMongo
    ``OperationFailure``, as in MongoKit)."""

    def __init__(self, message: str) -> None:
        DocumentNotFound.__init__(self, message)
        OperationFailure.__init__(self, message)

    def __str__(self) -> str:
        return str(self._message)


class UntrustedFilterError(SchemaDocumentError, ValueError):
    """A sanitized collection got a filter with an operator below a field
    name (see :mod:`flask_mongo.structure.sanitize`)."""


class UndeclaredPathError(StructureError, ValueError):
    """A declaration (``required_fields``, ``default_values``, ``validators``,
    ``i18n``) names a path the structure does not have (also a
    ``ValueError``, as in MongoKit)."""


class UndeclaredIndexFieldError(BadIndexError, UndeclaredPathError):
    """An ``indexes`` entry names a field the structure does not have (a
    :class:`BadIndexError`, and a ``ValueError`` as in MongoKit)."""


class SetItemTypeError(SchemaTypeError, ValueError):
    """An item of a ``Set(type)`` field has another type (also a
    ``ValueError``, as in MongoKit)."""


class NotATypeError(StructureError, TypeError):
    """A structure entry is not a type, a container or an operator (also a
    ``TypeError``, as in MongoKit)."""


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


class MaxDocumentSizeError(SchemaDocumentError, DocumentTooLarge):
    """The document is larger than MongoDB accepts (16 MiB of BSON); also
    PyMongo's ``DocumentTooLarge``."""


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
    "NotATypeError",
    "NotBoundError",
    "NotSavedError",
    "NotStoredError",
    "OptionConflictError",
    "RequireFieldError",
    "SchemaDocumentError",
    "SchemaTypeError",
    "SetItemTypeError",
    "StaleDocument",
    "StructureError",
    "UndeclaredIndexFieldError",
    "UndeclaredPathError",
    "UntrustedFilterError",
    "UpdateQueryError",
    "ValidationError",
    "i18nError",
]
