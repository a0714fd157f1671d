"""query.aggregate(pipeline) and query.count_by(field) on typed queries:
the query's own stages first, its options carried along."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException
from flask_mongo.odm import IntField, ListField, StringField
from tests.support import CommandLog


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Book(Document):
        title: StringField = StringField()
        year: IntField = IntField(db_field="y")
        genre: StringField[str | None] = StringField(required=False)
        tags: ListField[str] = ListField(StringField(), default_empty=True)

    rows = [
        ("a", 2001, "Fiction", ["x", "y"]),
        ("b", 2002, "Fiction", ["y"]),
        ("c", 2003, "Poetry", []),
        ("d", 2004, None, ["x"]),
        ("e", 1990, "Fiction", []),
    ]
    for title, year, genre, tags in rows:
        book = Book(title=title, year=year, tags=tags)
        if genre is not None:
            book.genre = genre
        book.save()
    return SimpleNamespace(Book=Book)


def test_aggregate_runs_after_the_query_stages(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    commands.clear()
    query = (
        Book.query.filter(Book.year > 2000)
        .sort((Book.year, -1))
        .skip(1)
        .limit(2)
        .comment("report")
        .collation({"locale": "en"})
    )
    rows = query.aggregate([{"$project": {"_id": 0, "title": 1, "y": 1}}])
    assert rows == [{"title": "c", "y": 2003}, {"title": "b", "y": 2002}]
    (sent,) = commands.named("aggregate")
    assert sent["pipeline"] == [
        {"$match": {"y": {"$gt": 2000}}},
        {"$sort": {"y": -1}},
        {"$skip": 1},
        {"$limit": 2},
        {"$project": {"_id": 0, "title": 1, "y": 1}},
    ]
    assert sent["comment"] == "report"
    assert sent["collation"] == {"locale": "en"}


def test_count_by_a_field_and_by_list_elements(m: SimpleNamespace) -> None:
    Book = m.Book
    assert Book.query.count_by(Book.genre) == {"Fiction": 3, None: 1, "Poetry": 1}
    recent = Book.query.filter(Book.year > 2000)
    assert recent.count_by(Book.genre) == {"Fiction": 2, None: 1, "Poetry": 1}
    assert Book.query.count_by(Book.tags, unwind=True) == {"x": 2, "y": 2}


def test_aggregate_refuses_a_pipeline_that_is_not_a_list_of_stages(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    commands.clear()
    with pytest.raises(BadQueryException, match="a list of stages"):
        m.Book.query.aggregate({"$group": {"_id": None}})
    assert commands.named("aggregate") == []
