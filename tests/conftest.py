"""Fixtures: a real MongoDB wire protocol for every test.

The suite uses the pytest plugin it ships to users (:mod:`flask_mongo.testing`):
its session server (the embedded engine, or ``FLASK_MONGO_TEST_URI``) and its
fresh database per test, dropped afterwards (``database_name``). Apps are
made by one factory, :func:`make_app`, configured with the keys of the
front-end under test. The named fixtures are built on it:

===============  =============================================================
``app``, ``db``  a ``MONGO_*`` app and its ``Mongo``; ``app_ctx`` pushes a
                 context; ``logged_db`` is ``(app, db)`` inside one
``commands``     the :class:`~tests.support.CommandLog` of every app made here
``mk_app``,      a ``MONGODB_*`` app (Flask-MongoKit's keys) and its
``mk``, ``ctx``  ``MongoKit``; ``ctx`` pushes a context
``auth_server``  a server that requires SCRAM, with two users
===============  =============================================================
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from pymongo.database import Database

from flask_mongo import Mongo
from flask_mongokit import MongoKit
from tests.support import (
    MONGOECO_AUTH_OPTIONS,
    REAL_URI_VARIABLE,
    SPECIAL_PASSWORD,
    AppFactory,
    AuthServer,
    CommandLog,
    PlainMongo,
    Raw,
    TestServer,
    embedded_server,
    scram_server,
    server_from_uri,
)
from tests.support import (
    form_app as support_form_app,
)

if TYPE_CHECKING:
    # Imported by pytest as a plugin first (for its assertion rewriting).
    from flask_mongo.testing import MongoTestServer

pytest_plugins = ["flask_mongo.testing"]


@pytest.fixture(scope="session")
def mongo_server(mongo_test_server: MongoTestServer) -> TestServer:
    """The plugin's server, as the tests describe it (host, port, mongoeco)."""
    if mongo_test_server.real:
        return server_from_uri(mongo_test_server.uri)
    return embedded_server(mongo_test_server.uri)


@pytest.fixture
def database_name(mongo_test_config: dict[str, Any]) -> str:
    """The test's own database (the plugin drops it afterwards)."""
    name: str = mongo_test_config["MONGO_DATABASE"]
    return name


@pytest.fixture
def raw_db(mongo_server: TestServer, database_name: str) -> Iterator[Database[Raw]]:
    """The test's database through a PyMongo client of its own: what is
    stored, whatever the mappers do."""
    client = mongo_server.client()
    yield client[database_name]
    client.close()


@pytest.fixture
def commands() -> CommandLog:
    return CommandLog()


@pytest.fixture
def make_app(
    mongo_server: TestServer, database_name: str, commands: CommandLog
) -> AppFactory:
    """``make_app()``, ``make_app("MONGODB")``, ``make_app("MONGOALCHEMY")``:
    an app for the test's database, with the keys of that front-end."""
    return AppFactory(mongo_server, database_name, commands)


# -- Flask-Mongo ---------------------------------------------------------------


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app()


@pytest.fixture
def db(app: Flask) -> Iterator[Mongo]:
    mongo = Mongo(app)
    yield mongo
    mongo.close(app)


@pytest.fixture
def plain_mongo(make_app: AppFactory) -> Iterator[PlainMongo]:
    """``plain_mongo(**config)``: an app of :meth:`AppFactory.plain` and its
    ``Mongo``, closed after the test."""
    made: list[tuple[Flask, Mongo]] = []

    def make(**config: Any) -> tuple[Flask, Mongo]:
        app = make_app.plain(**config)
        made.append((app, Mongo(app)))
        return made[-1]

    yield make
    for app, mongo in made:
        mongo.close(app)


@pytest.fixture
def app_ctx(app: Flask, db: Mongo) -> Iterator[None]:
    with app.app_context():
        yield


@pytest.fixture
def logged_db(app: Flask, db: Mongo, app_ctx: None) -> tuple[Flask, Mongo]:
    """The app and its extension, in an app context; ``commands`` has what
    they send."""
    return app, db


# -- Flask-MongoKit ------------------------------------------------------------


@pytest.fixture
def mk_app(make_app: AppFactory) -> Flask:
    return make_app("MONGODB")


@pytest.fixture
def mk(mk_app: Flask) -> Iterator[MongoKit]:
    db = MongoKit(mk_app)
    yield db
    db.close(mk_app)


@pytest.fixture
def ctx(mk_app: Flask, mk: MongoKit) -> Iterator[None]:
    with mk_app.app_context():
        yield


# -- forms ---------------------------------------------------------------------


@pytest.fixture
def form_app() -> Iterator[Flask]:
    """An app for ``model_form`` forms (CSRF off), in a request context."""
    app = support_form_app()
    with app.test_request_context():
        yield app


# -- authentication ------------------------------------------------------------


@pytest.fixture(scope="session")
def embedded_auth_server() -> Iterator[tuple[str, int]]:
    """A SCRAM-only mongoeco server, started for the first test needing it."""
    with scram_server() as address:
        yield address


@pytest.fixture
def auth_server(
    request: pytest.FixtureRequest, mongo_server: TestServer, database_name: str
) -> Iterator[AuthServer]:
    if mongo_server.auth_host is not None or not mongo_server.real:
        if mongo_server.auth_host is not None:  # ./dev test-compat's
            assert mongo_server.auth_port is not None
            host, port = mongo_server.auth_host, mongo_server.auth_port
        else:
            host, port = request.getfixturevalue("embedded_auth_server")
        yield AuthServer(
            host=host,
            port=port,
            options=dict(MONGOECO_AUTH_OPTIONS),
            root="root",
            scoped="scoped",
            scoped_source="authdb",
            honours_auth_source=False,
        )
        return
    # A given server: make the users for this test, if we are allowed to.
    client = mongo_server.client()
    suffix = uuid.uuid4().hex[:8]
    root, scoped, source = f"fm_root_{suffix}", f"fm_scoped_{suffix}", database_name
    try:
        client.admin.command(
            "createUser", root, pwd=SPECIAL_PASSWORD, roles=["readWriteAnyDatabase"]
        )
        client[source].command(
            "createUser", scoped, pwd=SPECIAL_PASSWORD, roles=["readWriteAnyDatabase"]
        )
    except Exception as error:
        client.close()
        pytest.skip(f"cannot create users on {REAL_URI_VARIABLE}: {error}")
    try:
        yield AuthServer(
            host=mongo_server.host,
            port=mongo_server.port,
            options={},
            root=root,
            scoped=scoped,
            scoped_source=source,
        )
    finally:
        client.admin.command("dropUser", root)
        client[source].command("dropUser", scoped)
        client.close()
