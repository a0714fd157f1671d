"""MONGO_CAUSAL_CONSISTENCY and MONGO_TRANSACTION_PER_REQUEST: one session
(and optionally one transaction) for everything a request does, through
both mappers."""

from __future__ import annotations

from typing import Any

from bson import Timestamp
from flask import Flask, abort

from flask_mongo import Document, Mongo
from flask_mongo.odm import StringField
from flask_mongokit import Document as KitDocument
from flask_mongokit import MongoKit
from tests.support import AppFactory, CommandLog


class Note(Document):
    text: StringField = StringField()


def _typed_app(make_app: AppFactory, **config: object) -> tuple[Flask, Mongo]:
    app = make_app()
    app.config.update(config)
    db = Mongo(app)

    @app.post("/notes/<text>")
    def add(text: str) -> tuple[str, int]:
        Note(text=text).save()
        if text == "bad":
            abort(400)
        if text == "boom":
            raise RuntimeError("the view failed after saving")
        return "ok", 201

    @app.get("/count")
    def count() -> dict[str, int]:
        return {"n": Note.query.count()}

    return app, db


def _stored(app: Flask, db: Mongo) -> list[str]:
    with app.app_context():
        return sorted(d["text"] for d in db["Note"].find())


def test_a_request_commits_when_the_view_succeeds(make_app: AppFactory) -> None:
    app, db = _typed_app(make_app, MONGO_TRANSACTION_PER_REQUEST=True)
    assert app.test_client().post("/notes/kept").status_code == 201
    assert _stored(app, db) == ["kept"]
    db.close(app)


def test_an_error_response_writes_nothing(make_app: AppFactory) -> None:
    app, db = _typed_app(make_app, MONGO_TRANSACTION_PER_REQUEST=True)
    assert app.test_client().post("/notes/bad").status_code == 400
    assert _stored(app, db) == []
    db.close(app)


def test_an_exception_writes_nothing(make_app: AppFactory) -> None:
    app, db = _typed_app(make_app, MONGO_TRANSACTION_PER_REQUEST=True)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().post("/notes/boom").status_code == 500
    assert _stored(app, db) == []
    db.close(app)


def test_without_the_key_each_write_stands_alone(make_app: AppFactory) -> None:
    app, db = _typed_app(make_app)
    assert app.test_client().post("/notes/bad").status_code == 400
    assert _stored(app, db) == ["bad"]
    db.close(app)


def test_mongokit_documents_join_the_request_transaction(
    make_app: AppFactory,
) -> None:
    app = make_app("MONGODB")
    app.config["MONGODB_TRANSACTION_PER_REQUEST"] = True
    kit = MongoKit(app)

    @kit.register
    class Task(KitDocument):
        __collection__ = "tasks"
        structure = {"title": str}  # noqa: RUF012

    @app.post("/tasks/<title>")
    def add(title: str) -> tuple[str, int]:
        kit.Task({"title": title}).save()
        return "", 201 if title == "ok" else 409

    client = app.test_client()
    assert client.post("/tasks/ok").status_code == 201
    assert client.post("/tasks/conflict").status_code == 409
    with app.app_context():
        assert [t["title"] for t in kit.tasks.find()] == ["ok"]
    kit.close(app)


def test_causal_reads_follow_the_requests_writes(
    make_app: AppFactory, commands: CommandLog
) -> None:
    app = make_app()
    app.config["MONGO_CAUSAL_CONSISTENCY"] = True
    db = Mongo(app)
    seen: dict[str, Any] = {}

    @app.post("/note")
    def add() -> dict[str, int]:
        Note(text="x").save()
        # A replica set answers each write with its operationTime; the test
        # server does not, so the session is told one, as PyMongo would be.
        db.session.advance_operation_time(Timestamp(1_700_000_000, 7))
        seen["session"] = db.session.session_id
        return {"n": Note.query.count() + len(Note.query.all())}

    assert app.test_client().post("/note").json == {"n": 2}
    insert, find = commands.named("insert")[0], commands.named("find")[0]
    assert insert["lsid"] == find["lsid"] == seen["session"]
    assert find["readConcern"]["afterClusterTime"] == Timestamp(1_700_000_000, 7)
    db.close(app)


def test_without_causal_consistency_reads_do_not_wait(
    make_app: AppFactory, commands: CommandLog
) -> None:
    app = make_app()
    db = Mongo(app)

    @app.post("/note")
    def add() -> dict[str, int]:
        Note(text="x").save()
        db.session.advance_operation_time(Timestamp(1_700_000_000, 7))
        return {"n": Note.query.count() + len(Note.query.all())}

    assert app.test_client().post("/note").json == {"n": 2}
    find = commands.named("find")[0]
    assert "readConcern" not in find
    db.close(app)
