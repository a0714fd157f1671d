"""One index description, one create path, one cache (flask_mongo.core.indexes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import DESCENDING, MongoClient, monitoring
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError

from flask_mongo.core.indexes import IndexCache, IndexSpec, create_indexes
from tests.support import TestServer


class CreateIndexLog(monitoring.CommandListener):
    def __init__(self) -> None:
        self.commands: list[dict[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name == "createIndexes":
            self.commands.append(dict(event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
def log() -> CreateIndexLog:
    return CreateIndexLog()


@pytest.fixture
def books(
    mongo_server: TestServer, database_name: str, log: CreateIndexLog
) -> Iterator[Collection[dict[str, Any]]]:
    client: MongoClient[dict[str, Any]] = mongo_server.client(event_listeners=[log])
    yield client[database_name]["books"]
    client.close()


UNIQUE_TITLE = IndexSpec((("title", 1),), {"unique": True})
BY_YEAR = IndexSpec((("year", DESCENDING), ("title", 1)), {"name": "by_year"})


def test_specs_are_created_in_one_command(
    books: Collection[dict[str, Any]], log: CreateIndexLog
) -> None:
    names = create_indexes(books, [UNIQUE_TITLE, BY_YEAR])
    assert names == ["title_1", "by_year"]
    assert len(log.commands) == 1
    assert [i["key"] for i in log.commands[0]["indexes"]] == [
        {"title": 1},
        {"year": -1, "title": 1},
    ]
    books.insert_one({"title": "Dune"})
    with pytest.raises(DuplicateKeyError, match="duplicate key"):
        books.insert_one({"title": "Dune"})


def test_no_specs_send_nothing(
    books: Collection[dict[str, Any]], log: CreateIndexLog
) -> None:
    assert create_indexes(books, []) == []
    assert log.commands == []


def test_the_cache_creates_once_per_collection_and_owner(
    books: Collection[dict[str, Any]], log: CreateIndexLog
) -> None:
    cache = IndexCache()
    assert cache.ensure(books, "Book", [UNIQUE_TITLE])
    assert not cache.ensure(books, "Book", [UNIQUE_TITLE])
    assert cache.ensure(books.database["other"], "Book", [UNIQUE_TITLE])
    assert len(log.commands) == 2
    cache.forget()
    assert cache.ensure(books, "Book", [UNIQUE_TITLE])
    assert len(log.commands) == 3
