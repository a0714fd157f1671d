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
