"""Flask-MongoKit's API on Flask 3 and PyMongo 4.

``from flask_mongokit import MongoKit, Document`` and the code written for
Flask-MongoKit 0.6 / MongoKit 0.9 runs (``unicode`` becoming ``str``). The
documents are :mod:`flask_mongo.structure`'s (every name it exports is
exported here too); the connection is :class:`flask_mongo.Mongo`'s,
configured from the ``MONGODB_*`` keys.
"""

from bson import ObjectId

from flask_mongo import structure as _structure

# Every name of flask_mongo.structure; its errors and index directions are
# also star-imported from their own modules, where type checkers see them
# listed (a type checker cannot follow ``__all__ += module.__all__``).
from flask_mongo.structure import *  # noqa: F403
from flask_mongo.structure import DocumentCursor as Cursor
from flask_mongo.structure import DotDict as DotedDict
from flask_mongo.structure import I18nDotDict as i18nDotedDict
from flask_mongo.structure import LegacyCollection as Collection
from flask_mongo.structure.exceptions import *  # noqa: F403
from flask_mongo.structure.exceptions import NotBoundError
from flask_mongo.structure.i18n import Translations as i18n
from flask_mongo.structure.indexes import *  # noqa: F403
from flask_mongo.structure.sanitize import Trusted, trusted

from .connection import Connection, Database, MongoClient
from .extension import (
    AuthenticationIncorrect,
    BSONObjectIdConverter,
    MalformedObjectId,
    MongoKit,
)

#: MongoKit's name of :class:`NotBoundError` (a document without a collection).
ConnectionError = NotBoundError

__all__ = [
    "AuthenticationIncorrect",
    "BSONObjectIdConverter",
    "Collection",
    "Connection",
    "ConnectionError",
    "Cursor",
    "Database",
    "DotedDict",
    "MalformedObjectId",
    "MongoClient",
    "MongoKit",
    "ObjectId",
    "Trusted",
    "i18n",
    "i18nDotedDict",
    "trusted",
]
__all__ += _structure.__all__
