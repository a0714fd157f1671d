"""The exceptions Flask-Mongo raises.

One hierarchy for the whole package: everything derives from
:class:`FlaskMongoError`, so ``except FlaskMongoError`` catches any of them.
Each message says what was wrong and what to do about it.

The legacy front-ends re-export the names their users know
(``ImproperlyConfiguredError``, ``BadValueException``, ...).
"""

from __future__ import annotations


class FlaskMongoError(Exception):
    """Base class of every Flask-Mongo exception."""


class ImproperlyConfigured(FlaskMongoError):
    """The application's configuration cannot be used (raised at ``init_app``)."""


#: The Flask-MongoAlchemy spelling.
ImproperlyConfiguredError = ImproperlyConfigured


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
        shown = repr(value)
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


class DocumentNotFound(DocumentError):
    """The document is gone from the database: it was removed (here or by
    another client) before this save. Nothing was written; a removed document
    is never recreated by ``save()``."""
