"""Fixtures for the object mapper's tests: an app whose commands are recorded."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from flask_mongo import Mongo
from tests.support import CommandLog, TestServer


@pytest.fixture
def commands() -> CommandLog:
    return CommandLog()


@pytest.fixture
def logged_db(
    mongo_server: TestServer, database_name: str, commands: CommandLog
) -> Iterator[tuple[Flask, Mongo]]:
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=mongo_server.uri,
        MONGO_DATABASE=database_name,
        MONGO_CLIENT_OPTIONS={"event_listeners": [commands]},
    )
    mongo = Mongo(app)
    with app.app_context():
        yield app, mongo
    mongo.close(app)
