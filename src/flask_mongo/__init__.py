"""Flask-Mongo: MongoDB for Flask 3 on PyMongo 4.

The public names are re-exported here; the modules below say what each
layer holds: :mod:`.extension`, :mod:`.config` and :mod:`.embedded` (Flask
integration and connections), :mod:`.routing`, :mod:`.pagination`.
"""

from .config import ConfigWarning, ConnectionSettings
from .errors import FlaskMongoError, ImproperlyConfigured
from .extension import AppState, Mongo, __version__
from .routing import ObjectIdConverter

__all__ = [
    "AppState",
    "ConfigWarning",
    "ConnectionSettings",
    "FlaskMongoError",
    "ImproperlyConfigured",
    "Mongo",
    "ObjectIdConverter",
    "__version__",
]
