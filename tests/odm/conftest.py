"""Fixtures for the object mapper's tests: an app whose commands are recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from pymongo import monitoring

from flask_mongo import Mongo
from tests.conftest import TestServer


class CommandLog(monitoring.CommandListener):
    """Records the commands the client sends (what reached the server)."""

    def __init__(self) -> None:
        self.commands: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name in {
            "insert",
            "update",
            "delete",
            "find",
            "findAndModify",
        }:
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def named(self, name: str) -> list[dict[str, Any]]:
        return [c for c in self.commands if name in c]

    def clear(self) -> None:
        self.commands.clear()


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
