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

import uuid
from collections.abc import Iterator

import pytest
from flask import Flask

from flask_mongo import Mongo
from tests.support import (
    REAL_URI_VARIABLE,
    SPECIAL_PASSWORD,
    AuthServer,
    TestServer,
    embedded_servers,
    real_uri,
    server_from_uri,
)


@pytest.fixture(scope="session")
def mongo_server() -> Iterator[TestServer]:
    uri = real_uri()
    if uri:
        yield server_from_uri(uri)
        return
    with embedded_servers() as server:
        yield server


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
