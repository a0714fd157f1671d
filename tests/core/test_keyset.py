"""Keyset pagination (flask_mongo.core.keyset) over a real collection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from pymongo import MongoClient
from pymongo.collection import Collection
from werkzeug.exceptions import BadRequest

from flask_mongo.core.keyset import (
    KeysetPage,
    Sort,
    build_keyset_page,
    keyset_filter,
    sort_values,
)
from tests.support import TestServer

Raw = dict[str, Any]


@pytest.fixture
def books(mongo_server: TestServer, database_name: str) -> Iterator[Collection[Raw]]:
    client: MongoClient[Raw] = mongo_server.client()
    collection = client[database_name]["books"]
    # Years tie in threes, so the _id tiebreak matters.
    collection.insert_many([{"_id": i, "year": 2000 + i // 3} for i in range(25)])
    yield collection
    client.close()


def _page(
    books: Collection[Raw],
    *,
    after: str | None = None,
    before: str | None = None,
    sort: Sort | None = None,
) -> KeysetPage[Raw]:
    order: Sort = sort or [("year", -1)]

    def fetch(extra: dict[str, Any], sort: Sort, limit: int) -> list[Raw]:
        return list(
            books.find({"year": {"$gte": 2001}, **extra}, sort=sort, limit=limit)
        )

    return build_keyset_page(
        fetch,
        lambda d: sort_values(d, [*order, ("_id", 1)]),
        order,
        5,
        after=after,
        before=before,
    )


def _ids(page: KeysetPage[Raw]) -> list[int]:
    return [d["_id"] for d in page.items]


def test_walking_forward_then_back_covers_every_document_once(
    books: Collection[Raw],
) -> None:
    app = Flask(__name__)
    app.secret_key = "test"
    with app.app_context():
        seen: list[int] = []
        pages = [_page(books)]
        assert not pages[0].has_prev
        while pages[-1].has_next:
            pages.append(_page(books, after=pages[-1].next_token))
        for page in pages:
            seen += _ids(page)
        expected = [
            d["_id"]
            for d in books.find({"year": {"$gte": 2001}}).sort(
                [("year", -1), ("_id", 1)]
            )
        ]
        assert seen == expected
        assert len(pages) == 5
        assert not pages[-1].has_next
        # Back from the last page gives the same pages again.
        back = _page(books, before=pages[-1].prev_token)
        assert _ids(back) == _ids(pages[-2])
        assert back.has_prev
        assert back.has_next


def test_the_filter_is_strictly_after_with_ties_broken_by_id() -> None:
    order: Sort = [("year", -1), ("_id", 1)]
    assert keyset_filter(order, [2003, 9], True) == {
        "$or": [
            {"year": {"$lt": 2003}},
            {"year": {"$eq": 2003}, "_id": {"$gt": 9}},
        ]
    }


@pytest.mark.parametrize("token", ["junk", "", "%%%", "QUFBQQ", "x" * 5000])
def test_junk_tokens_are_a_bad_request(books: Collection[Raw], token: str) -> None:
    with Flask(__name__).app_context(), pytest.raises(BadRequest, match="not valid"):
        _page(books, after=token)


def test_a_tampered_or_foreign_token_is_refused(books: Collection[Raw]) -> None:
    app = Flask(__name__)
    app.secret_key = "s3"
    with app.app_context():
        token = _page(books).next_token
        assert token is not None
        tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
        with pytest.raises(BadRequest, match="not valid"):
            _page(books, after=tampered)
        with pytest.raises(BadRequest, match="not valid"):
            _page(books, after=token, sort=[("year", 1)])  # another sort
        with pytest.raises(BadRequest, match="not valid"):
            _page(books, before=token)  # a next token used as a previous one


def test_unsigned_tokens_cannot_carry_operators(books: Collection[Raw]) -> None:
    import base64

    import bson

    evil = base64.urlsafe_b64encode(
        bson.encode({"s": [["year", -1], ["_id", 1]], "v": [{"$ne": 0}, 0], "a": True})
    ).decode()
    with Flask(__name__).app_context(), pytest.raises(BadRequest, match="not valid"):
        _page(books, after=evil)


def test_both_tokens_at_once_are_refused(books: Collection[Raw]) -> None:
    with Flask(__name__).app_context(), pytest.raises(BadRequest, match="not both"):
        _page(books, after="a", before="b")
