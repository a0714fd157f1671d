"""The Flask extension: one ``MongoClient`` per app and extension instance."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast, overload

from flask import Flask, current_app, g, has_app_context
from pymongo import MongoClient
from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.database import Database

from . import files, odm
from .cli import register_cli
from .config import ConnectionSettings, settings_from_config
from .core.transactions import run_in_transaction, transaction_block
from .errors import BadQueryException
from .json import install_json_provider
from .odm import bulk as odm_bulk
from .request_sessions import install_request_sessions
from .routing import ObjectIdConverter
from .sessions import MongoSession, MongoSessionInterface
from .state import EXTENSION_KEY, AppState, RawDocument, current_extension
from .version import __version__

__all__ = ["AppState", "Mongo", "__version__"]

if TYPE_CHECKING:
    from gridfs import GridFSBucket
    from werkzeug.wrappers import Response

    from .structure.document import Document as DictDocument


T = TypeVar("T")


class Mongo:
    """MongoDB for a Flask app.

    ::

        db = Mongo()            # or Mongo(app)
        db.init_app(app)        # reads MONGO_URI, MONGO_DATABASE, ...

        with app.app_context():
            db["books"].insert_one({"title": "Dive Into Python"})

    One instance can serve several apps, and several instances with
    different ``config_prefix`` values can serve one app (two databases or
    two servers). The client and database always belong to the current app.

    :param app: an app to initialise now.
    :param config_prefix: the prefix of the config keys this instance reads.
    """

    #: The key under which the state lives in ``app.extensions``.
    extension_key = EXTENSION_KEY
    #: False: a second instance on a prefix another instance uses is refused.
    #: The Flask-MongoAlchemy front-end allows it (its apps made two
    #: decoupled instances on one app); each then keeps its own state.
    shares_prefix: ClassVar[bool] = False

    # The mapper's names, reachable from the extension as in Flask-SQLAlchemy
    # (``db.StringField()``); ``db.Document`` is bound to this instance.
    Field = odm.Field
    StringField = odm.StringField
    RegExStringField = odm.RegExStringField
    IntField = odm.IntField
    FloatField = odm.FloatField
    BoolField = odm.BoolField
    ObjectIdField = odm.ObjectIdField
    DateTimeField = odm.DateTimeField
    DocumentField = odm.DocumentField
    FileField = odm.FileField
    AnythingField = odm.AnythingField
    ListField = odm.ListField
    SetField = odm.SetField
    DictField = odm.DictField
    KVField = odm.KVField
    TupleField = odm.TupleField
    EnumField = odm.EnumField
    GeoField = odm.GeoField
    BinaryField = odm.BinaryField
    ComputedField = odm.ComputedField
    CreatedField = odm.CreatedField
    ModifiedField = odm.ModifiedField
    RefField = odm.RefField
    SRefField = odm.SRefField
    computed_field = staticmethod(odm.computed_field)
    Index = odm.Index
    BaseQuery = odm.BaseQuery

    def __init__(self, app: Flask | None = None, *, config_prefix: str = "MONGO"):
        self.config_prefix = config_prefix
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Read the app's config, register the ``ObjectId`` URL converter,
        the teardown, the JSON provider (:mod:`flask_mongo.json`), the
        ``flask mongo`` commands and query recording. No connection is made
        here.

        :raises ImproperlyConfigured: the config cannot be used.
        """
        settings = self.load_settings(app)
        states = app.extensions.setdefault(self.extension_key, {})
        key = self._state_key(states)
        previous = states.get(key)
        if previous is not None and previous.extension is not self:
            raise RuntimeError(
                f"another extension instance already uses the config prefix"
                f" {self.config_prefix!r} on this app; give each its own prefix"
            )
        if previous is not None:
            previous.close()
        states[key] = AppState(self, app, settings)
        app.url_map.converters.setdefault("ObjectId", ObjectIdConverter)
        app.teardown_appcontext(self._teardown)
        if settings.json_provider:
            install_json_provider(app, settings.timezone)
        if settings.causal_consistency or settings.transaction_per_request:
            install_request_sessions(
                app, self, transaction=settings.transaction_per_request
            )
        register_cli(app)

    @cached_property
    def Document(self) -> type[odm.Document]:
        """The base class of documents stored through this extension."""
        return type(
            "Document",
            (odm.Document,),
            {"__abstract__": True, "__module__": __name__, "__qualname__": "Document"},
            mongo=self,
        )

    @classmethod
    def current(cls) -> Mongo:
        """The only instance registered on the current app.

        :raises RuntimeError: none, or several (bind documents to one with
            ``class Book(Document, mongo=db)``).
        """
        return current_extension(cls)

    def collection_for(self, document: type[odm.Document]) -> Collection[RawDocument]:
        """The current app's collection for a document class."""
        return self.get_state().collection_for(document)

    def save_all(
        self,
        documents: Iterable[odm.Document | DictDocument],
        *,
        ordered: bool = True,
        write_concern: Any = None,
    ) -> None:
        """Save typed documents with one ``bulk_write`` per collection:
        every one is validated before anything is sent; new ones are
        inserted, changed saved ones updated; accepted ones are marked
        saved. With ``ordered=False`` a refused document does not stop the
        others. Dict documents (MongoKit-style) are saved the same way by
        :func:`flask_mongo.structure.bulk.save_all`.

        :raises BulkWriteFailed: some were refused (its ``failures`` say
            which and why); the others are saved.
        :raises BadQueryException: typed and dict documents in one call.
        """
        # Imported here: the typed mapper's users never load the dict one.
        from .structure import bulk as structure_bulk
        from .structure.document import Document as DictDocument

        documents = list(documents)
        kinds = {isinstance(d, DictDocument) for d in documents}
        if kinds == {True, False}:
            raise BadQueryException(
                "save_all() takes typed documents or dict documents, not both"
                " in one call; call it once for each"
            )
        if kinds == {True}:
            structure_bulk.save_all(
                cast("list[DictDocument]", documents),
                ordered=ordered,
                write_concern=write_concern,
            )
        else:
            typed = cast("list[odm.Document]", documents)
            odm_bulk.save_all(typed, ordered=ordered, write_concern=write_concern)

    def load_settings(self, app: Flask) -> ConnectionSettings:
        """Read the connection settings from ``app.config``; front-ends with
        other keys override this."""
        return settings_from_config(
            app.config, self.config_prefix, instance_path=app.instance_path
        )

    def get_state(self, app: Flask | None = None) -> AppState:
        """This instance's state for ``app`` (default: the current app).

        :raises RuntimeError: outside an app context, or before ``init_app``.
        """
        if app is None:
            if not has_app_context():
                raise RuntimeError(
                    "Working outside of application context: Flask-Mongo needs"
                    " the current app to pick its database. Push a context with"
                    " 'with app.app_context():'."
                )
            app = current_app._get_current_object()  # type: ignore[attr-defined]
        states = app.extensions.get(self.extension_key, {})
        state: AppState | None = states.get(self._state_key(states))
        if state is None or state.extension is not self:
            raise RuntimeError(
                f"this {type(self).__name__} instance is not registered on the app"
                f" {app.name!r}; call init_app(app) first"
            )
        return state

    def _state_key(self, states: dict[str, AppState]) -> str:
        # The prefix, unless this instance shares it (shares_prefix) and
        # registered under a key of its own.
        key = self.config_prefix
        state = states.get(key)
        if state is not None and state.extension is not self and self.shares_prefix:
            return next(
                (k for k, s in states.items() if s.extension is self),
                f"{key}#{id(self):x}",
            )
        return key

    @property
    def client(self) -> MongoClient[RawDocument]:
        """The current app's ``MongoClient``."""
        return self.get_state().client

    @property
    def database(self) -> Database[RawDocument]:
        """The current app's database."""
        return self.get_state().database

    def get_collection(self, name: str, **options: Any) -> Collection[RawDocument]:
        """A collection of the current app's database; ``options`` go to
        :meth:`pymongo.database.Database.get_collection`."""
        return self.get_state().database.get_collection(name, **options)

    def __getitem__(self, name: str) -> Collection[RawDocument]:
        return self.get_collection(name)

    @property
    def session(self) -> ClientSession:
        """A client session for the current app context, started on first use
        and ended when the context is torn down (for causal consistency or
        ``with db.session.start_transaction():``)."""
        state = self.get_state()
        key = f"_flask_mongo_session_{self.config_prefix}"
        session: ClientSession | None = g.get(key)
        if session is None:
            session = state.client.start_session()
            setattr(g, key, session)
        return session

    @property
    def client_session(self) -> ClientSession:
        """The PyMongo session of the current app context, which
        :meth:`transaction` and the per-request settings use: :attr:`session`
        here; a front-end whose ``session`` is another object overrides it."""
        return self.session

    @overload
    def transaction(
        self, func: None = None, **options: Any
    ) -> AbstractContextManager[ClientSession]: ...
    @overload
    def transaction(self, func: Callable[[ClientSession], T], **options: Any) -> T: ...
    def transaction(
        self, func: Callable[[ClientSession], T] | None = None, **options: Any
    ) -> T | AbstractContextManager[ClientSession]:
        """Run writes and reads in one multi-document transaction.

        As a context manager, the block's operations commit together when it
        ends normally and are rolled back when it raises::

            with db.transaction():
                book.save()
                Author.query.filter(...).set(Author.books, 3).execute()

        Given a function, calls ``func(session)`` with the driver's
        :meth:`~pymongo.client_session.ClientSession.with_transaction`
        semantics: the whole function is retried on a
        ``TransientTransactionError`` and the commit on an
        ``UnknownTransactionCommitResult``, within 120 s; its result is
        returned. Write the function so that running it twice is harmless.

        Every operation of both mappers on this extension's client takes the
        transaction's session; raw PyMongo calls need ``session=`` (the
        session is yielded, and passed to ``func``). Inside a transaction,
        ``transaction()`` joins it rather than starting another.
        ``options`` (``read_concern``, ``write_concern``,
        ``read_preference``, ``max_commit_time_ms``) go to the driver.
        Transactions need a replica set or a sharded cluster (or the
        embedded engine).
        """
        if func is None:
            return transaction_block(self.client_session, options)
        return run_in_transaction(self.client_session, func, options)

    def gridfs(self, bucket: str | None = None) -> GridFSBucket:
        """A GridFS bucket of the current app's database: ``bucket``, by
        default the one named by ``MONGO_GRIDFS_BUCKET`` (``fs``)."""
        state = self.get_state()
        return files.get_bucket(state.database, bucket or state.settings.gridfs_bucket)

    def save_file(
        self,
        filename: str,
        fileobj: Any,
        content_type: str | None = None,
        **metadata: Any,
    ) -> Any:
        """Store a file in the app's GridFS bucket as a new version of
        ``filename``; return its id. See :func:`flask_mongo.files.save_file`.

        .. versionadded:: 0.1
        """
        return files.save_file(
            self.gridfs(), filename, fileobj, content_type, **metadata
        )

    def send_file(
        self,
        filename: str,
        version: int = -1,
        cache_for: int = files.ONE_YEAR,
        *,
        as_attachment: bool = False,
        download_name: str | None = None,
    ) -> Response:
        """A response serving ``filename`` from the app's GridFS bucket, with
        ETag, Last-Modified, conditional requests and ranges; a 404 when no
        such file or version exists. ``as_attachment=True`` asks the browser
        to save it (as ``download_name``). See
        :func:`flask_mongo.files.send_file`.

        .. versionadded:: 0.1
        """
        return files.send_file(
            self.gridfs(),
            filename,
            version,
            cache_for,
            as_attachment=as_attachment,
            download_name=download_name,
        )

    def delete_file(self, filename_or_id: Any) -> int:
        """Delete every version of a filename (a ``str``), or the one file
        of an id (anything else); return how many files were deleted.

        .. versionadded:: 0.1
        """
        return files.delete_file(self.gridfs(), filename_or_id)

    def init_sessions(
        self, app: Flask, collection: str | None = None
    ) -> MongoSessionInterface:
        """Keep ``app``'s Flask sessions in MongoDB (see
        :mod:`flask_mongo.sessions`): in ``collection``, by default
        ``MONGO_SESSIONS_COLLECTION`` (``sessions``). Call it after
        :meth:`init_app`; no connection is made here.

        .. versionadded:: 0.1
        """
        settings = self.get_state(app).settings
        interface = MongoSessionInterface(
            self, collection or settings.sessions_collection
        )
        app.session_interface = interface
        return interface

    def regenerate_session(self) -> None:
        """Give the current request's session a new id when the response is
        saved, keeping its data and deleting the old id's document. Call it
        on login to defeat session fixation.

        :raises RuntimeError: the app's sessions are not kept by
            :meth:`init_sessions`.
        """
        from flask import session

        current = session._get_current_object()  # type: ignore[attr-defined]
        if not isinstance(current, MongoSession):
            raise RuntimeError(
                "regenerate_session() needs server-side sessions: call"
                " db.init_sessions(app) after db.init_app(app)"
            )
        current.regenerate()

    def close(self, app: Flask | None = None) -> None:
        """Close the app's client (a new one is made on next use)."""
        self.get_state(app).close()

    def _teardown(self, exc: BaseException | None) -> None:
        session: ClientSession | None = g.pop(
            f"_flask_mongo_session_{self.config_prefix}", None
        )
        if session is not None:
            session.end_session()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} config_prefix={self.config_prefix!r}>"
