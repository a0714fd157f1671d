"""Flask-Mongo: MongoDB for Flask 3 on PyMongo 4.

The public names are re-exported here; the modules below say what each
layer holds: :mod:`.extension`, :mod:`.config` and :mod:`.embedded` (Flask
integration and connections), :mod:`.routing`, :mod:`.pagination`,
:mod:`.json`, :mod:`.record_queries` and :mod:`.cli`.
The object mapper lives in :mod:`.odm` (fields, queries, indexes); its
``Document`` base class and ``BaseQuery`` are re-exported here.
"""

from .config import ConnectionSettings
from .core.pagination import Pagination
from .errors import ConfigWarning, FlaskMongoError, ImproperlyConfigured
from .extension import AppState, Mongo, __version__
from .odm import BaseQuery, Document
from .record_queries import QueryInfo, get_recorded_queries
from .routing import ObjectIdConverter

__all__ = [
    "AppState",
    "BaseQuery",
    "ConfigWarning",
    "ConnectionSettings",
    "Document",
    "FlaskMongoError",
    "ImproperlyConfigured",
    "Mongo",
    "ObjectIdConverter",
    "Pagination",
    "QueryInfo",
    "__version__",
    "get_recorded_queries",
]
