"""The ``MongoAlchemy`` extension: ``flask_mongo.Mongo`` reading the legacy keys.

Only the configuration differs from :class:`flask_mongo.Mongo`: the legacy
``MONGOALCHEMY_*`` keys are translated into the modern settings and then
read by :func:`flask_mongo.config.settings_from_config`, so both front-ends
parse ports, URIs, options and time zones the same way (and error messages
name the legacy keys).
"""

from __future__ import annotations

import warnings
import weakref
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from typing import Any, TypeVar, overload
from urllib.parse import parse_qsl, urlsplit

from bson import ObjectId
from flask import Flask, g, has_app_context
from pymongo.client_session import ClientSession

from flask_mongo import AppState, Mongo
from flask_mongo.config import (
    ConnectionSettings,
    settings_from_config,
    warn_unknown_keys,
)
from flask_mongo.core.pagination import Pagination
from flask_mongo.core.transactions import run_in_transaction, transaction_block
from flask_mongo.errors import (
    BadQueryException,
    BadResultException,
    BadValueException,
    ConfigWarning,
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

T = TypeVar("T")

__all__ = ["LEGACY_KEYS", "MongoAlchemy", "legacy_settings"]

# The keys a connection string makes irrelevant (the legacy doc: "when it's
# defined, Flask MongoAlchemy will ignore other connection settings").
_CONNECTION_KEYS = (
    "SERVER",
    "PORT",
    "USER",
    "PASSWORD",
    "SERVER_AUTH",
    "REPLICA_SET",
    "OPTIONS",
)
#: The key suffixes Flask-MongoAlchemy reads, plus ``CLIENT_OPTIONS`` (ours).
LEGACY_KEYS = (
    "DATABASE",
    *_CONNECTION_KEYS,
    "SAFE_SESSION",
    "CONNECTION_STRING",
    "TIMEZONE",
    "CLIENT_OPTIONS",
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
    RefField = fields.RefField
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
        super().__init__(config_prefix=_normalize_prefix(config_prefix))
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask, config_prefix: str | None = None) -> None:
        """Read the app's ``{prefix}_*`` keys and register the extension.

        :param config_prefix: replaces this instance's prefix when given.
        :raises ImproperlyConfiguredError: ``{prefix}_DATABASE`` is missing or
            a key has a value that cannot be used.
        """
        if config_prefix is not None:
            self.config_prefix = _normalize_prefix(config_prefix)
        super().init_app(app)
        self._apps = [r for r in self._apps if r() not in (None, app)]
        self._apps.append(weakref.ref(app))

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
        key = f"_flask_mongoalchemy_session_{self.config_prefix}"
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

    def _client_session(self) -> ClientSession:
        session = self.session
        if session is None:
            self.get_state()  # raises: no app
        assert session is not None
        return session.client_session

    @overload
    def transaction(
        self, func: None = None, **options: Any
    ) -> AbstractContextManager[ClientSession]: ...
    @overload
    def transaction(self, func: Callable[[ClientSession], T], **options: Any) -> T: ...
    def transaction(
        self, func: Callable[[ClientSession], T] | None = None, **options: Any
    ) -> T | AbstractContextManager[ClientSession]:
        """As :meth:`flask_mongo.Mongo.transaction`, in the PyMongo session
        of :attr:`session` (``db.session.client_session``)."""
        if func is None:
            return transaction_block(self._client_session(), options)
        return run_in_transaction(self._client_session(), func, options)

    def load_settings(self, app: Flask) -> ConnectionSettings:
        """Translate the legacy keys into connection settings (see the
        package documentation for each key and its default)."""
        return legacy_settings(
            app.config, self.config_prefix, instance_path=app.instance_path
        )


def _normalize_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not prefix.strip("_"):
        raise ImproperlyConfiguredError(
            f"config_prefix must be a non-empty str such as 'MONGOALCHEMY',"
            f" got {prefix!r}"
        )
    return prefix.rstrip("_").upper()


def legacy_settings(
    config: Mapping[str, Any], prefix: str = "MONGOALCHEMY", *, instance_path: str = "."
) -> ConnectionSettings:
    """Read Flask-MongoAlchemy's ``{prefix}_*`` keys.

    :raises ImproperlyConfiguredError: ``{prefix}_DATABASE`` is missing, or
        a key has a value that cannot be used.
    """

    def key(suffix: str) -> str:
        return f"{prefix}_{suffix}"

    def get(suffix: str) -> Any:
        return config.get(key(suffix))

    warn_unknown_keys(
        config, prefix, LEGACY_KEYS, reader="Flask-MongoAlchemy", stacklevel=6
    )
    database = get("DATABASE")
    if database is None or database == "":
        hint = ""
        near = [
            k for k in (key("DBNAME"), key("DB"), key("DATABASE_NAME")) if k in config
        ]
        if near:
            hint = f" ({near[0]} is set, but the key is {key('DATABASE')})"
        raise ImproperlyConfiguredError(
            f"You should provide a database name (the {key('DATABASE')} setting){hint}."
        )
    server_auth = _flag(get("SERVER_AUTH"), key("SERVER_AUTH"), default=True)
    safe_session = _flag(get("SAFE_SESSION"), key("SAFE_SESSION"), default=False)
    client_options = get("CLIENT_OPTIONS")
    if client_options is not None and not isinstance(client_options, Mapping):
        raise ImproperlyConfiguredError(
            f"{key('CLIENT_OPTIONS')} must be a dict of MongoClient keyword arguments"
        )
    modern: dict[str, Any] = {
        key("DATABASE"): database,
        key("TIMEZONE"): get("TIMEZONE"),
        key("CLIENT_OPTIONS"): dict(client_options or {}),
    }
    uri = get("CONNECTION_STRING")
    if uri is not None and uri != "":
        ignored = [
            key(s) for s in _CONNECTION_KEYS if get(s) is not None and get(s) != ""
        ]
        if ignored:
            warnings.warn(
                f"{key('CONNECTION_STRING')} is set, so {', '.join(ignored)}"
                " are ignored; put those settings in the connection string",
                ConfigWarning,
                stacklevel=5,
            )
        modern[key("CONNECTION_STRING")] = uri
        w_values = _uri_w_values(uri)
    else:
        user, password = get("USER"), get("PASSWORD")
        if password is not None and user is None:
            raise ImproperlyConfiguredError(
                f"{key('PASSWORD')} is set but {key('USER')} is not; set both"
            )
        replica_set = get("REPLICA_SET")
        if replica_set is not None and not isinstance(replica_set, str):
            raise ImproperlyConfiguredError(
                f"{key('REPLICA_SET')} must be a replica set name (str)"
            )
        options, w_values = _legacy_options(get("OPTIONS"), key("OPTIONS"))
        modern.update(
            {
                key("SERVER"): _or_default(get("SERVER"), "localhost"),
                key("PORT"): _or_default(get("PORT"), "27017"),
                key("USER"): user,
                key("PASSWORD"): password,
                key("REPLICA_SET"): replica_set or None,
                key("OPTIONS"): options,
            }
        )
        if user is not None:
            modern[key("AUTH_SOURCE")] = "admin" if server_auth else database
    if safe_session:
        _make_safe(modern[key("CLIENT_OPTIONS")], w_values, key("SAFE_SESSION"))
    return settings_from_config(
        {k: v for k, v in modern.items() if v is not None},
        prefix,
        instance_path=instance_path,
    )


def _or_default(value: object, default: str) -> object:
    return default if value is None or value == "" else value


def _flag(value: object, key: str, *, default: bool) -> bool:
    """A boolean key; anything else is refused rather than guessed at (the
    string ``'False'`` is true in Python)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ImproperlyConfiguredError(f"{key} must be True or False, got {value!r}")


def _legacy_options(value: object, key: str) -> tuple[Any, list[str]]:
    """``P_OPTIONS`` to pass on, and the ``w`` values it gives, with PyMongo
    2's ``safe`` option translated (PyMongo 4 refuses it)."""
    if value is None or value == "":
        return None, []
    if isinstance(value, str):
        query = value.lstrip("?")
        try:
            pairs = parse_qsl(query, strict_parsing=True)
        except ValueError:
            raise ImproperlyConfiguredError(
                f"{key} must be a query string of URI options like"
                f" 'w=1&appname=x', got {value!r}"
            ) from None
    elif isinstance(value, Mapping):
        pairs = [(str(k), _option_text(v)) for k, v in value.items()]
    else:
        raise ImproperlyConfiguredError(
            f"{key} must be a query string of URI options like 'w=1&appname=x',"
            f" got {type(value).__name__}"
        )
    w_values = [v for k, v in pairs if k.lower() == "w"]
    safe = [v for k, v in pairs if k.lower() == "safe"]
    if not safe:
        return value, w_values
    if len(safe) > 1 or safe[0].lower() not in ("true", "false"):
        raise ImproperlyConfiguredError(
            f"{key}: safe must be true or false, got {', '.join(safe)}"
        )
    if w_values:
        raise ImproperlyConfiguredError(
            f"{key} has both safe= and w=; PyMongo 4 only knows w=, drop safe="
        )
    w = "1" if safe[0].lower() == "true" else "0"
    warnings.warn(
        f"{key}: PyMongo 4 has no 'safe' option; safe={safe[0]} is read as"
        f" w={w} (write w={w} instead)",
        ConfigWarning,
        stacklevel=6,
    )
    if isinstance(value, str):
        # Drop the safe= item textually, so the other items keep their
        # escaping exactly as written.
        kept = [
            item
            for item in query.split("&")
            if item.partition("=")[0].lower() != "safe"
        ]
        return "&".join([*kept, f"w={w}"]), [w]
    assert isinstance(value, Mapping)
    options = {k: v for k, v in value.items() if str(k).lower() != "safe"}
    options["w"] = int(w)
    return options, [w]


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _uri_w_values(uri: object) -> list[str]:
    if not isinstance(uri, str):
        return []  # settings_from_config reports the bad value
    return [v for k, v in parse_qsl(urlsplit(uri).query) if k.lower() == "w"]


def _make_safe(
    client_options: dict[str, Any], w_values: list[str], safe_key: str
) -> None:
    """``P_SAFE_SESSION = True``: writes wait for acknowledgement (w=1)
    unless a stronger acknowledged write concern is already configured."""
    given = [
        *w_values,
        *(str(v) for k, v in client_options.items() if k.lower() == "w"),
    ]
    if "0" in given:
        raise ImproperlyConfiguredError(
            f"{safe_key} is True but the options ask for w=0"
            " (unacknowledged writes); drop one of them"
        )
    if not given:
        client_options["w"] = 1
