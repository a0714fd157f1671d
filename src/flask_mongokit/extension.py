"""The ``MongoKit`` extension: Flask-MongoKit 0.6's API on Flask-Mongo.

One lazily created ``MongoClient`` per app (the legacy code opened one per
request), configured from the ``MONGODB_*`` keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar, overload
from urllib.parse import unquote, urlsplit
from weakref import WeakKeyDictionary

from bson import ObjectId
from flask import Flask
from pymongo.errors import OperationFailure
from werkzeug.exceptions import BadRequest
from werkzeug.routing import ValidationError

from flask_mongo import AppState, ConnectionSettings, Mongo
from flask_mongo.config import settings_from_config
from flask_mongo.core.registry import ClassRegistry
from flask_mongo.errors import AuthenticationIncorrect
from flask_mongo.routing import ObjectIdConverter
from flask_mongo.structure import BoundDocument, Document, LegacyCollection
from flask_mongo.structure.exceptions import SchemaDocumentError

from .connection import Database, register_documents, registered_class
from .handed_out import HandedOut, QuickBound

__all__ = [
    "AuthenticationIncorrect",
    "BSONObjectIdConverter",
    "MalformedObjectId",
    "MongoKit",
]

D = TypeVar("D", bound=Document)
_URI_SCHEMES = ("mongodb://", "mongodb+srv://", "mongoeco://")


class BSONObjectIdConverter(ObjectIdConverter):
    """The ``ObjectId`` URL converter: ``/task/<ObjectId:task_id>`` gives the
    view an :class:`~bson.objectid.ObjectId`.

    A malformed id does not match the route, so the client gets **404 Not
    Found** (Flask-MongoKit 0.6 answered 400 Bad Request): a URL that names
    no possible document identifies no resource, like a well-formed id with
    no document behind it.

    Called directly with a malformed id, :meth:`to_python` raises
    :class:`MalformedObjectId`, a ``400 Bad Request`` as in 0.6 (and a
    routing ``ValidationError``, so a router treats it as no match).
    """

    def to_python(self, value: str) -> ObjectId:
        """The :class:`~bson.objectid.ObjectId` of a 24 hex digit string.

        :raises MalformedObjectId: ``value`` is not one.
        """
        if not ObjectId.is_valid(value):
            raise MalformedObjectId(f"{value!r} is not an ObjectId (24 hex digits)")
        return ObjectId(value)


class MalformedObjectId(ValidationError, BadRequest):
    """A URL part that is not an ObjectId: ``400 Bad Request`` where it is
    raised in a view, no match where a router converts the URL."""

    def __init__(self, description: str) -> None:
        ValidationError.__init__(self, description)
        BadRequest.__init__(self, description)


def _uri_database(uri: str) -> str | None:
    if not uri.startswith(("mongodb://", "mongodb+srv://")):
        return None  # a mongoeco:// path is a file, not a database
    return unquote(urlsplit(uri).path.strip("/")) or None


def _is_auth_failure(error: OperationFailure) -> bool:
    return error.code == 18 or "authentication failed" in str(error).lower()


class MongoKit(Mongo):
    """MongoKit documents in a Flask app (Flask-MongoKit's API).

    ::

        db = MongoKit(app)          # or MongoKit() and db.init_app(app)
        db.register([Task])         # or @db.register on the class

        with app.app_context():     # or inside a request
            task = db.Task()        # a new Task bound to Task.__collection__
            db.Task.find({"done": False})
            db["my_collection"].insert({"x": 5})

    Attribute access gives registered documents (``db.Task``) and otherwise
    collections (``db.my_collection``); ``db['name']`` is always a
    collection. Collections are :class:`~flask_mongo.structure.LegacyCollection`
    objects, which still have PyMongo 3's ``insert``, ``save``, ``update``,
    ``remove``, ``find_and_modify``, ``ensure_index`` and ``count``.

    **Credentials** (``MONGODB_USERNAME``/``MONGODB_PASSWORD``) are checked
    with a ``ping`` the first time the app's client hands out a collection,
    a document class or the database (and by :meth:`connect`); a refusal
    raises :class:`AuthenticationIncorrect`. Errors of later operations are
    PyMongo's own.

    :param app: an app to initialise now.
    :param create_indexes: create the ``indexes`` a registered class
        declares the first time ``db.<Class>`` is used in each app.
    """

    def __init__(
        self, app: Flask | None = None, *, create_indexes: bool = True
    ) -> None:
        #: The registered document classes.
        self.registered_documents: list[type[Document]] = []
        self._documents = ClassRegistry[type[Document]]()
        self.create_indexes = create_indexes
        self._sanitize_filters: WeakKeyDictionary[Flask, bool] = WeakKeyDictionary()
        # Per app: the database and the bound classes handed out, made once
        # and made again when the client or the settings change (see
        # .handed_out); by name, the last bound classes handed out.
        self._handed_out: WeakKeyDictionary[AppState, HandedOut] = WeakKeyDictionary()
        self._last_handed_out: HandedOut | None = None  # the last app's, first
        self._quick: dict[str, QuickBound] = {}
        super().__init__(app, config_prefix="MONGODB")

    def init_app(self, app: Flask) -> None:
        """Read the ``MONGODB_*`` keys, register the ``ObjectId`` URL
        converter (:class:`BSONObjectIdConverter`) and set
        ``app.extensions['mongokit']``. No connection is made here.
        """
        super().init_app(app)
        app.extensions["mongokit"] = self
        converters = app.url_map.converters
        if converters.get("ObjectId") in (None, ObjectIdConverter):
            converters["ObjectId"] = BSONObjectIdConverter

    def load_settings(self, app: Flask) -> ConnectionSettings:
        """The connection settings from the ``MONGODB_*`` keys.

        The legacy keys keep their defaults (``HOST`` 'localhost', ``PORT``
        27017, ``DATABASE`` 'flask'); ``SLAVE_OKAY`` becomes the
        ``secondaryPreferred`` read preference and ``TZ_AWARE`` the client's
        ``tz_aware``; with a username, the credentials are checked against
        ``MONGODB_DATABASE`` as before unless ``MONGODB_AUTH_SOURCE`` says
        otherwise. ``MONGODB_SANITIZE_FILTERS = True`` makes the collections
        refuse operators below field names in filters (see
        :mod:`flask_mongo.structure.sanitize`; wrap the code's own in
        :func:`~flask_mongokit.trusted`). Every Flask-Mongo key is accepted
        under the same prefix,
        notably ``MONGODB_URI`` (``mongodb://...`` or the embedded
        ``mongoeco://``), ``MONGODB_OPTIONS`` and ``MONGODB_CLIENT_OPTIONS``.
        """
        p = self.config_prefix
        config = {k: v for k, v in app.config.items() if k.startswith(f"{p}_")}
        slave_okay = bool(config.pop(f"{p}_SLAVE_OKAY", False))
        self._sanitize_filters[app] = bool(config.pop(f"{p}_SANITIZE_FILTERS", False))
        tz_aware = bool(config.pop(f"{p}_TZ_AWARE", False))
        uri = config.get(f"{p}_URI") or config.get(f"{p}_CONNECTION_STRING")
        host = config.get(f"{p}_HOST") or config.get(f"{p}_SERVER")
        if uri is None and isinstance(host, str) and host.startswith(_URI_SCHEMES):
            # PyMongo 2's Connection took a URI as its host.
            config.pop(f"{p}_HOST", None)
            config.pop(f"{p}_SERVER", None)
            config[f"{p}_URI"] = uri = host
        if uri is None:
            if host is None:
                config[f"{p}_HOST"] = host = "localhost"
            has_port = isinstance(host, str) and (":" in host or "," in host)
            if config.get(f"{p}_PORT") is None and not has_port:
                config[f"{p}_PORT"] = 27017
        database = config.get(f"{p}_DATABASE")
        if not database:
            database = (_uri_database(uri) if isinstance(uri, str) else None) or "flask"
            config[f"{p}_DATABASE"] = database
        username = config.get(f"{p}_USERNAME") or config.get(f"{p}_USER")
        uri_sets_source = isinstance(uri, str) and "authsource=" in uri.lower()
        if username and config.get(f"{p}_AUTH_SOURCE") is None and not uri_sets_source:
            config[f"{p}_AUTH_SOURCE"] = database
        client_options = dict(config.get(f"{p}_CLIENT_OPTIONS") or {})
        if slave_okay:
            client_options.setdefault("readPreference", "secondaryPreferred")
        if tz_aware:
            client_options.setdefault("tz_aware", True)
        # uuid.UUID values are stored as standard binary UUIDs (subtype 4).
        client_options.setdefault("uuidRepresentation", "standard")
        if client_options:
            config[f"{p}_CLIENT_OPTIONS"] = client_options
        return settings_from_config(config, p, instance_path=app.instance_path)

    # -- documents ---------------------------------------------------------

    @overload
    def register(self, documents: type[D]) -> type[D]: ...
    @overload
    def register(self, documents: Iterable[type[Document]]) -> None: ...
    def register(self, documents: type[D] | Iterable[type[Document]]) -> type[D] | None:
        """Register document classes: a list, tuple or set of them, or one
        class (as a decorator, ``@db.register``, which returns the class).
        Registered classes are reachable as ``db.ClassName``.

        :raises TypeError: something is not a ``Document`` subclass.
        """
        register_documents(self._documents, self.registered_documents, documents)
        self._quick.clear()  # a name may now give another class
        return documents if isinstance(documents, type) else None

    def _verify(self, state: AppState, *, always: bool = False) -> None:
        """Authenticate the app's client once (see the class doc)."""
        if not always and state.settings.username is None:
            return
        client = state.client
        if state.verified_client is client:
            return
        try:
            client.admin.command("ping")
        except OperationFailure as error:
            if not _is_auth_failure(error):
                raise
            settings = state.settings
            raise AuthenticationIncorrect(
                f"MongoDB refused the credentials of user {settings.username!r}"
                f" (checked against {settings.auth_source or 'admin'!r}): check"
                f" {self.config_prefix}_USERNAME and {self.config_prefix}_PASSWORD",
                error.code,
                error.details,
            ) from error
        state.verified_client = client

    def _bound(self, cls: type[D], name: str | None = None) -> BoundDocument[D]:
        # The class bound for the current app; with the name it is
        # registered as, handed out quickly next time (QuickBound).
        state = self.get_state()
        if state.settings.username is not None:
            self._verify(state)
        handed = self._handed_out_for(state)
        cached = handed.bound.get(cls)
        if (
            cached is not None
            and cached[0] == cls.__collection__
            and cached[1] == cls.__database__
        ):
            bound = cached[2]
        else:
            bound = self._bind(state, handed, cls)
        if self.create_indexes:
            state.indexes.ensure(bound.collection, cls, cls._schema.indexes)
        if name is not None:
            self._quick[name] = QuickBound(handed, name, bound)
        # The cache holds what it was given for cls: a BoundDocument[D].
        return bound  # type: ignore[return-value]

    def _bind(
        self, state: AppState, handed: HandedOut, cls: type[Document]
    ) -> BoundDocument[Document]:
        if not cls.__collection__:
            raise SchemaDocumentError(
                f"{cls.__name__} has no __collection__: set __collection__ ="
                f" 'name' on the class, or use db['name'].{cls.__name__}"
            )
        database = (
            Database(
                state.client,
                cls.__database__,
                documents=self._documents,
                sanitize_filters=handed.sanitize_filters,
            )
            if cls.__database__
            else handed.database
        )
        bound: BoundDocument[Document] = BoundDocument(
            cls, database[cls.__collection__]
        )
        handed.bound[cls] = (cls.__collection__, cls.__database__, bound)
        return bound

    def _handed_out_for(self, state: AppState) -> HandedOut:
        handed = self._last_handed_out
        if handed is None or handed.state() is not state:
            handed = self._handed_out.get(state)
        client = state.client
        # The sanitize flag is read with the settings (init_app, connect()):
        # new settings, or a new client, and everything is made again.
        if handed is None or not handed.serves(client, state.settings):
            base = client[state.settings.database]
            sanitize = self._sanitize_filters.get(state.app, False)
            database = Database(
                client,
                base.name,
                base.codec_options,
                base.read_preference,
                base.write_concern,
                base.read_concern,
                documents=self._documents,
                sanitize_filters=sanitize,
            )
            handed = HandedOut(state, client, sanitize, database)
            self._handed_out[state] = handed
        self._last_handed_out = handed
        return handed

    def __getattr__(self, name: str) -> Any:
        if name[:1] == "_":  # never a document (nor self._quick, being made)
            raise AttributeError(name)
        quick = self._quick.get(name)
        if quick is not None:
            state = quick.state_if_current(self.extension_key, self.config_prefix)
            if state is not None:
                bound = quick.bound
                if self.create_indexes:
                    cls = bound.document_class
                    state.indexes.ensure(bound.collection, cls, cls._schema.indexes)
                return bound
        document_class = registered_class(self, name)
        if document_class is not None:
            return self._bound(document_class, name)
        if hasattr(Database, name):
            # db.name, db.command(...), db.list_collection_names(),
            # db.collection_names(): the database's, as Flask-MongoKit gave.
            return getattr(self.database, name)
        return self.get_collection(name)

    # -- connection --------------------------------------------------------

    def get_collection(self, name: str, **options: Any) -> LegacyCollection:
        """A collection of the current app's database, with PyMongo 3's
        methods and the registered documents as attributes."""
        return self.database.get_collection(name, **options)

    def __getitem__(self, name: str) -> LegacyCollection:
        return self.get_collection(name)

    @property
    def database(self) -> Database:
        """The current app's database (``MONGODB_DATABASE``), with PyMongo 3's
        ``collection_names()`` and ``add_user()`` and the registered classes
        as attributes (see :class:`~flask_mongokit.connection.Database`)."""
        state = self.get_state()
        self._verify(state)
        return self._handed_out_for(state).database

    def connect(self) -> None:
        """Connect the current app's client and check the server answers
        (and accepts the credentials). Without an open client, the
        ``MONGODB_*`` keys are read again first.

        :raises AuthenticationIncorrect: the credentials are refused.
        :raises RuntimeError: outside an app context.
        """
        state = self.get_state()
        if not state.has_client:
            # Flask-MongoKit read the keys when it connected: settings
            # changed since init_app (or disconnect) are used.
            state.settings = self.load_settings(state.app)
        self._verify(state, always=True)

    def disconnect(self) -> None:
        """Close the current app's client; the next use opens a new one."""
        self.get_state().close()

    @property
    def connected(self) -> bool:
        """Whether the current app has an open client."""
        return self.get_state().has_client
