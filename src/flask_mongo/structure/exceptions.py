"""The exceptions of the dict-document engine, with their MongoKit names.

All of them derive from :class:`SchemaDocumentError`, itself a
:class:`~flask_mongo.errors.FlaskMongoError`::

    FlaskMongoError
    └── SchemaDocumentError          misuse: an unbound document, a reload of
        │                            an unsaved one, ...
        ├── StructureError           a bad declaration, or unknown/missing keys
        │   ├── BadKeyError          a key starting with '$' or containing '.'
        │   ├── AuthorizedTypeError  a type or value outside authorized_types
        │   └── DuplicateRequiredError
        ├── SchemaTypeError          a value of the wrong type
        ├── RequireFieldError        a required field is missing
        ├── ValidationError          a validator refused a value
        ├── DefaultFieldTypeError    a default value does not fit its field
        ├── BadIndexError            an ``indexes`` entry cannot be used
        ├── MultipleResultsFound     ``one()`` found more than one document
        └── UpdateQueryError         a migration's update cannot be applied

Errors about one field carry its dotted path in :attr:`~SchemaDocumentError.path`
(``'author.name'``, ``'comments.2.text'``) and in the message.
"""

from __future__ import annotations

from ..errors import FlaskMongoError

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


class SchemaDocumentError(FlaskMongoError):
    """Base class of the dict-document errors.

    :param message: what is wrong and, where it helps, what to do.
    :param path: the dotted path of the field concerned, if any.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class StructureError(SchemaDocumentError):
    """A structure declaration is invalid, or a document's keys do not match
    its structure (unknown keys, missing keys)."""


class BadKeyError(StructureError):
    """A key starts with ``$`` or contains ``.``, which MongoDB reserves."""


class AuthorizedTypeError(StructureError):
    """A type in a structure, or a value in a document, is not one of the
    document's ``authorized_types``."""


class DuplicateRequiredError(StructureError):
    """A field is listed twice in ``required_fields``."""


class SchemaTypeError(SchemaDocumentError):
    """A value does not have the type its structure declares."""


class RequireFieldError(SchemaDocumentError):
    """A field in ``required_fields`` is missing, ``None`` or empty."""


class ValidationError(SchemaDocumentError):
    """A validator refused a value, or a document was not saved because
    validation found errors (see ``validation_errors``)."""


class DefaultFieldTypeError(SchemaDocumentError):
    """A value in ``default_values`` does not have its field's type."""


class BadIndexError(SchemaDocumentError):
    """An entry of ``indexes`` cannot be turned into a MongoDB index."""


class MultipleResultsFound(SchemaDocumentError):
    """``one()`` or ``fetch_one()`` matched more than one document."""


class UpdateQueryError(SchemaDocumentError):
    """A migration's ``target`` or ``update`` is missing or malformed."""
