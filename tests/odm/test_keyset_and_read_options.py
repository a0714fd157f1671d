"""Keyset pages and per-query read options of typed queries, checked by
what reaches the server."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bson import ObjectId
from pymongo.read_preferences import SecondaryPreferred
from werkzeug.exceptions import BadRequest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException
from flask_mongo.odm import IntField, StringField
from tests.support import CommandLog


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Book(Document):
        title: StringField = StringField()
        year: IntField = IntField()
        tenant: StringField = StringField(default="a")

    ids = [ObjectId() for _ in range(12)]
    for i, oid in enumerate(sorted(ids)):
        book = Book(title=f"b{i:02}", year=2000 + i // 3)
        book.mongo_id = oid
        book.save()
    Book(title="other", year=1999, tenant="b").save()
    return SimpleNamespace(Book=Book)


def _titles(items: list[object]) -> list[str]:
    return [b.title for b in items]  # type: ignore[attr-defined]


def test_keyset_pages_forward_and_back_with_ties(m: SimpleNamespace) -> None:
    Book = m.Book
    query = Book.query.filter(Book.tenant == "a").sort((Book.year, -1))
    first = query.clone().keyset(per_page=5)
    assert _titles(first.items) == ["b09", "b10", "b11", "b06", "b07"]
    assert (first.has_prev, first.has_next) == (False, True)
    second = query.clone().keyset(per_page=5, after=first.next_token)
    assert _titles(second.items) == ["b08", "b03", "b04", "b05", "b00"]
    third = query.clone().keyset(per_page=5, after=second.next_token)
    assert _titles(third.items) == ["b01", "b02"]
    assert (third.has_prev, third.has_next) == (True, False)
    back = query.clone().keyset(per_page=5, before=third.prev_token)
    assert _titles(back.items) == _titles(second.items)
    assert all(isinstance(b, Book) for b in back)


def test_keyset_sends_the_boundary_filter_and_total_sort(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    first = Book.query.filter(Book.tenant == "a").sort(Book.year).keyset(per_page=3)
    commands.clear()
    Book.query.filter(Book.tenant == "a").sort(Book.year).keyset(
        per_page=3, after=first.next_token
    )
    (find,) = commands.named("find")
    last = first.items[-1]
    assert find["sort"] == {"year": 1, "_id": 1}
    assert find["limit"] == 4
    assert find["filter"] == {
        "tenant": "a",
        "$or": [
            {"year": {"$gt": last.year}},
            {"year": {"$eq": last.year}, "_id": {"$gt": last.mongo_id}},
        ],
    }


def test_keyset_with_fields_still_makes_tokens(m: SimpleNamespace) -> None:
    Book = m.Book
    query = Book.query.filter(Book.tenant == "a").sort(Book.year).fields(Book.title)
    first = query.clone().keyset(per_page=4)
    second = query.clone().keyset(per_page=4, after=first.next_token)
    assert _titles(second.items) == ["b04", "b05", "b06", "b07"]


def test_keyset_refuses_junk_and_foreign_tokens(m: SimpleNamespace) -> None:
    Book = m.Book
    first = Book.query.sort(Book.year).keyset(per_page=3)
    assert first.next_token is not None
    with pytest.raises(BadRequest):
        Book.query.sort(Book.year).keyset(after="not-a-token")
    with pytest.raises(BadRequest):
        # A token of another sort is not silently reused.
        Book.query.sort(Book.title).keyset(after=first.next_token)
    with pytest.raises(BadRequest):
        Book.query.sort(Book.year).keyset(before=first.next_token)


def test_keyset_refuses_skip_and_limit(m: SimpleNamespace) -> None:
    with pytest.raises(BadQueryException, match="leave out skip"):
        m.Book.query.skip(3).keyset()


def test_read_options_reach_find_count_and_distinct(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    commands.clear()
    query = (
        Book.query.filter(Book.tenant == "a")
        .read_preference("secondaryPreferred")
        .read_concern("local")
        .max_time_ms(5000)
        .comment("listing")
        .collation({"locale": "en", "strength": 2})
    )
    assert len(query.all()) == 12
    (find,) = commands.named("find")
    assert query.find_spec().read.read_preference == SecondaryPreferred()
    # PyMongo sends $readPreference to replica sets and mongos, not to the
    # single test server.
    assert find.get("$readPreference", {"mode": "secondaryPreferred"}) == {
        "mode": "secondaryPreferred"
    }
    assert find["readConcern"] == {"level": "local"}
    assert find["maxTimeMS"] == 5000
    assert find["comment"] == "listing"
    assert find["collation"] == {"locale": "en", "strength": 2}
    # The options stay with clones and reach count() and distinct() too.
    assert query.clone().count() == 12
    assert query.distinct(Book.tenant) == ["a"]


def test_read_preference_objects_and_bad_options(m: SimpleNamespace) -> None:
    Book = m.Book
    assert Book.query.read_preference(SecondaryPreferred()).count() == 13
    with pytest.raises(BadQueryException, match="read preference must be one of"):
        Book.query.read_preference("fastest")
    with pytest.raises(BadQueryException, match="read concern level"):
        Book.query.read_concern("strong")
    with pytest.raises(BadQueryException, match="int >= 1"):
        Book.query.max_time_ms(0)
    with pytest.raises(BadQueryException, match="locale"):
        Book.query.collation({"strength": 2})
