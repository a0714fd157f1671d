"""Flask-Mongo: MongoDB for Flask 3 on PyMongo 4.

The public names are re-exported here; the modules below say what each
layer holds: :mod:`.extension`, :mod:`.config` and :mod:`.embedded` (Flask
integration and connections), :mod:`.routing`, :mod:`.pagination`,
:mod:`.json`, :mod:`.record_queries`, :mod:`.cli`, :mod:`.files` (GridFS)
and :mod:`.sessions` (server-side Flask sessions).
The object mapper lives in :mod:`.odm` (fields, queries, indexes); its
``Document`` base class and ``BaseQuery`` are re-exported here.
"""

from .config import ConnectionSettings
from .core.pagination import Pagination
from .errors import ConfigWarning, FlaskMongoError, ImproperlyConfigured
from .extension import Mongo
from .odm import BaseQuery, Document
from .record_queries import QueryInfo, get_recorded_queries
from .routing import ObjectIdConverter
from .sessions import MongoSession, MongoSessionInterface, SessionDataError
from .state import AppState
from .version import __version__

__all__ = [
    "AppState",
    "BaseQuery",
    "ConfigWarning",
    "ConnectionSettings",
    "Document",
    "FlaskMongoError",
    "ImproperlyConfigured",
    "Mongo",
    "MongoSession",
    "MongoSessionInterface",
    "ObjectIdConverter",
    "Pagination",
    "QueryInfo",
    "SessionDataError",
    "__version__",
    "get_recorded_queries",
]
