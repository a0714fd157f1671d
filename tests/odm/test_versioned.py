"""config_versioned: optimistic concurrency for typed documents."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from pymongo import MongoClient

from flask_mongo import Document, Mongo
from flask_mongo.errors import (
    BadQueryException,
    BadValueException,
    DocumentNotFound,
    StaleDocument,
)
from flask_mongo.odm import IntField, StringField
from tests.support import CommandLog, TestServer, found, reload


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Any]:
    """The test database through a client of its own."""
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    yield client[database_name]
    client.close()


@pytest.fixture
def m(logged_db: tuple[Flask, Mongo]) -> SimpleNamespace:
    app, db = logged_db

    class Page(Document, mongo=db):
        config_versioned = True
        title: StringField = StringField()
        views: IntField = IntField(default=0)

    return SimpleNamespace(Page=Page, db=db, app=app)


def test_a_new_document_is_stored_at_version_1(m: Any, raw: Any) -> None:
    page = m.Page(title="home")
    assert page.get_version() is None
    page.save()
    assert found(raw.Page.find_one())["_version"] == 1
    assert page.get_version() == 1
    page.title = "Home"
    page.save()
    assert found(raw.Page.find_one()) == {
        "_id": page.mongo_id,
        "title": "Home",
        "views": 0,
        "_version": 2,
    }
    assert page.get_version() == 2


def test_a_stale_copy_writes_nothing(m: Any, raw: Any, commands: CommandLog) -> None:
    page = m.Page(title="home")
    page.save()
    first, second = reload(page), reload(page)
    first.title = "first"
    first.save()
    second.title = "second"
    commands.clear()
    with pytest.raises(
        StaleDocument, match=r"Page .* saved by another writer .*version 1 loaded, 2"
    ) as caught:
        second.save()
    assert (caught.value.document_id, caught.value.expected) == (page.mongo_id, 1)
    assert caught.value.stored == 2
    assert found(raw.Page.find_one())["title"] == "first"
    # The filter held the version loaded; nothing else was sent.
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": page.mongo_id, "_version": 1}
    # The stale copy is unchanged: a retry after reloading goes through.
    assert second.get_version() == 1
    retry = reload(page)
    retry.title = "second"
    retry.save()
    assert found(raw.Page.find_one())["_version"] == 3


def test_a_save_with_nothing_to_write_checks_nothing(m: Any, raw: Any) -> None:
    page = m.Page(title="home")
    page.save()
    stale = reload(page)
    raw.Page.update_one({}, {"$set": {"title": "x", "_version": 7}})
    stale.save()  # nothing changed, nothing written
    assert found(raw.Page.find_one())["title"] == "x"


def test_a_stale_copy_is_not_removed(m: Any, raw: Any) -> None:
    page = m.Page(title="home")
    page.save()
    stale = reload(page)
    page.title = "new"
    page.save()
    with pytest.raises(StaleDocument, match="nothing was removed"):
        stale.remove()
    assert raw.Page.count_documents({}) == 1
    page.remove()
    assert raw.Page.count_documents({}) == 0
    # Removing a document already gone is done already.
    m.Page.unwrap({"_id": page.mongo_id, "title": "t", "_version": 2}).remove()


def test_a_removed_document_is_not_found(m: Any, raw: Any) -> None:
    page = m.Page(title="home")
    page.save()
    raw.Page.delete_many({})
    page.title = "x"
    with pytest.raises(DocumentNotFound, match="no longer in"):
        page.save()
    assert raw.Page.count_documents({}) == 0


def test_documents_stored_before_versioning_get_a_version(m: Any, raw: Any) -> None:
    key = raw.Page.insert_one({"title": "old", "views": 0}).inserted_id
    page = found(m.Page.query.get(key))
    assert page.get_version() is None
    page.title = "new"
    page.save()
    assert found(raw.Page.find_one()) == {
        "_id": key,
        "title": "new",
        "views": 0,
        "_version": 1,
    }


def test_a_version_written_by_something_else_is_refused(m: Any, raw: Any) -> None:
    key = raw.Page.insert_one({"title": "old", "_version": "v1"}).inserted_id
    page = found(m.Page.query.get(key))
    assert page.get_version() is None
    page.title = "new"
    with pytest.raises(BadValueException, match=r"Page\._version.*must be an int"):
        page.save()
    assert found(raw.Page.find_one())["title"] == "old"


def test_the_version_is_not_an_extra_field(logged_db: tuple[Flask, Mongo]) -> None:
    _app, db = logged_db

    class Strict(Document, mongo=db):
        config_versioned = True
        config_extra_fields = "error"
        name: StringField = StringField()

    Strict(name="a").save()
    loaded = Strict.query.one()
    assert loaded.get_extra_fields() == {}
    assert loaded.get_version() == 1


def test_a_field_stored_as_the_version_is_refused(db: Mongo) -> None:
    with pytest.raises(BadQueryException, match="config_versioned stores the version"):

        class Clash(Document, mongo=db):
            config_versioned = True
            rev: IntField = IntField(db_field="_version")


def test_unversioned_classes_keep_no_version(
    logged_db: tuple[Flask, Mongo], raw: Any
) -> None:
    _app, db = logged_db

    class Note(Document, mongo=db):
        text: StringField = StringField()

    note = Note(text="a")
    note.save()
    note.text = "b"
    note.save()
    assert found(raw.Note.find_one()) == {"_id": note.mongo_id, "text": "b"}
    assert note.get_version() is None


def test_an_app_answers_409(m: Any, raw: Any) -> None:
    app: Flask = m.app

    @app.errorhandler(StaleDocument)
    def conflict(error: StaleDocument) -> tuple[dict[str, str], int]:
        return {"error": str(error)}, 409

    page = m.Page(title="home")
    page.save()
    stale = reload(page)
    page.title = "first"
    page.save()

    @app.post("/rename")
    def rename() -> str:
        stale.title = "second"
        stale.save()
        return "ok"

    response = app.test_client().post("/rename")
    assert response.status_code == 409
    assert "saved by another writer" in response.get_json()["error"]
    assert found(raw.Page.find_one())["title"] == "first"


def test_concurrent_read_modify_save_cycles_lose_no_update(m: Any, raw: Any) -> None:
    threads, cycles = 32, 20
    page = m.Page(title="counter")
    page.save()
    app = m.app
    clients: set[int] = set()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with app.app_context():
                clients.add(id(m.Page.get_collection().database.client))
                for _ in range(cycles):
                    while True:
                        copy = found(m.Page.query.get(page.mongo_id))
                        copy.views += 1
                        try:
                            copy.save()
                            break
                        except StaleDocument:  # another thread saved first
                            time.sleep(random.random() / 100)  # back off
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    stored = found(raw.Page.find_one())
    assert stored["views"] == threads * cycles
    assert stored["_version"] == threads * cycles + 1
    assert len(clients) == 1  # one client per process, shared by the threads
