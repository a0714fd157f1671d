"""A saved document is updated by _id and never recreated, and a versioned
one only at the version loaded (core.writes)."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import MongoClient, WriteConcern

from flask_mongo.core.values import MISSING
from flask_mongo.core.writes import (
    check_still_stored,
    check_version,
    next_version,
    version_filter,
)
from flask_mongo.errors import (
    BadValueException,
    DocumentNotFound,
    SchemaDocumentError,
    StaleDocument,
)
from tests.support import TestServer, found


def test_an_update_that_matched_nothing_is_refused(
    mongo_server: TestServer, database_name: str
) -> None:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    books = client[database_name]["books"]
    books.insert_one({"_id": 1, "title": "Dune"})
    check_still_stored(
        books.update_one({"_id": 1}, {"$set": {"title": "x"}}), "Book", 1, books
    )
    books.delete_one({"_id": 1})
    result = books.update_one({"_id": 1}, {"$set": {"title": "y"}})
    with pytest.raises(DocumentNotFound, match=r"Book 1 is no longer in .*\.books"):
        check_still_stored(result, "Book", 1, books)
    assert books.count_documents({}) == 0
    client.close()


def test_both_mappers_catch_it_under_their_own_names() -> None:
    assert issubclass(DocumentNotFound, SchemaDocumentError)


def test_versioned_writes_match_the_version_loaded(
    mongo_server: TestServer, database_name: str
) -> None:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    books = client[database_name]["books"]
    books.insert_one({"_id": 1, "title": "Dune", "_version": 4})
    assert version_filter(1, 4) == {"_id": 1, "_version": 4}
    assert version_filter(1, MISSING) == {"_id": 1, "_version": None}
    assert (next_version(None, "Book"), next_version(4, "Book")) == (1, 5)
    with pytest.raises(BadValueException, match=r"Book\._version.*must be an int"):
        next_version(True, "Book")
    stale = books.update_one(version_filter(1, 3), {"$set": {"title": "x"}})
    with pytest.raises(StaleDocument, match="version 3 loaded, 4 stored") as caught:
        check_version(stale, "Book", 1, 3, books, None)
    assert issubclass(StaleDocument, SchemaDocumentError)
    assert (caught.value.expected, caught.value.stored) == (3, 4)
    # Unacknowledged writes cannot be checked.
    blind = books.with_options(write_concern=WriteConcern(w=0))
    check_version(
        blind.update_one(version_filter(1, 3), {"$set": {"title": "x"}}),
        "Book",
        1,
        3,
        books,
        None,
    )
    assert found(books.find_one())["title"] == "Dune"
    client.close()
