"""Query recording and slow-query logging, through the public API."""

from __future__ import annotations

import contextlib
import logging
import threading

import pytest
from bson import Binary
from flask import Flask
from pymongo import monitoring
from pymongo.errors import OperationFailure

from flask_mongo import Mongo, QueryInfo, get_recorded_queries
from tests.support import PlainMongo

SECRET = "hunter2-secret"


def names(queries: list[QueryInfo]) -> list[tuple[str, str | None]]:
    return [(q.command_name, q.collection) for q in queries]


def test_commands_of_the_context_are_recorded(
    app: Flask, db: Mongo, database_name: str
) -> None:
    with app.app_context():
        db["books"].insert_one({"title": "Dive"})
        db["books"].find_one({"title": "Dive"})
        db["books"].count_documents({})
        queries = get_recorded_queries()
    assert names(queries) == [
        ("insert", "books"),
        ("find", "books"),
        ("aggregate", "books"),
    ]
    insert, find, _ = queries
    assert insert.database == database_name
    assert insert.command["documents"][0]["title"] == "Dive"
    assert find.command["filter"] == {"title": "Dive"}
    assert find.duration_ms >= 0
    assert find.error is None


def test_each_app_context_has_its_own_records(app: Flask, db: Mongo) -> None:
    with app.app_context():
        db["books"].find_one()
        assert len(get_recorded_queries()) == 1
    with app.app_context():
        assert get_recorded_queries() == []
    with app.test_request_context():
        db["books"].find_one()
        assert names(get_recorded_queries()) == [("find", "books")]


def test_passwords_and_large_binaries_are_elided(app: Flask, db: Mongo) -> None:
    with app.app_context():
        db["users"].insert_one(
            {"name": "ann", "password": SECRET, "avatar": Binary(b"x" * 5000)}
        )
        # Whether the server accepts it or not, the password is not kept.
        with contextlib.suppress(OperationFailure):
            db.database.command("createUser", "ann", pwd=SECRET, roles=[])
        queries = get_recorded_queries()
    assert SECRET not in repr(queries)
    document = queries[0].command["documents"][0]
    assert document["password"] == "<elided>"
    assert document["avatar"] == "<binary subtype 0, 5000 bytes>"
    assert queries[1].command_name == "createUser"
    assert queries[1].collection is None


def test_failed_command_records_its_error(app: Flask, db: Mongo) -> None:
    with app.app_context():
        with pytest.raises(OperationFailure, match=r"\$nope"):
            db["books"].find_one({"$nope": 1})
        (query,) = get_recorded_queries()
    assert (query.command_name, query.collection) == ("find", "books")
    assert query.error
    assert "$nope" in query.error
    assert query.error_code == 2  # BadValue


def test_slow_queries_are_logged_without_credentials(
    plain_mongo: PlainMongo,
    database_name: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, mongo = plain_mongo(MONGO_SLOW_QUERY_MS=0)
    caplog.set_level(logging.WARNING, logger="flask_mongo")
    with app.app_context():
        mongo["books"].find_one({"title": SECRET})
        with contextlib.suppress(OperationFailure):
            mongo.database.command("createUser", "ann", pwd=SECRET, roles=[])
    find, create_user = (r for r in caplog.records if r.name == "flask_mongo")
    assert find.levelno == logging.WARNING
    assert find.getMessage().startswith(
        f"slow MongoDB command find on {database_name}.books: "
    )
    assert find.getMessage().endswith(" ms")
    assert "createUser" in create_user.getMessage()
    assert SECRET not in caplog.text


def test_fast_queries_are_not_logged(
    plain_mongo: PlainMongo,
    database_name: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, mongo = plain_mongo(MONGO_SLOW_QUERY_MS=60_000)
    with app.app_context():
        mongo["books"].find_one()
    assert [r for r in caplog.records if r.name == "flask_mongo"] == []


def test_recording_off_when_configured_off(
    plain_mongo: PlainMongo,
) -> None:
    app, mongo = plain_mongo(TESTING=True, MONGO_RECORD_QUERIES=False)
    with app.app_context():
        mongo["books"].find_one()
        assert get_recorded_queries() == []


def test_recording_off_by_default_outside_debug_and_testing(
    plain_mongo: PlainMongo,
) -> None:
    app, mongo = plain_mongo()
    with app.app_context():
        mongo["books"].find_one()
        assert get_recorded_queries() == []


def test_recording_on_when_configured_on(
    plain_mongo: PlainMongo,
) -> None:
    app, mongo = plain_mongo(MONGO_RECORD_QUERIES=True)
    with app.app_context():
        mongo["books"].find_one()
        assert names(get_recorded_queries()) == [("find", "books")]


class Counter(monitoring.CommandListener):
    def __init__(self) -> None:
        self.names: list[str] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.names.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def test_users_listeners_are_kept(
    plain_mongo: PlainMongo,
) -> None:
    counter = Counter()
    app, mongo = plain_mongo(
        TESTING=True, MONGO_CLIENT_OPTIONS={"event_listeners": [counter]}
    )
    with app.app_context():
        mongo["books"].find_one()
        assert names(get_recorded_queries()) == [("find", "books")]
    assert counter.names == ["find"]


def test_commands_outside_an_app_context_are_not_recorded(
    plain_mongo: PlainMongo,
    database_name: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, mongo = plain_mongo(TESTING=True, MONGO_SLOW_QUERY_MS=0)
    client = mongo.get_state(app).client
    errors: list[BaseException] = []

    def work() -> None:
        try:
            client[database_name]["books"].find_one()
        except BaseException as error:  # reported below
            errors.append(error)

    with app.app_context():
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert get_recorded_queries() == []
    assert errors == []
    # Slow commands are still logged: the log needs no app context.
    assert "slow MongoDB command find" in caplog.text


def test_get_recorded_queries_needs_an_app_context() -> None:
    with pytest.raises(RuntimeError, match="outside of application context"):
        get_recorded_queries()
