"""What one extension instance keeps for one app: its client, created
lazily and once per process, and the mappers' per-app bookkeeping.

``app.extensions["flask_mongo"]`` maps each config prefix to an
:class:`AppState`. This module knows nothing of the extension class or the
mappers, so that both can import it.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING, Any, TypeVar, cast

from flask import Flask, current_app, has_app_context
from pymongo import MongoClient
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.driver_info import DriverInfo

from .core.indexes import IndexCache
from .record_queries import make_listener
from .settings import ConnectionSettings
from .version import __version__

if TYPE_CHECKING:
    from .embedded import EmbeddedServer
    from .extension import Mongo
    from .odm import Document

__all__ = ["EXTENSION_KEY", "AppState", "current_extension", "current_mongo"]

#: The key of the extension's states in ``app.extensions``.
EXTENSION_KEY = "flask_mongo"

RawDocument = dict[str, Any]
E = TypeVar("E")


def current_extension(kind: type[E]) -> E:
    """The only extension of type ``kind`` registered on the current app.

    :raises RuntimeError: outside an app context, or none or several such
        extensions (bind documents to one with ``class Book(Document,
        mongo=db)``).
    """
    if not has_app_context():
        raise RuntimeError(
            "Working outside of application context: documents need the"
            " current app to find their database. Push a context with"
            " 'with app.app_context():'."
        )
    states = current_app.extensions.get(EXTENSION_KEY, {})
    instances = [s.extension for s in states.values() if isinstance(s.extension, kind)]
    if len(instances) != 1:
        raise RuntimeError(
            f"{len(instances)} Mongo extensions are registered on this app;"
            " a document class must say which it uses: derive it from"
            " db.Document or declare it as class Book(Document, mongo=db)"
        )
    return instances[0]


def current_mongo() -> Mongo:
    """The only Flask-Mongo extension (of any front-end) on the current app;
    see :func:`current_extension`."""
    return cast("Mongo", current_extension(object))


class AppState:
    """What one extension instance keeps for one app, in ``app.extensions``.

    ``app.extensions["flask_mongo"]`` maps each config prefix to its state.
    The client is created on first use, with ``connect=False`` so that no
    socket is opened before a query. Each process has its own client: after
    ``os.fork()`` (gunicorn, uWSGI) the child's first use makes a new one,
    never the parent's, whose sockets and monitor threads it shares.
    """

    def __init__(self, extension: Mongo, app: Flask, settings: ConnectionSettings):
        self.extension = extension
        self.app = app
        self.settings = settings
        self._client: MongoClient[RawDocument] | None = None
        self._embedded: EmbeddedServer | None = None
        self._lock = threading.Lock()
        self._pid = os.getpid()
        #: Typed document class -> its collection (its indexes created).
        self.document_collections: dict[type[Document], Collection[RawDocument]] = {}
        #: Which classes' declared indexes this app has created.
        self.indexes = IndexCache()
        #: False: declared indexes are created only when asked (MongoAlchemy's
        #: ``Session.connect(auto_ensure=False)``), not on first use.
        self.auto_indexes = True
        #: The client whose credentials were checked by a ``ping`` (the
        #: MongoKit front-end reports bad credentials on first use).
        self.verified_client: MongoClient[RawDocument] | None = None

    @property
    def client(self) -> MongoClient[RawDocument]:
        """The app's client, created on first access in each process."""
        if self._pid != os.getpid():
            self._after_fork()
        client = self._client
        if client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._create_client()
                client = self._client
        return client

    @property
    def database(self) -> Database[RawDocument]:
        """The configured database."""
        return self.client[self.settings.database]

    @property
    def has_client(self) -> bool:
        """True when a client has been created and not closed since."""
        return self._client is not None

    def _after_fork(self) -> None:
        # The parent's client is left alone, not closed: closing it here
        # would end the parent's sessions through sockets both processes
        # hold. The lock may have been held by a thread that fork() did not
        # copy, so the child gets a new one. An embedded server keeps
        # running in the parent; the child's client connects to it.
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._client = None
        self.document_collections.clear()
        self.verified_client = None

    def _create_client(self) -> MongoClient[RawDocument]:
        settings = self.settings
        if settings.embedded is not None:
            from .embedded import server_for

            if self._embedded is None:
                self._embedded = server_for(settings.embedded)
            assert self._embedded.address is not None
            settings = settings.with_embedded_address(*self._embedded.address)
        host, kwargs = settings.client_arguments()
        if self._embedded is not None:
            kwargs = {**self._embedded.client_credentials(), **kwargs}
        kwargs.setdefault("connect", False)
        kwargs.setdefault("driver", DriverInfo("Flask-Mongo", __version__))
        listener = make_listener(
            self.app, settings.record_queries, settings.slow_query_ms
        )
        if listener is not None:  # after the user's own listeners, not instead
            kwargs["event_listeners"] = [*kwargs.get("event_listeners", ()), listener]
        return MongoClient(host, **kwargs)

    def collection_for(self, document: type[Document]) -> Collection[RawDocument]:
        """The collection of a document class, its declared indexes created
        the first time it is used with this app."""
        try:
            return self.document_collections[document]
        except KeyError:
            pass
        collection = self.database.get_collection(document.get_collection_name())
        if self.auto_indexes:
            self.indexes.ensure(
                collection, document, [index.spec() for index in document.get_indexes()]
            )
        self.document_collections[document] = collection
        return collection

    def close(self) -> None:
        """Close the client; the next access creates a new one."""
        self.document_collections.clear()
        self.indexes.forget()
        self.verified_client = None
        with self._lock:
            client, self._client = self._client, None
            embedded, self._embedded = self._embedded, None
        if client is not None:
            client.close()
        if embedded is not None:
            from .embedded import release

            release(embedded)
