"""The exceptions and warnings Flask-Mongo raises, in one tree.

Everything derives from :class:`FlaskMongoError`, so ``except
FlaskMongoError`` catches any of them. Each message says what was wrong and
what to do about it::

    FlaskMongoError
    ├── ImproperlyConfigured             (alias ImproperlyConfiguredError)
    ├── AuthenticationIncorrect          also a pymongo OperationFailure
    ├── SessionDataError                 also a TypeError (server-side sessions)
    └── DocumentError                    a document or query misused
        ├── BadValueException            also a ValueError
        ├── MissingValueException
        ├── FieldNotRetrieved            also an AttributeError
        ├── ExtraValueException
        ├── BadQueryException
        ├── BadResultException           one() found none, or several
        │   └── MultipleResultsFound     (also a SchemaDocumentError)
        └── SchemaDocumentError          the dict documents' errors
            ├── DocumentNotFound         removed before this save (both mappers)
            ├── StaleDocument            changed by another writer since loaded
            ├── StructureError
            │   ├── BadKeyError
            │   ├── AuthorizedTypeError
            │   └── DuplicateRequiredError
            ├── SchemaTypeError
            ├── RequireFieldError
            ├── ValidationError
            ├── DefaultFieldTypeError
            ├── BadIndexError
            └── UpdateQueryError

The legacy front-ends re-export the names their users know
(``ImproperlyConfiguredError``, ``BadValueException``, MongoKit's
``StructureError``...).
"""

from __future__ import annotations

import reprlib
from typing import Any

from pymongo.errors import OperationFailure

_SHORT = reprlib.Repr()  # keyword arguments need Python 3.12
_SHORT.maxlevel = 4
_SHORT.maxstring = _SHORT.maxother = 60


class FlaskMongoError(Exception):
    """Base class of every Flask-Mongo exception."""


class ImproperlyConfigured(FlaskMongoError):
    """The application's configuration cannot be used (raised at ``init_app``)."""


#: The Flask-MongoAlchemy spelling.
ImproperlyConfiguredError = ImproperlyConfigured


class ConfigWarning(UserWarning):
    """A configuration key looks like a mistake (for example, a typo)."""


class SessionDataError(FlaskMongoError, TypeError):
    """A Flask session value cannot be stored in MongoDB (raised when the
    session is saved); the message names the key."""


class AuthenticationIncorrect(FlaskMongoError, OperationFailure):
    """The server refused the configured user name and password.

    Also a :class:`pymongo.errors.OperationFailure`, so code catching that
    still works.
    """


# -- the object mapper (flask_mongo.odm) ------------------------------------


class DocumentError(FlaskMongoError):
    """A document or query was used in a way that cannot work."""


class BadValueException(DocumentError, ValueError):
    """A value does not fit its field (wrong type, out of bounds, not valid).

    The message names the field and what it expected. Raised on assignment,
    when a query expression is built, and on save for values that changed
    behind the document's back.
    """

    def __init__(self, name: str, value: object, reason: str) -> None:
        # reprlib bounds the depth too: a value nested too deeply to store
        # must not be too deep to report.
        shown = _SHORT.repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        super().__init__(f"bad value for field {name!r}: {shown}: {reason}")
        self.name = name
        self.value = value
        self.reason = reason


class MissingValueException(DocumentError):
    """A required field has no value when the document is saved."""


class FieldNotRetrieved(DocumentError, AttributeError):
    """The field was left out of the query's ``fields(...)`` projection."""


class ExtraValueException(DocumentError):
    """A stored document has keys its class does not declare, and the class
    says ``config_extra_fields = 'error'``."""


class BadQueryException(DocumentError):
    """A query names a field the document does not have, or is malformed."""


class BadResultException(DocumentError):
    """``one()`` found no document, or more than one."""


# -- the dict documents (flask_mongo.structure), with MongoKit's names ------


class SchemaDocumentError(DocumentError):
    """Base class of the dict-document errors.

    :param message: what is wrong and, where it helps, what to do.
    :param path: the dotted path of the field concerned, if any.
    """

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class MultipleResultsFound(BadResultException, SchemaDocumentError):
    """``one()`` or ``fetch_one()`` matched more than one document."""


class DocumentNotFound(SchemaDocumentError):
    """The document is gone from the database: it was removed (here or by
    another client) before this save. Nothing was written; a removed document
    is never recreated by ``save()``. Both mappers raise it (for the dict
    documents it is also their ``SchemaDocumentError``)."""


class StaleDocument(SchemaDocumentError):
    """Another writer saved this document since it was loaded: its stored
    version is no longer the one this copy was loaded at (optimistic
    concurrency, opted into with ``config_versioned = True`` on a typed
    class or ``use_optimistic_locking = True`` on a dict document). Nothing
    was written. Reload the document, apply the change again and save, or
    answer the request with 409 Conflict.

    :ivar document_id: the ``_id`` of the document.
    :ivar expected: the version this copy was loaded at (``None``: a
        document stored before versioning was turned on).
    :ivar stored: the version now stored.
    """

    def __init__(
        self, message: str, document_id: object, expected: object, stored: object
    ) -> None:
        super().__init__(message)
        self.document_id = document_id
        self.expected = expected
        self.stored = stored


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


class UpdateQueryError(SchemaDocumentError):
    """A migration's ``target`` or ``update`` is missing or malformed."""


class ShardKeyChangeError(SchemaDocumentError):
    """A save would change a shard-key value of a stored document. A
    document's shard key is fixed: remove it and insert a new document
    with the new value instead."""


class BulkWriteFailed(FlaskMongoError):
    """Some documents of a bulk save were refused by the server. The others
    were written and are marked saved; :attr:`failures` lists each refused
    document with the server's error (code and message), :attr:`unsent`
    the documents an ordered save stopped before."""

    def __init__(
        self,
        message: str,
        failures: list[tuple[Any, dict[str, Any]]],
        unsent: list[Any],
    ) -> None:
        super().__init__(message)
        #: Each refused document with the server's error, as
        #: ``(document, {"code": ..., "message": ...})``.
        self.failures = failures
        #: The documents an ordered save did not send (after a refusal).
        self.unsent = unsent

    @classmethod
    def of(
        cls, failures: list[tuple[Any, dict[str, Any]]], unsent: list[Any]
    ) -> BulkWriteFailed:
        """The error for a bulk save's refusals, its message naming each."""
        return cls(
            f"{len(failures)} document(s) were refused"
            + (f" and {len(unsent)} not sent (ordered)" if unsent else "")
            + ": "
            + "; ".join(f"{type(d).__name__}: {e['message']}" for d, e in failures),
            failures,
            unsent,
        )
