"""use_optimistic_locking: dict documents keep a version every save checks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient

from flask_mongo.errors import BadValueException
from flask_mongokit import Document, MongoKit, StaleDocument, VersionedDocument
from tests.support import TestServer, found


class Task(Document):
    __collection__ = "tasks"
    structure = {"title": str, "done": bool}
    use_optimistic_locking = True


class Plain(Document):
    __collection__ = "plain"
    structure = {"title": str}


class Page(VersionedDocument):
    __collection__ = "pages"
    structure = {"body": str}
    use_optimistic_locking = True


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Any]:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    yield client[database_name]
    client.close()


@pytest.fixture
def tasks(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Task, Plain, Page])
    return mk


def test_the_structure_declares_the_version() -> None:
    assert Task.structure["_version"] is int
    assert "_version" not in Plain.structure


def test_saves_check_and_increment_the_version(tasks: MongoKit, raw: Any) -> None:
    task = tasks.Task({"title": "write", "done": False})
    task.save()
    assert found(raw.tasks.find_one())["_version"] == 1
    first = tasks.Task.get_from_id(task["_id"])
    second = tasks.Task.get_from_id(task["_id"])
    first["done"] = True
    first.save()
    second["title"] = "rewrite"
    with pytest.raises(StaleDocument, match="version 1 loaded, 2 stored"):
        second.save()
    assert found(raw.tasks.find_one()) == {
        "_id": task["_id"],
        "title": "write",
        "done": True,
        "_version": 2,
    }
    assert second["_version"] == 1  # unchanged: reload and retry
    second.reload()
    second["title"] = "rewrite"
    second.save()
    assert found(raw.tasks.find_one())["_version"] == 3


def test_a_stale_copy_is_not_deleted(tasks: MongoKit, raw: Any) -> None:
    task = tasks.Task({"title": "write", "done": False})
    task.save()
    stale = tasks.Task.get_from_id(task["_id"])
    task.save()
    with pytest.raises(StaleDocument, match="nothing was removed"):
        stale.delete()
    assert raw.tasks.count_documents({}) == 1
    task.delete()
    assert raw.tasks.count_documents({}) == 0


def test_documents_stored_without_a_version(tasks: MongoKit, raw: Any) -> None:
    raw.tasks.insert_one({"_id": 1, "title": "old", "done": False})
    task = found(tasks.Task.get_from_id(1))
    task["done"] = True
    task.save()
    assert found(raw.tasks.find_one())["_version"] == 1
    # A failed save leaves the document as it was loaded.
    raw.tasks.insert_one({"_id": 2, "title": "old", "done": False})
    other = found(tasks.Task.get_from_id(2))
    other["done"] = "yes"
    with pytest.raises(Exception, match="done"):
        other.save()
    assert "_version" not in other


def test_revisions_and_versions_together(tasks: MongoKit, raw: Any) -> None:
    page = tasks.Page({"body": "a"})
    page.save()
    stale = tasks.Page.get_from_id(page["_id"])
    page["body"] = "b"
    page.save()
    stale["body"] = "c"
    with pytest.raises(StaleDocument):
        stale.save()
    assert found(raw.pages.find_one())["body"] == "b"
    assert (page["_version"], page["_revision"]) == (2, 2)


def test_deep_values_are_refused_even_without_validation(
    tasks: MongoKit, raw: Any
) -> None:
    deep: Any = "x"
    for _ in range(500):
        deep = {"k": deep}
    task = tasks.Plain({"title": "t"})
    task["title"] = deep
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        task.save()
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        task.save(validate=False)
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        tasks.Plain.collection.insert({"title": deep})
    assert raw.plain.count_documents({}) == 0
