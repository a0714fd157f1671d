"""MongoAlchemy's exception classes, under their legacy names.

Each is, or derives from, the matching :mod:`flask_mongo.errors` class, so
code catching either spelling catches what Flask-Mongo raises:
``DocumentException`` is :class:`~flask_mongo.errors.DocumentError`, and the
classes MongoAlchemy has that Flask-Mongo does not derive from the nearest
one (``InvalidConfigException`` is also a ``TypeError``, which the modern
fields raise for a bad option).
"""

from flask_mongo.errors import (
    BadQueryException,
    BadResultException,
    BadValueException,
    DocumentError,
    ExtraValueException,
    FieldNotRetrieved,
    MissingValueException,
)

__all__ = [
    "BadFieldSpecification",
    "BadQueryException",
    "BadReferenceException",
    "BadResultException",
    "BadValueException",
    "DocumentException",
    "ExtraValueException",
    "FieldNotRetrieved",
    "InvalidConfigException",
    "InvalidUpdateException",
    "MissingValueException",
    "SessionCacheException",
    "TransactionException",
]

#: MongoAlchemy's name for the base of document errors.
DocumentException = DocumentError


class BadReferenceException(DocumentError):
    """A reference (DBRef) cannot be followed: no such document, or another
    collection or database than the field allows."""


class InvalidConfigException(DocumentError, TypeError):
    """A field or document class was declared with options that cannot work
    (``default`` and ``default_f`` together, ``on_update='set'``...)."""


class BadFieldSpecification(DocumentError):
    """A field named in a declaration (``config_default_sort``, an index, a
    computed field's dependencies) is not a field of the class."""


class TransactionException(DocumentError):
    """A session operation is not allowed inside its current transaction."""


class SessionCacheException(DocumentError):
    """The session's identity cache was used in a way that cannot work."""


class InvalidUpdateException(DocumentError):
    """An update operation is malformed (no field, bad arguments)."""
