"""A server that is down must not block app creation, and must fail fast."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from pymongo.errors import ServerSelectionTimeoutError

from flask_mongo import Mongo


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port  # nothing listens there any more


@pytest.fixture
def silent_server() -> Iterator[socket.socket]:
    """A port that accepts connections and never answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        sock.settimeout(0.5)
        yield sock


def create_app(port: int) -> tuple[Flask, Mongo]:
    app = Flask(__name__)
    app.config.update(
        MONGO_HOST="127.0.0.1",
        MONGO_PORT=port,
        MONGO_DATABASE="nowhere",
        MONGO_OPTIONS="serverSelectionTimeoutMS=400&connectTimeoutMS=400",
    )
    return app, Mongo(app)


def test_create_app_does_not_touch_the_server(silent_server: socket.socket) -> None:
    app, mongo = create_app(silent_server.getsockname()[1])
    with app.app_context():
        _ = mongo.database  # building the client opens nothing either
        with pytest.raises(TimeoutError):
            silent_server.accept()  # no connection came
        # The first query is what connects (and then times out: no answer).
        collection = mongo["c"]
        failures: list[Exception] = []

        def first_query() -> None:
            try:
                collection.find_one()
            except ServerSelectionTimeoutError as error:
                failures.append(error)

        query = threading.Thread(target=first_query, daemon=True)
        query.start()
        connection, _address = silent_server.accept()
        query.join(5)
        connection.close()
    assert len(failures) == 1
    mongo.close(app)


def test_first_query_fails_within_the_selection_timeout() -> None:
    port = closed_port()
    app, mongo = create_app(port)
    with app.app_context():
        with pytest.raises(
            ServerSelectionTimeoutError, match="Connection refused"
        ) as info:
            mongo["c"].find_one()
        assert mongo.client.options.server_selection_timeout == 0.4
    # The message names the server, the cause and the timeout it waited.
    assert f"127.0.0.1:{port}" in str(info.value)
    assert "Timeout: 0.4s" in str(info.value)
    mongo.close(app)
