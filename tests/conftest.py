"""Fixtures: a real MongoDB wire protocol for every test.

By default one mongoeco wire server (memory engine) is started for the whole
session, plus a second one that requires SCRAM authentication. Each test gets
its own database name, dropped afterwards.

Set ``FLASK_MONGO_TEST_URI`` (for example ``mongodb://localhost:27017``) to
run the same suite against a real MongoDB instead. Authentication tests then
create their users with ``createUser`` and are skipped if the URI's user may
not do that.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from pymongo import MongoClient

from flask_mongo import Mongo

REAL_URI_VARIABLE = "FLASK_MONGO_TEST_URI"
#: A password with every character that breaks URI pasting.
SPECIAL_PASSWORD = "p@ss:w/rd%+ é?#&="


@dataclass
class TestServer:
    """How to reach the server the tests run against."""

    __test__ = False  # not a test class

    uri: str
    host: str
    port: int
    real: bool
    #: Authentication on mongoeco needs SCRAM-SHA-256 (its SHA-1 is wrong).
    auth_options: dict[str, str] = field(default_factory=dict)
    auth_host: str | None = None
    auth_port: int | None = None

    def client(self, **kwargs: object) -> MongoClient[dict[str, object]]:
        return MongoClient(self.uri, serverSelectionTimeoutMS=5000, **kwargs)


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[TestServer]:
    real_uri = os.environ.get(REAL_URI_VARIABLE)
    if real_uri:
        client: MongoClient[dict[str, object]] = MongoClient(real_uri)
        host, port = client.address or ("localhost", 27017)
        client.close()
        yield TestServer(uri=real_uri, host=host, port=port, real=True)
        return

    from mongoeco.wire.auth import WireAuthUser

    from flask_mongo.config import EmbeddedSpec
    from flask_mongo.embedded import EmbeddedServer

    plain = EmbeddedServer(EmbeddedSpec("memory"))
    users = (
        WireAuthUser("root", SPECIAL_PASSWORD, source="admin"),
        # mongoeco looks every user up in "admin" whatever the authSource
        # (see AuthServer.honours_auth_source).
        WireAuthUser("scoped", SPECIAL_PASSWORD, source="admin"),
    )
    secured = EmbeddedServer(EmbeddedSpec("memory"), auth_users=users)
    host, port = plain.start()
    auth_host, auth_port = secured.start()
    try:
        yield TestServer(
            uri=f"mongodb://{host}:{port}/",
            host=host,
            port=port,
            real=False,
            auth_options={"authMechanism": "SCRAM-SHA-256"},
            auth_host=auth_host,
            auth_port=auth_port,
        )
    finally:
        plain.stop()
        secured.stop()


@pytest.fixture
def database_name(mongo_server: TestServer) -> Iterator[str]:
    name = f"fmtest_{uuid.uuid4().hex[:12]}"
    yield name
    client = mongo_server.client()
    try:
        client.drop_database(name)
    finally:
        client.close()


@pytest.fixture
def app(mongo_server: TestServer, database_name: str) -> Flask:
    app = Flask(__name__)
    app.config.update(
        TESTING=True,
        MONGO_URI=mongo_server.uri,
        MONGO_DATABASE=database_name,
        MONGO_CLIENT_OPTIONS={"serverSelectionTimeoutMS": 5000},
    )
    return app


@pytest.fixture
def db(app: Flask) -> Iterator[Mongo]:
    mongo = Mongo(app)
    yield mongo
    mongo.close(app)


@pytest.fixture
def app_ctx(app: Flask, db: Mongo) -> Iterator[None]:
    with app.app_context():
        yield


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


@pytest.fixture
def auth_server(mongo_server: TestServer, database_name: str) -> Iterator[AuthServer]:
    if not mongo_server.real:
        assert mongo_server.auth_host is not None
        assert mongo_server.auth_port is not None
        yield AuthServer(
            host=mongo_server.auth_host,
            port=mongo_server.auth_port,
            options=mongo_server.auth_options,
            root="root",
            scoped="scoped",
            scoped_source="authdb",
            honours_auth_source=False,
        )
        return
    # A real server: make the users for this test, if we are allowed to.
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
