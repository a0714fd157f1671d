"""The ``flask mongo`` commands and the shell context, through Flask's CLI
runner on the wire server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from flask_mongo import Document, Mongo
from flask_mongo.cli import mongo_cli
from flask_mongo.odm import Index, IntField, StringField
from flask_mongo.structure import Document as DictDocument
from flask_mongokit import MongoKit
from tests.support import TestServer


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_ping(app: Flask, db: Mongo, mongo_server: TestServer) -> None:
    result = app.test_cli_runner().invoke(args=["mongo", "ping"])
    assert result.exit_code == 0, result.output
    line = result.output.strip()
    assert line.startswith("MONGO: MongoDB ")
    database = app.config["MONGO_DATABASE"]
    assert line.endswith(f" database {database!r}")
    if not mongo_server.real:
        assert f"at {mongo_server.host}:{mongo_server.port}," in line


def test_ping_unreachable_server_fails_quickly(database_name: str) -> None:
    port = closed_port()
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=f"mongodb://127.0.0.1:{port}/", MONGO_DATABASE=database_name
    )
    mongo = Mongo(app)
    try:
        result = app.test_cli_runner().invoke(
            args=["mongo", "ping", "--timeout", "0.3"]
        )
    finally:
        mongo.close(app)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"MONGO: cannot reach MongoDB at 127.0.0.1:{port} within 0.3 s: "
    )


@pytest.fixture
def two(app: Flask, db: Mongo) -> Iterator[Mongo]:
    app.config.update(
        ARCHIVE_URI=app.config["MONGO_URI"],
        ARCHIVE_DATABASE=app.config["MONGO_DATABASE"] + "_archive",
    )
    archive = Mongo(app, config_prefix="ARCHIVE")
    yield archive
    with app.app_context():
        archive.client.drop_database(app.config["ARCHIVE_DATABASE"])
    archive.close(app)


def test_one_group_for_several_extensions(app: Flask, two: Mongo) -> None:
    assert app.cli.commands["mongo"] is mongo_cli
    runner = app.test_cli_runner()
    both = runner.invoke(args=["mongo", "ping"])
    assert [line.split(":")[0] for line in both.output.splitlines()] == [
        "MONGO",
        "ARCHIVE",
    ]
    archive = runner.invoke(args=["mongo", "ping", "--prefix", "ARCHIVE"])
    assert archive.exit_code == 0
    assert archive.output.startswith("ARCHIVE: MongoDB ")
    assert archive.output.strip().endswith("_archive'")


def test_unknown_prefix(app: Flask, db: Mongo) -> None:
    result = app.test_cli_runner().invoke(args=["mongo", "ping", "--prefix", "NOPE"])
    assert result.exit_code == 2
    assert "no Flask-Mongo extension uses the prefix 'NOPE' (known: MONGO)" in (
        result.output
    )


@pytest.fixture
def declared(app: Flask, db: Mongo) -> Iterator[tuple[Any, Any, MongoKit]]:
    app.config.update(
        MONGODB_URI=app.config["MONGO_URI"],
        MONGODB_DATABASE=app.config["MONGO_DATABASE"],
    )
    kit = MongoKit(app)

    class CliBook(Document, mongo=db):
        config_collection_name = "cli_books"
        config_indexes = [Index().ascending("title").unique()]  # noqa: RUF012
        title = StringField()
        year = IntField()

    @kit.register
    class CliTask(DictDocument):
        __collection__ = "cli_tasks"
        structure = {"title": str, "done": bool}  # noqa: RUF012
        indexes = [{"fields": [("done", 1), ("title", -1)]}]  # noqa: RUF012

    yield CliBook, CliTask, kit
    kit.close(app)


def test_indexes_dry_run_lists_without_creating(
    app: Flask, db: Mongo, declared: Any
) -> None:
    result = app.test_cli_runner().invoke(args=["mongo", "indexes", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert 'cli_books: {"title": 1} {"unique": true}' in lines
    assert 'cli_tasks: {"done": 1, "title": -1}' in lines
    with app.app_context():
        assert "cli_books" not in db.database.list_collection_names()


def test_indexes_are_created(app: Flask, db: Mongo, declared: Any) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["mongo", "indexes"])
    assert result.exit_code == 0, result.output
    assert "cli_books: created title_1" in result.output.splitlines()
    assert "cli_tasks: created done_1_title_-1" in result.output.splitlines()
    with app.app_context():
        books = db.database["cli_books"].index_information()
        assert books["title_1"]["unique"] is True
        assert "done_1_title_-1" in db.database["cli_tasks"].index_information()
    # Running it again is harmless.
    assert runner.invoke(args=["mongo", "indexes"]).exit_code == 0


def test_indexes_of_one_prefix(app: Flask, db: Mongo, declared: Any) -> None:
    result = app.test_cli_runner().invoke(
        args=["mongo", "indexes", "--dry-run", "--prefix", "MONGODB"]
    )
    assert result.output.splitlines() == ['cli_tasks: {"done": 1, "title": -1}']


def test_shell_context(app: Flask, db: Mongo, declared: Any) -> None:
    book_cls, _, _ = declared
    with app.app_context():
        context = app.make_shell_context()
    assert context["db"] is db
    assert context["CliBook"] is book_cls
    assert "CliTask" not in context  # MongoKit classes are reached as db.CliTask
