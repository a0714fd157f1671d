"""pytest fixtures for apps that use Flask-Mongo.

Off until a project opts in, with ``pytest_plugins = ["flask_mongo.testing"]``
in its root ``conftest.py``, ``flask_mongo = true`` in its pytest
configuration, or ``--flask-mongo`` (the ``pytest11`` entry point,
:mod:`pytest_flask_mongo`, imports only pytest until then). The fixtures
start nothing until a test asks for one.

``mongo_test_server``
    (session) The server the tests use: a real MongoDB when the environment
    variable ``FLASK_MONGO_TEST_URI`` is set, otherwise the embedded engine
    (``pip install 'Flask-Mongo[embedded]'``), started once per session.
``mongo_test_config``
    The config keys that point an app at a fresh database on that server;
    the database is dropped after the test.
``make_mongo_app``
    ``make_mongo_app(create_app)`` calls your app factory with those keys
    (a dict, as its one argument) and closes the app's clients after the
    test.

::

    from myapp import create_app

    @pytest.fixture
    def app(make_mongo_app):
        return make_mongo_app(create_app)    # create_app(config: dict) -> Flask

    def test_add_book(app):
        response = app.test_client().post("/books", data={"title": "Dive"})
        assert response.status_code == 302
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from flask import Flask

__all__ = [
    "MongoTestServer",
    "make_mongo_app",
    "mongo_test_config",
    "mongo_test_server",
]

#: The environment variable naming a real MongoDB to test against.
URI_VARIABLE = "FLASK_MONGO_TEST_URI"


@dataclass(frozen=True)
class MongoTestServer:
    """The server of a test session.

    .. versionadded:: 0.1
    """

    #: A ``mongodb://`` URI without a database name.
    uri: str
    #: True for a server from ``FLASK_MONGO_TEST_URI``, False for the
    #: embedded engine.
    real: bool


@pytest.fixture(scope="session")
def mongo_test_server() -> Iterator[MongoTestServer]:
    """The MongoDB of the test session (see the module doc)."""
    real_uri = os.environ.get(URI_VARIABLE)
    if real_uri:
        yield MongoTestServer(real_uri, real=True)
        return
    from .config import EmbeddedSpec
    from .embedded import EmbeddedServer, check_available
    from .errors import ImproperlyConfigured

    try:
        check_available()
    except ImproperlyConfigured as error:
        pytest.fail(f"{error}; or set {URI_VARIABLE} to a MongoDB", pytrace=False)
    server = EmbeddedServer(EmbeddedSpec("memory"))
    host, port = server.start()
    try:
        yield MongoTestServer(f"mongodb://{host}:{port}/", real=False)
    finally:
        server.stop()


@pytest.fixture
def mongo_test_config(
    mongo_test_server: MongoTestServer,
) -> Iterator[dict[str, Any]]:
    """``TESTING``, ``MONGO_URI`` and ``MONGO_DATABASE`` for a database of
    this test's own (``fmtest_*``), dropped afterwards."""
    name = f"fmtest_{uuid.uuid4().hex[:12]}"
    yield {
        "TESTING": True,
        "MONGO_URI": mongo_test_server.uri,
        "MONGO_DATABASE": name,
    }
    from pymongo import MongoClient

    client: MongoClient[dict[str, Any]] = MongoClient(
        mongo_test_server.uri, serverSelectionTimeoutMS=5000
    )
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture
def make_mongo_app(
    mongo_test_config: dict[str, Any],
) -> Iterator[Callable[..., Flask]]:
    """``make_mongo_app(create_app, prefix="MONGO", **config)``: the app
    ``create_app(config)`` builds, its ``{prefix}_*`` keys aimed at this
    test's database (``prefix="MONGODB"`` for Flask-MongoKit apps,
    ``"MONGOALCHEMY"`` for Flask-MongoAlchemy ones). Extra keyword
    arguments are added to the config."""
    apps: list[Flask] = []

    def make(
        factory: Callable[[dict[str, Any]], Flask],
        prefix: str = "MONGO",
        **config: Any,
    ) -> Flask:
        # Each front-end's documented spelling, so that it replaces the
        # factory's own value instead of clashing with it as a synonym.
        uri_key = "CONNECTION_STRING" if prefix == "MONGOALCHEMY" else "URI"
        keys = {
            "TESTING": True,
            f"{prefix}_{uri_key}": mongo_test_config["MONGO_URI"],
            f"{prefix}_DATABASE": mongo_test_config["MONGO_DATABASE"],
            **config,
        }
        app = factory(keys)
        apps.append(app)
        return app

    yield make
    for app in apps:
        for state in app.extensions.get("flask_mongo", {}).values():
            state.close()
