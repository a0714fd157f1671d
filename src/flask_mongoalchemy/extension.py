"""The ``MongoAlchemy`` extension: ``flask_mongo.Mongo`` reading the legacy keys.

Only the configuration differs from :class:`flask_mongo.Mongo`: the legacy
``MONGOALCHEMY_*`` keys are translated into the modern settings and then
read by :func:`flask_mongo.config.settings_from_config`, so both front-ends
parse ports, URIs, options and time zones the same way (and error messages
name the legacy keys).
"""

from __future__ import annotations

import weakref
from functools import cached_property
from typing import Any, TypeVar

from bson import ObjectId
from flask import Flask, g, has_app_context
from pymongo.client_session import ClientSession

from flask_mongo import AppState, Mongo
from flask_mongo.config import (
    ConnectionSettings,
)
from flask_mongo.core.pagination import Pagination
from flask_mongo.errors import (
    BadQueryException,
    BadResultException,
    BadValueException,
    ExtraValueException,
    FieldNotRetrieved,
    ImproperlyConfiguredError,
    MissingValueException,
)
from flask_mongo.odm import Index

from . import fields
from .document import Document as LegacyDocument
from .meta import make_document_class
from .session import Session
from .settings import LEGACY_KEYS, legacy_settings, normalize_prefix

T = TypeVar("T")

__all__ = ["LEGACY_KEYS", "MongoAlchemy", "legacy_settings"]


#: The defaults Flask-MongoAlchemy wrote into app.config (without a
#: connection string).
_WRITTEN_BACK = (
    ("SERVER", "localhost"),
    ("PORT", "27017"),
    ("USER", None),
    ("PASSWORD", None),
    ("OPTIONS", None),
    ("REPLICA_SET", ""),
)


class MongoAlchemy(Mongo):
    """MongoDB for a Flask app, configured and used as with Flask-MongoAlchemy.

    ::

        app.config["MONGOALCHEMY_DATABASE"] = "library"
        db = MongoAlchemy(app)

        class Author(db.Document):
            name = db.StringField()

    Every field type and helper is an attribute of the extension
    (``db.StringField``, ``db.Index``, ``db.ObjectId``, ...), and
    ``db.Document`` is the base class of documents stored through it.

    :param app: an app to initialise now.
    :param config_prefix: the prefix of the keys this instance reads
        (``MONGOALCHEMY_DATABASE``, ...). As in the legacy code, it is
        upper-cased and a trailing ``_`` is dropped.
    """

    # MongoAlchemy users reach these through the extension too.
    ObjectId = ObjectId
    Pagination = Pagination
    BadValueException = BadValueException
    MissingValueException = MissingValueException
    FieldNotRetrieved = FieldNotRetrieved
    ExtraValueException = ExtraValueException
    BadQueryException = BadQueryException
    BadResultException = BadResultException
    ImproperlyConfiguredError = ImproperlyConfiguredError
    # MongoAlchemy's field types (its field protocol, see .fields).
    Field = fields.Field
    StringField = fields.StringField
    RegExStringField = fields.RegExStringField
    IntField = fields.IntField
    FloatField = fields.FloatField
    BoolField = fields.BoolField
    ObjectIdField = fields.ObjectIdField
    DateTimeField = fields.DateTimeField
    DocumentField = fields.DocumentField
    AnythingField = fields.AnythingField
    ListField = fields.ListField
    SetField = fields.SetField
    DictField = fields.DictField
    KVField = fields.KVField
    TupleField = fields.TupleField
    EnumField = fields.EnumField
    GeoField = fields.GeoField
    BinaryField = fields.BinaryField
    ComputedField = fields.ComputedField
    CreatedField = fields.CreatedField
    ModifiedField = fields.ModifiedField
    RefField = fields.RefField  # type: ignore[assignment]  # its legacy options
    SRefField = fields.SRefField
    Index = Index
    computed_field = staticmethod(fields.computed_field)

    def __getattr__(self, name: str) -> Any:
        # Flask-MongoAlchemy copied every name of mongoalchemy.fields onto
        # the extension; the rest of that module's names are reached here.
        try:
            return vars(fields)[name]
        except KeyError:
            raise AttributeError(
                f"{type(self).__name__!r} object has no attribute {name!r}"
            ) from None

    #: Flask-MongoAlchemy let two decoupled instances share one app's keys.
    shares_prefix = True

    @cached_property
    def Document(self) -> type[LegacyDocument]:
        """The base class of documents stored through this extension:
        :class:`flask_mongoalchemy.document.Document` (the legacy policy),
        bound to this instance."""
        return make_document_class(self)

    def __init__(
        self, app: Flask | None = None, config_prefix: str = "MONGOALCHEMY"
    ) -> None:
        # The apps initialised, weakly: only to find "the" app when code runs
        # outside an app context, as the legacy extension allowed.
        self._apps: list[weakref.ref[Flask]] = []
        super().__init__(config_prefix=normalize_prefix(config_prefix))
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask, config_prefix: str | None = None) -> None:
        """Read the app's ``{prefix}_*`` keys and register the extension.

        :param config_prefix: replaces this instance's prefix when given.
        :raises ImproperlyConfiguredError: ``{prefix}_DATABASE`` is missing or
            a key has a value that cannot be used.
        """
        if config_prefix is not None:
            self.config_prefix = normalize_prefix(config_prefix)
        super().init_app(app)
        self._write_back_defaults(app)
        self._apps = [r for r in self._apps if r() not in (None, app)]
        self._apps.append(weakref.ref(app))

    def _write_back_defaults(self, app: Flask) -> None:
        """Put the connection defaults into ``app.config``, as
        Flask-MongoAlchemy did, so that code reading them finds the values
        used (not with a connection string, which replaces those keys)."""
        prefix = self.config_prefix
        if app.config.get(f"{prefix}_CONNECTION_STRING"):
            return
        for suffix, default in _WRITTEN_BACK:
            app.config.setdefault(f"{prefix}_{suffix}", default)

    def get_state(self, app: Flask | None = None) -> AppState:
        """This instance's state for ``app`` (default: the current app).

        Flask-MongoAlchemy worked without an app context (its session was
        global), and its documented examples rely on that: outside a context,
        an instance initialised on exactly one app uses that app. With
        several apps, push a context to say which.
        """
        if app is None and not has_app_context():
            apps = [a for a in (r() for r in self._apps) if a is not None]
            if len(apps) == 1:
                app = apps[0]
        return super().get_state(app)

    @property
    def session(self) -> Session | None:  # type: ignore[override]
        """MongoAlchemy's :class:`~.session.Session` on this extension, one
        per app context (outside one, one per app); None before ``init_app``
        when no app context says which app.

        Its ``client_session`` is the PyMongo session ``db.transaction()``
        runs in, ended with the app context.
        """
        if not has_app_context():
            if not any(r() is not None for r in self._apps):
                return None
            state = self.get_state()
            sessions: dict[str, Session] = state.__dict__.setdefault(
                "_flask_mongoalchemy_sessions", {}
            )
            session = sessions.get(self.config_prefix)
            if session is None:
                session = sessions[self.config_prefix] = self._make_session(state)
            return session
        # Per instance: two instances may read one prefix (shares_prefix).
        key = f"_flask_mongoalchemy_session_{id(self):x}"
        session = g.get(key)
        if session is None:
            session = self._make_session(self.get_state())
            setattr(g, key, session)
        return session

    def _make_session(self, state: AppState) -> Session:
        tz = state.settings.timezone
        if has_app_context():
            # The base class's per-context ClientSession, ended at teardown.
            def client_session() -> ClientSession:
                return Mongo.session.fget(self)  # type: ignore[attr-defined,no-any-return]

            return Session(self, timezone=tz, client_session=client_session)
        return Session(self, timezone=tz)

    @property
    def client_session(self) -> ClientSession:
        """The PyMongo session of :attr:`session` (``db.session.client_session``),
        which ``db.transaction()`` runs in."""
        session = self.session
        if session is None:
            self.get_state()  # raises: no app
        assert session is not None
        return session.client_session

    def load_settings(self, app: Flask) -> ConnectionSettings:
        """Translate the legacy keys into connection settings (see the
        package documentation for each key and its default)."""
        return legacy_settings(
            app.config, self.config_prefix, instance_path=app.instance_path
        )
