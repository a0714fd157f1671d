"""A server that is down must not block app creation, and must fail fast."""

from __future__ import annotations

import socket
import time

import pytest
from flask import Flask
from pymongo.errors import ServerSelectionTimeoutError

from flask_mongo import Mongo


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there any more


def create_app(port: int) -> tuple[Flask, Mongo]:
    app = Flask(__name__)
    app.config.update(
        MONGO_HOST="127.0.0.1",
        MONGO_PORT=port,
        MONGO_DATABASE="nowhere",
        MONGO_OPTIONS="serverSelectionTimeoutMS=400&connectTimeoutMS=400",
    )
    return app, Mongo(app)


def test_create_app_does_not_touch_the_server() -> None:
    started = time.monotonic()
    app, mongo = create_app(closed_port())
    with app.app_context():
        _ = mongo.database  # building the client opens nothing either
    assert time.monotonic() - started < 0.4
    mongo.close(app)


def test_first_query_fails_within_the_selection_timeout() -> None:
    port = closed_port()
    app, mongo = create_app(port)
    with app.app_context():
        started = time.monotonic()
        with pytest.raises(
            ServerSelectionTimeoutError, match="Connection refused"
        ) as info:
            mongo["c"].find_one()
        elapsed = time.monotonic() - started
    # The message names the server and the cause.
    assert f"127.0.0.1:{port}" in str(info.value)
    assert 0.3 < elapsed < 3
    mongo.close(app)
