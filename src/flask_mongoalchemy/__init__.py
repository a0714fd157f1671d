"""The Flask-MongoAlchemy API on Flask-Mongo.

Code written for Flask-MongoAlchemy 0.7 runs with one change, the import::

    from flask_mongoalchemy import MongoAlchemy   # was flask.ext.mongoalchemy

    app.config["MONGOALCHEMY_DATABASE"] = "library"
    db = MongoAlchemy(app)

    class Book(db.Document):
        title = db.StringField()
        year = db.IntField()

``MongoAlchemy`` is a :class:`flask_mongo.Mongo` that reads the legacy keys;
documents are Flask-Mongo's typed documents (:mod:`flask_mongo.odm`) under
MongoAlchemy's policy (:mod:`flask_mongoalchemy.document`), with its field
protocol (:mod:`flask_mongoalchemy.fields`); the "Two policies" table of
the migration guide (``docs/migration/flask-mongoalchemy.md``) lists every
difference from ``flask_mongo.Document``. MongoAlchemy's modules are here
under their own names: ``.fields``, ``.document``, ``.query``,
``.query_expression``, ``.update_expression``, ``.session``,
``.exceptions``, ``.util``, ``.meta``.

Configuration (prefix ``MONGOALCHEMY``, or the ``config_prefix`` given):

======================  ===============  ==========================================
key                     default          meaning
======================  ===============  ==========================================
``_DATABASE``           required         the database; else ImproperlyConfiguredError
``_SERVER``             ``'localhost'``  the host
``_PORT``               ``'27017'``      the port (a str or an int)
``_USER``               None             user name
``_PASSWORD``           None             password
``_SERVER_AUTH``        True             True: authenticate against ``admin``;
                                         False: against ``_DATABASE``
``_REPLICA_SET``        ``''``           replica set name; empty: none
``_OPTIONS``            None             URI options as a query string:
                                         ``'w=1&appname=x'``
``_SAFE_SESSION``       False            True: every write asks for w=1 explicitly
``_CONNECTION_STRING``  unset            a full URI; the keys from ``_SERVER`` to
                                         ``_OPTIONS`` are then ignored
``_TIMEZONE``           unset            a tz name; datetimes come back aware, in it
``_CLIENT_OPTIONS``     unset            (ours) a dict of ``MongoClient`` keyword
                                         arguments, e.g. ``event_listeners``
======================  ===============  ==========================================

Differences from Flask-MongoAlchemy 0.7 (MongoAlchemy on PyMongo 2/3):

- Credentials reach the driver as keyword arguments, never pasted into a URI,
  so any character works in a password; the password is never shown in a
  repr or an error.
- ``_SAFE_SESSION = False`` keeps the driver's default, *acknowledged*
  writes: errors such as duplicate keys are raised. The legacy default was
  fire-and-forget, which hides errors; we never default to that.
  ``save(safe=False)`` / ``remove(safe=False)`` still ask for w=0 on that one
  call, and ``safe=True`` for w=1. ``remove(safe=...)`` is honoured (the
  legacy code ignored it).
- ``safe=true`` in ``_OPTIONS`` (the legacy docs' example) is not a PyMongo 4
  option: it is read as ``w=1`` (``safe=false`` as ``w=0``) with a
  :class:`~flask_mongo.ConfigWarning`. ``_SAFE_SESSION = True`` together
  with ``w=0`` is refused.
- ``_CONNECTION_STRING`` may be a ``mongoeco://`` URI (the embedded engine);
  keys it makes irrelevant produce a ``ConfigWarning`` naming them, and
  unknown ``{prefix}_*`` keys too (``OTHER_DBNAME`` is a typo of
  ``OTHER_DATABASE``).
- ``_SERVER_AUTH`` and ``_SAFE_SESSION`` must be booleans (the string
  ``'False'`` is refused instead of read as true).
- Documents find their database through the current app. Outside an app
  context, an extension initialised on exactly one app uses that app, so the
  legacy docs' shell session runs as written; with several apps, push a
  context (``with app.app_context():``) to say which. The legacy extension
  kept one global session instead.
- ``query.get(id)`` returns None for a str that is not a valid ObjectId
  (such as ``'76726'`` in the legacy docs) instead of raising.
- ``save()`` of a removed document raises ``DocumentNotFound`` instead of
  recreating it, and updates never upsert.
- Flask-MongoAlchemy's ``Pagination.has_next()`` / ``has_prev()`` work, and
  so do Flask-SQLAlchemy's ``has_next`` / ``has_prev`` properties and
  ``iter_pages()``.
- Typed code (checked by mypy) cannot use ``db.Document``, a runtime value,
  as a base class: derive from :class:`Document` (this module's legacy one)
  and bind it with ``class Book(Document, mongo=db)``, or leave it unbound
  when the app has only one extension.
- ``_get_mongo_uri(app)`` gives the URI the legacy code built, for display;
  credentials are escaped in it, and the connection never uses it.
"""

from flask_mongo.core.pagination import Pagination
from flask_mongo.errors import (
    BadQueryException,
    BadResultException,
    BadValueException,
    DocumentNotFound,
    ExtraValueException,
    FieldNotRetrieved,
    ImproperlyConfiguredError,
    MissingValueException,
    StaleDocument,
)

from .document import Document
from .extension import MongoAlchemy
from .query import BaseQuery
from .uri import _get_mongo_uri

__all__ = [
    "BadQueryException",
    "BadResultException",
    "BadValueException",
    "BaseQuery",
    "Document",
    "DocumentNotFound",
    "ExtraValueException",
    "FieldNotRetrieved",
    "ImproperlyConfiguredError",
    "MissingValueException",
    "MongoAlchemy",
    "Pagination",
    "StaleDocument",
    "_get_mongo_uri",
]
