"""Flask-MongoKit's API on Flask 3 and PyMongo 4.

``from flask_mongokit import MongoKit, Document`` and the code written for
Flask-MongoKit 0.6 / MongoKit 0.9 runs (``unicode`` becoming ``str``). The
documents are :mod:`flask_mongo.structure`'s; the connection is
:class:`flask_mongo.Mongo`'s, configured from the ``MONGODB_*`` keys.
"""

from bson import ObjectId

from flask_mongo.structure import (
    INDEX_ASCENDING,
    INDEX_DESCENDING,
    INDEX_GEO2D,
    INDEX_GEOSPHERE,
    INDEX_HASHED,
    INDEX_TEXT,
    IS,
    NOT,
    OR,
    AuthorizedTypeError,
    BadIndexError,
    BadKeyError,
    CustomType,
    DefaultFieldTypeError,
    Document,
    DocumentMigration,
    DuplicateRequiredError,
    MultipleResultsFound,
    Paginator,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    Set,
    StructureError,
    UpdateQueryError,
    ValidationError,
    VersionedDocument,
)

from .extension import AuthenticationIncorrect, BSONObjectIdConverter, MongoKit

__all__ = [
    "INDEX_ASCENDING",
    "INDEX_DESCENDING",
    "INDEX_GEO2D",
    "INDEX_GEOSPHERE",
    "INDEX_HASHED",
    "INDEX_TEXT",
    "IS",
    "NOT",
    "OR",
    "AuthenticationIncorrect",
    "AuthorizedTypeError",
    "BSONObjectIdConverter",
    "BadIndexError",
    "BadKeyError",
    "CustomType",
    "DefaultFieldTypeError",
    "Document",
    "DocumentMigration",
    "DuplicateRequiredError",
    "MongoKit",
    "MultipleResultsFound",
    "ObjectId",
    "Paginator",
    "RequireFieldError",
    "SchemaDocumentError",
    "SchemaTypeError",
    "Set",
    "StructureError",
    "UpdateQueryError",
    "ValidationError",
    "VersionedDocument",
]
