"""``flask mongo schema``: the models' ``$jsonSchema``, printed or installed
as collection validators, through Flask's CLI runner on the wire server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from bson import json_util
from flask import Flask
from pymongo.errors import OperationFailure

from flask_mongo import Document, Mongo
from flask_mongo.odm import DocumentField, IntField, StringField
from flask_mongo.structure import Document as DictDocument
from flask_mongokit import MongoKit

FAILED = r"[Dd]ocument failed validation"


@pytest.fixture
def archive(app: Flask, db: Mongo) -> Iterator[Mongo]:
    """A second extension: classes bound to no extension in particular
    (other tests' ``flask_mongo.Document`` subclasses) then belong to none."""
    app.config.update(
        ARCHIVE_URI=app.config["MONGO_URI"],
        ARCHIVE_DATABASE=app.config["MONGO_DATABASE"],
    )
    extension = Mongo(app, config_prefix="ARCHIVE")
    yield extension
    extension.close(app)


@pytest.fixture
def declared(
    app: Flask, db: Mongo, archive: Mongo
) -> Iterator[tuple[Any, Any, MongoKit]]:
    app.config.update(
        MONGODB_URI=app.config["MONGO_URI"],
        MONGODB_DATABASE=app.config["MONGO_DATABASE"],
    )
    kit = MongoKit(app)

    class CliPage(Document, mongo=db):
        number: IntField = IntField(min_value=1)

    class CliNovel(Document, mongo=db):
        config_collection_name = "cli_novels"
        title: StringField = StringField(max_length=30)
        first: DocumentField[CliPage] = DocumentField(CliPage)

    @kit.register
    class CliChore(DictDocument):
        __collection__ = "cli_chores"
        structure = {"title": str, "done": bool}  # noqa: RUF012
        required_fields = ["title"]  # noqa: RUF012

    yield CliNovel, CliChore, kit
    kit.close(app)


def run(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["mongo", "schema", *args])


def test_schema_prints_every_collection_s_json_schema(
    app: Flask, db: Mongo, declared: Any
) -> None:
    novel, chore, _ = declared
    result = run(app)
    assert result.exit_code == 0, result.output
    printed = json_util.loads(result.output)
    assert printed["cli_novels"] == novel.json_schema()
    assert printed["cli_chores"] == chore.json_schema()
    assert printed["cli_novels"]["properties"]["title"]["maxLength"] == 30
    # A class only embedded in others writes no collection of its own.
    assert "CliPage" not in printed
    with app.app_context():
        assert "cli_novels" not in db.database.list_collection_names()


def test_schema_of_one_prefix(app: Flask, declared: Any) -> None:
    result = run(app, "--prefix", "MONGODB")
    assert result.exit_code == 0, result.output
    assert list(json_util.loads(result.output)) == ["cli_chores"]
    result = run(app, "--prefix", "MONGO")
    assert list(json_util.loads(result.output)) == ["cli_novels"]


def test_apply_creates_the_collections_with_their_validators(
    app: Flask, db: Mongo, declared: Any
) -> None:
    result = run(app, "--apply", "--prefix", "MONGO")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["cli_novels: created with the validator"]
    result = run(app, "--apply", "--prefix", "MONGODB")
    assert result.output.splitlines() == ["cli_chores: created with the validator"]
    with app.app_context():
        with pytest.raises(OperationFailure, match=FAILED):
            db.database["cli_novels"].insert_one(
                {"title": "x" * 31, "first": {"number": 1}}
            )
        with pytest.raises(OperationFailure, match=FAILED):
            db.database["cli_novels"].insert_one(
                {"title": "ok", "first": {"number": 0}}
            )
        with pytest.raises(OperationFailure, match=FAILED):
            db.database["cli_chores"].insert_one({"title": None, "done": True})
        db.database["cli_chores"].insert_one({"title": "t", "done": None})


def test_apply_to_an_existing_collection_uses_coll_mod(
    app: Flask, db: Mongo, declared: Any, mongo_server: Any
) -> None:
    with app.app_context():
        db.database.create_collection("cli_novels")
    result = run(app, "--apply", "--prefix", "MONGO")
    if not mongo_server.mongoeco:  # MongoDB changes the validator
        assert result.exit_code == 0, result.output
        assert "cli_novels: validator replaced (collMod)" in result.output
        return
    # The wire server has no collMod: the command says so, and fails.
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "cli_novels: the server refused the validator: unsupported wire command:"
        " collMod; this server cannot change an existing collection's validator:"
        " drop and recreate the collection, or apply on MongoDB"
    )


def test_no_classes(app: Flask, archive: Mongo) -> None:
    result = run(app, "--prefix", "ARCHIVE")
    assert result.exit_code == 0, result.output
    assert result.output == "no document classes are bound to this app\n"
