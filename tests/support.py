"""What the tests share: the servers they run against, and small helpers.

Test modules import from here, never from a ``conftest.py``; the fixtures in
``tests/conftest.py`` are built from these pieces.

By default the suite starts mongoeco wire servers in its own process (the
embedded engine, Python 3.13+). With ``FLASK_MONGO_TEST_URI`` set it runs
against that server instead: a real MongoDB, or the mongoeco server that
``./dev test-compat`` starts in a Python 3.13 process for the runs on 3.11
and 3.12. Tests of the embedded engine itself are marked
:data:`needs_embedded` and skip where mongoeco cannot be imported.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import pytest
from flask import Flask
from pymongo import MongoClient, monitoring
from werkzeug.datastructures import MultiDict

from flask_mongo import Document, Mongo

REAL_URI_VARIABLE = "FLASK_MONGO_TEST_URI"
#: Set with it by ``./dev test-compat``: ``host:port`` of the SCRAM-only
#: mongoeco server that :mod:`tests.wire_server` runs beside the plain one.
MONGOECO_AUTH_VARIABLE = "FLASK_MONGO_TEST_MONGOECO_AUTH"
#: Authentication on mongoeco needs SCRAM-SHA-256 (its SHA-1 is wrong).
MONGOECO_AUTH_OPTIONS = {"authMechanism": "SCRAM-SHA-256"}
#: A password with every character that breaks URI pasting.
SPECIAL_PASSWORD = "p@ss:w/rd%+ é?#&="

#: mongoeco (the embedded engine) can run here: Python 3.13+ with the extra.
HAS_EMBEDDED = (
    sys.version_info >= (3, 13) and importlib.util.find_spec("mongoeco") is not None
)
#: For tests of the embedded engine itself (``mongoeco://`` URIs, servers).
needs_embedded = pytest.mark.skipif(
    not HAS_EMBEDDED,
    reason="the embedded engine (mongoeco) needs Python 3.13+ and the 'embedded' extra",
)

Raw = dict[str, Any]
#: The ``plain_mongo`` fixture: ``plain_mongo(**config)`` gives ``(app, mongo)``.
PlainMongo = Callable[..., tuple[Flask, Mongo]]
T = TypeVar("T")
D = TypeVar("D", bound=Document)


@dataclass
class TestServer:
    """How to reach the server the tests run against."""

    __test__ = False  # not a test class

    uri: str
    host: str
    port: int
    #: Given by ``FLASK_MONGO_TEST_URI`` rather than started here.
    real: bool
    #: The server is mongoeco (here, or the one ``./dev test-compat`` starts),
    #: with its limits (no collMod, no createUser...).
    mongoeco: bool = True
    #: A mongoeco server that requires SCRAM (users ``root`` and ``scoped``);
    #: without one, the authentication tests create users with createUser.
    auth_options: dict[str, str] = field(default_factory=dict)
    auth_host: str | None = None
    auth_port: int | None = None

    def client(self, **kwargs: Any) -> MongoClient[Raw]:
        return MongoClient(self.uri, serverSelectionTimeoutMS=5000, **kwargs)


@dataclass
class AuthServer:
    """A server that requires SCRAM, with two users sharing one password.

    ``root`` authenticates against ``admin``; ``scoped`` against
    ``scoped_source``, so that ``MONGO_AUTH_SOURCE`` matters.
    """

    host: str
    port: int
    options: dict[str, str]
    root: str
    scoped: str
    scoped_source: str
    #: False on mongoeco, which authenticates against "admin" whatever the
    #: client's authSource; a real MongoDB does honour it.
    honours_auth_source: bool = True
    password: str = field(default=SPECIAL_PASSWORD, repr=False)


def server_from_uri(uri: str) -> TestServer:
    """The server ``FLASK_MONGO_TEST_URI`` names."""
    client: MongoClient[Raw] = MongoClient(uri, serverSelectionTimeoutMS=5000)
    try:
        host, port = client.address or ("localhost", 27017)
        build = client.admin.command("buildInfo")
    finally:
        client.close()
    server = TestServer(
        uri=uri,
        host=host,
        port=port,
        real=True,
        mongoeco=build.get("gitVersion") == "mongoeco",
    )
    auth = os.environ.get(MONGOECO_AUTH_VARIABLE)
    if auth:
        auth_host, _, auth_port = auth.rpartition(":")
        server.auth_options = dict(MONGOECO_AUTH_OPTIONS)
        server.auth_host, server.auth_port = auth_host, int(auth_port)
    return server


def embedded_server(uri: str) -> TestServer:
    """The embedded (mongoeco) server at ``uri``, started in this process."""
    address = urlsplit(uri)
    assert address.hostname is not None
    assert address.port is not None
    return TestServer(uri=uri, host=address.hostname, port=address.port, real=False)


@contextmanager
def scram_server() -> Iterator[tuple[str, int]]:
    """A mongoeco wire server in this process that requires SCRAM for the
    users ``root`` and ``scoped``: its ``(host, port)``."""
    from mongoeco.wire.auth import WireAuthUser

    from flask_mongo.config import EmbeddedSpec
    from flask_mongo.embedded import EmbeddedServer

    users = (
        WireAuthUser("root", SPECIAL_PASSWORD, source="admin"),
        # mongoeco looks every user up in "admin" whatever the authSource
        # (see AuthServer.honours_auth_source).
        WireAuthUser("scoped", SPECIAL_PASSWORD, source="admin"),
    )
    secured = EmbeddedServer(EmbeddedSpec("memory"), auth_users=users)
    host, port = secured.start()
    try:
        yield host, port
    finally:
        secured.stop()


@contextmanager
def embedded_servers() -> Iterator[TestServer]:
    """Two mongoeco wire servers in this process: a plain one, and one that
    requires SCRAM (see :func:`scram_server`)."""
    if not HAS_EMBEDDED:
        pytest.fail(
            f"no server to test against: mongoeco needs Python 3.13+; set"
            f" {REAL_URI_VARIABLE} to a MongoDB (./dev test-compat does)"
        )
    from flask_mongo.config import EmbeddedSpec
    from flask_mongo.embedded import EmbeddedServer

    plain = EmbeddedServer(EmbeddedSpec("memory"))
    host, port = plain.start()
    try:
        with scram_server() as (auth_host, auth_port):
            server = embedded_server(f"mongodb://{host}:{port}/")
            server.auth_options = dict(MONGOECO_AUTH_OPTIONS)
            server.auth_host, server.auth_port = auth_host, auth_port
            yield server
    finally:
        plain.stop()


class CommandLog(monitoring.CommandListener):
    """Records the commands the client sends (what reached the server)."""

    WATCHED = frozenset(
        {"insert", "update", "delete", "find", "findAndModify", "aggregate"}
    )

    def __init__(self) -> None:
        self.commands: list[Raw] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in self.WATCHED:
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def named(self, name: str) -> list[Raw]:
        return [c for c in self.commands if name in c]

    def clear(self) -> None:
        self.commands.clear()


@dataclass
class AppFactory:
    """Makes Flask apps that reach the test server and use the test's database.

    ``prefix`` says whose keys: ``"MONGODB"`` gives Flask-MongoKit's
    (``MONGODB_HOST``, ``_PORT``, ``_DATABASE``), ``"MONGOALCHEMY"``
    Flask-MongoAlchemy's (``_SERVER``, ``_PORT``, ``_DATABASE``), any other
    prefix Flask-Mongo's (``_URI``, ``_DATABASE``). Every client the apps
    create records its commands in :attr:`commands`. Keyword arguments are
    further config keys, full names (``MONGO_TIMEZONE="UTC"``).
    """

    server: TestServer
    database: str
    commands: CommandLog

    def keys(self, prefix: str = "MONGO", database: str | None = None) -> Raw:
        """The config keys that reach the test server."""
        name = database or self.database
        client_options = {
            "serverSelectionTimeoutMS": 5000,
            "event_listeners": [self.commands],
        }
        if prefix == "MONGODB":
            where: Raw = {"HOST": self.server.host, "PORT": self.server.port}
        elif prefix == "MONGOALCHEMY":
            where = {"SERVER": self.server.host, "PORT": self.server.port}
        else:
            where = {"URI": self.server.uri}
        where.update(DATABASE=name, CLIENT_OPTIONS=client_options)
        return {f"{prefix}_{key}": value for key, value in where.items()}

    def plain(self, **config: Any) -> Flask:
        """An app with only ``MONGO_URI``, ``MONGO_DATABASE`` and a short
        server selection timeout (not ``TESTING``, no command log), and
        ``config``."""
        app = Flask(__name__)
        app.config.update(
            {
                "MONGO_URI": self.server.uri,
                "MONGO_DATABASE": self.database,
                "MONGO_CLIENT_OPTIONS": {"serverSelectionTimeoutMS": 5000},
                **config,
            }
        )
        return app

    def __call__(
        self, prefix: str = "MONGO", /, *, database: str | None = None, **config: Any
    ) -> Flask:
        app = Flask(__name__)
        app.config.update(TESTING=True, **self.keys(prefix, database), **config)
        return app


def form_app() -> Flask:
    """An app for forms made by ``model_form``: a secret key, CSRF off."""
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False, TESTING=True)
    return app


def post_form(form_class: type[Any], data: dict[str, Any], **kwargs: Any) -> Any:
    """A form bound to ``data`` as posted (a MultiDict of strings)."""
    return form_class(formdata=MultiDict(data), **kwargs)


def form_errors(form: Any) -> dict[str, Any]:
    """The errors of ``form`` once validated."""
    form.validate()
    return dict(form.errors)


def everything_shown(error: BaseException, *objects: object, log: str) -> str:
    """All a user can see of a failure: the error's text and repr, the
    reprs of ``objects``, and the log (to check no secret is in it)."""
    return " ".join([str(error), repr(error), *map(repr, objects), log])


def real_uri() -> str | None:
    """``FLASK_MONGO_TEST_URI``, when the suite runs against a given server."""
    return os.environ.get(REAL_URI_VARIABLE) or None


def reload(doc: D) -> D:
    """The typed document as a fresh query loads it (it must be stored)."""
    return found(type(doc).query.get(doc.mongo_id))


def stored(doc: Document) -> Raw:
    """The typed document exactly as MongoDB holds it."""
    raw: Raw = found(type(doc).get_collection().find_one({"_id": doc.mongo_id}))
    return raw


def found(value: T | None) -> T:
    """``value``, which must be there (what a ``find_one`` has to find)."""
    assert value is not None, "nothing found"
    return value
