"""``db.Task`` handed out quickly (flask_mongokit.handed_out) gives what the
full lookup gives: the class registered now, bound for the current app, its
client and its collection; new documents made without the generic call
are the documents the class's own ``__init__`` makes."""

from __future__ import annotations

import os
from typing import Any, ClassVar

import pytest
from flask import Flask

from flask_mongokit import AuthenticationIncorrect, Document, MongoKit
from tests.flask.test_fork import _in_child
from tests.support import SPECIAL_PASSWORD, AuthServer, TestServer


class Task(Document):
    __collection__ = "tasks"
    structure: ClassVar[dict[str, Any]] = {
        "title": str,
        "done": bool,
        "tags": [str],
        "meta": {"votes": int},
    }
    default_values: ClassVar[dict[str, Any]] = {"done": False, "meta.votes": 0}


class Counted(Document):
    """A class with its own ``__init__``: it must still run."""

    __collection__ = "counted"
    structure: ClassVar[dict[str, Any]] = {"title": str}
    made: ClassVar[int] = 0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        type(self).made += 1
        super().__init__(*args, **kwargs)


class Mixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self["title"] = str(self["title"]).upper()  # type: ignore[index]


class Mixed(Mixin, Document):
    __collection__ = "mixed"
    structure: ClassVar[dict[str, Any]] = {"title": str}


def test_new_documents_are_what_the_class_makes(mk: MongoKit, ctx: None) -> None:
    mk.register([Task])
    given = {"title": "write", "meta": {}}
    quick = mk.Task(given)
    slow = Task(given, collection=mk.Task.collection)
    assert (
        quick
        == slow
        == {
            "title": "write",
            "done": False,
            "tags": [],
            "meta": {"votes": 0},
        }
    )
    assert type(quick) is Task
    assert quick.collection is mk.Task.collection
    assert given == {"title": "write", "meta": {}}  # the caller's dicts untouched
    assert mk.Task()["meta"] is not mk.Task()["meta"]
    quick.save()
    assert mk.Task.find_one({"title": "write"}) == quick


def test_an_own_init_still_runs(mk: MongoKit, ctx: None) -> None:
    mk.register([Counted, Mixed])
    before = Counted.made
    mk.Counted({"title": "a"})
    mk.Counted({"title": "b"})
    assert Counted.made == before + 2
    assert mk.Mixed({"title": "c"}) == {"title": "C"}


class First(Document):
    __collection__ = "first"
    structure: ClassVar[dict[str, Any]] = {"text": str}


def test_registering_again_under_a_name_hands_out_the_new_class(
    mk: MongoKit, ctx: None
) -> None:
    mk.register([First])
    assert mk.First.document_class is First
    assert mk.First.document_class is First  # (the quick lookup, now)

    class Replacement(Document):
        __collection__ = "second"
        structure: ClassVar[dict[str, Any]] = {"text": str, "n": int}

    Replacement.__name__ = "First"
    mk.register([Replacement])
    handed: type[Document] = mk.First.document_class
    assert handed is Replacement
    assert mk.First.collection.name == "second"


def test_each_app_gets_its_own_bound_class(
    mongo_server: TestServer, database_name: str
) -> None:
    one, two = Flask("one"), Flask("two")
    for app, name in ((one, database_name), (two, database_name + "_two")):
        app.config.update(MONGODB_URI=mongo_server.uri, MONGODB_DATABASE=name)
    db = MongoKit()
    db.init_app(one)
    db.init_app(two)
    db.register([Task])
    try:
        for _ in range(2):  # alternating apps: each lookup is the app's own
            with one.app_context():
                assert db.Task.collection.database.name == database_name
                assert db.Task.collection.database.client is db.client
            with two.app_context():
                assert db.Task.collection.database.name == database_name + "_two"
                assert db.Task.collection.database.client is db.client
        with pytest.raises(RuntimeError, match="app"):
            db.Task  # noqa: B018 - outside any app context, as before
    finally:
        with two.app_context():
            db.client.drop_database(database_name + "_two")
        db.close(one)
        db.close(two)


def test_init_app_again_is_followed(
    mongo_server: TestServer, database_name: str
) -> None:
    app = Flask(__name__)
    app.config.update(MONGODB_URI=mongo_server.uri, MONGODB_DATABASE=database_name)
    db = MongoKit(app)
    db.register([Task])
    with app.app_context():
        first = db.Task
        assert db.Task is first
    db.close(app)
    app.config["MONGODB_DATABASE"] = database_name + "_again"
    db.init_app(app)
    with app.app_context():
        assert db.Task is not first
        assert db.Task.collection.database.name == database_name + "_again"
        assert db.Task.collection.database.client is db.client
    db.close(app)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork() is POSIX only")
def test_a_forked_child_binds_to_its_own_client(mk_app: Flask, mk: MongoKit) -> None:
    mk.register([Task])
    with mk_app.app_context():
        parent = mk.Task.collection.database.client
        mk.Task  # noqa: B018 - handed out quickly from here on

        def child() -> dict[str, Any]:
            client = mk.Task.collection.database.client
            return {"parent": client is parent, "own": client is mk.client}

        assert _in_child(child) == {"parent": False, "own": True, "warnings": []}
        assert mk.Task.collection.database.client is parent


def test_refused_credentials_are_never_handed_out_quickly(
    auth_server: AuthServer,
) -> None:
    app = Flask(__name__)
    app.config.update(
        MONGODB_HOST=auth_server.host,
        MONGODB_PORT=auth_server.port,
        MONGODB_DATABASE=auth_server.scoped_source,
        MONGODB_USERNAME=auth_server.scoped,
        MONGODB_PASSWORD="wrong-" + SPECIAL_PASSWORD,
        MONGODB_OPTIONS={"serverSelectionTimeoutMS": 3000, **auth_server.options},
    )
    db = MongoKit(app)
    db.register([Task])
    with app.app_context():
        for _ in range(2):
            with pytest.raises(AuthenticationIncorrect, match="MONGODB_PASSWORD"):
                db.Task  # noqa: B018
    db.close(app)
