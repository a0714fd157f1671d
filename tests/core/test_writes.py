"""A saved document is updated by _id and never recreated (core.writes)."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo import MongoClient

from flask_mongo.core.writes import check_still_stored
from flask_mongo.errors import DocumentNotFound, SchemaDocumentError
from tests.support import TestServer


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
