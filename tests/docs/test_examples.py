"""The documentation's examples (``docs/examples/``, shown on the pages by
``literalinclude``) run against the test server, so that a page cannot show
code that does not work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from docs.examples import (
    dict_documents,
    queries,
    quickstart,
    transactions,
    typed_models,
)
from flask import Flask
from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException
from tests.support import AppFactory, TestServer, found, needs_embedded


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Database[Any]]:
    client = mongo_server.client()
    database: Database[Any] = client[database_name]
    yield database
    client.close()


def test_quickstart_counts_what_it_stores(
    make_app: AppFactory, raw: Database[Any]
) -> None:
    app = quickstart.create_app(make_app.keys())
    client = app.test_client()
    assert client.post("/books").get_json() == {"books": 1}
    assert client.post("/books").get_json() == {"books": 2}
    assert client.get("/count").get_json() == {"books": 2}
    titles = [d["title"] for d in raw["books"].find()]
    assert titles == ["Dive Into Python", "Dive Into Python"]
    quickstart.db.close(app)


@needs_embedded
def test_quickstart_runs_on_the_embedded_engine() -> None:
    app = quickstart.create_app()
    with app.test_client() as client:
        assert client.post("/books").get_json() == {"books": 1}
    quickstart.db.close(app)


@pytest.fixture
def typed_app(make_app: AppFactory) -> Iterator[Flask]:
    app = make_app()
    typed_models.db.init_app(app)
    typed_models.register_views(app)
    with app.app_context():
        yield app
    typed_models.db.close(app)


def test_typed_models_save_query_and_refuse(
    typed_app: Flask, raw: Database[Any]
) -> None:
    dive = typed_models.add_book("Dive Into Python", "Mark Pilgrim", 2004)
    typed_models.add_book("Fluent Python", "Luciano Ramalho", 2015)
    typed_models.add_book("Learning Python", "Mark Lutz", 1999)
    assert [b.title for b in typed_models.recent_books(2000)] == [
        "Dive Into Python",
        "Fluent Python",
    ]
    assert [b.year for b in typed_models.books_by("Mark Pilgrim")] == [2004]
    stored = found(raw["books"].find_one({"_id": dive.mongo_id}))
    assert stored["author"] == {"name": "Mark Pilgrim"}
    with pytest.raises(BadValueException, match="year"):
        typed_models.Book(title="x", author=typed_models.Author(name="y"), year=-1)
    with pytest.raises(DuplicateKeyError):  # config_indexes: unique titles
        typed_models.add_book("Dive Into Python", "Someone Else", 2020)
    assert raw["books"].count_documents({}) == 3


def test_typed_views_answer_json_and_404(typed_app: Flask) -> None:
    dive = typed_models.add_book("Dive Into Python", "Mark Pilgrim", 2004)
    client = typed_app.test_client()
    body = client.get(f"/books/{dive.mongo_id}").get_json()
    assert body["_id"] == str(dive.mongo_id)
    assert body["author"] == {"name": "Mark Pilgrim"}
    assert client.get("/books/65f0a0a0a0a0a0a0a0a0a0a0").status_code == 404
    page = client.get("/books").get_json()
    assert (page["total"], page["page"], [b["title"] for b in page["items"]]) == (
        1,
        1,
        ["Dive Into Python"],
    )


@pytest.fixture
def stocked(logged_db: tuple[Flask, Mongo]) -> Mongo:
    _, db = logged_db
    db["stock"].insert_one({"_id": "pen", "count": 5})
    db["orders"].create_index("sku")  # collections exist before the transaction
    return db


def test_transaction_commits_together(stocked: Mongo, raw: Database[Any]) -> None:
    transactions.move_stock(stocked, "pen", 2)
    assert found(raw["stock"].find_one({"_id": "pen"}))["count"] == 3
    assert raw["orders"].count_documents({"sku": "pen"}) == 1


def test_transaction_aborted_writes_nothing(stocked: Mongo, raw: Database[Any]) -> None:
    with pytest.raises(ValueError, match="not enough pen"):
        transactions.move_stock(stocked, "pen", 9)
    assert found(raw["stock"].find_one({"_id": "pen"}))["count"] == 5
    assert raw["orders"].count_documents({}) == 0


def test_transaction_function(stocked: Mongo, raw: Database[Any]) -> None:
    transactions.move_stock_retried(stocked, "pen", 1)
    assert found(raw["stock"].find_one({"_id": "pen"}))["count"] == 4
    assert raw["orders"].count_documents({}) == 1


def test_dict_documents(make_app: AppFactory, raw: Database[Any]) -> None:
    app = make_app("MONGODB")
    dict_documents.db.init_app(app)
    with app.app_context():
        task = dict_documents.add_task("Write docs", "every page")
        assert dict_documents.open_tasks() == 1
        stored = found(raw["tasks"].find_one({"_id": task["_id"]}))
        assert (stored["title"], stored["done"]) == ("Write docs", False)
        assert stored["creation"] is not None
    dict_documents.db.close(app)


def test_queries_and_updates(typed_app: Flask, raw: Database[Any]) -> None:
    typed_models.add_book("Dive Into Python", "Mark Pilgrim", 2004)
    typed_models.add_book("Fluent Python", "Luciano Ramalho", 2015)
    typed_models.add_book("Programming Python", "Mark Lutz", 1996)
    assert [b.title for b in queries.between(2000, 2010)] == ["Dive Into Python"]
    assert [b.title for b in queries.by_either("Mark Lutz", "Mark Pilgrim")] == [
        "Dive Into Python",
        "Programming Python",
    ]
    assert queries.old_or_untitled() == {
        "$or": [{"year": {"$lt": 1990}}, {"subtitle": None}]
    }
    assert queries.titles_only() == [
        "Dive Into Python",
        "Fluent Python",
        "Programming Python",
    ]
    assert queries.rename_author("Mark Pilgrim", "M. Pilgrim") == 1
    assert raw["books"].count_documents({"author.name": "M. Pilgrim"}) == 1
