"""Book.query.insert_many(docs) and db.save_all(docs): validated first,
one bulk write per collection, accepted documents marked saved, refused
ones reported."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from flask_mongo import Document, Mongo, signals
from flask_mongo.errors import (
    BadQueryException,
    BulkWriteFailed,
    DocumentNotFound,
    MissingValueException,
)
from flask_mongo.odm import IntField, StringField
from tests.support import CommandLog, stored


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Book(Document):
        isbn: StringField = StringField()
        year: IntField = IntField()

    class Author(Document):
        name: StringField = StringField()

    Book.get_collection().create_index("isbn", unique=True)
    return SimpleNamespace(Book=Book, Author=Author, db=db)


def test_insert_many_sends_one_insert_and_marks_saved(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    books = [m.Book(isbn=f"i{n}", year=2000 + n) for n in range(5)]
    commands.clear()
    m.Book.query.insert_many(books)
    (insert,) = commands.named("insert")
    assert len(insert["documents"]) == 5
    assert [stored(b)["isbn"] for b in books] == [f"i{n}" for n in range(5)]
    # Marked saved: a later save is an update by _id, not a second insert.
    books[0].year = 1999
    books[0].save()
    assert stored(books[0])["year"] == 1999
    assert m.Book.query.count() == 5


def test_an_invalid_document_stops_everything_before_sending(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    books = [m.Book(isbn="a", year=1), m.Book(isbn="b")]
    commands.clear()
    with pytest.raises(MissingValueException):
        m.Book.query.insert_many(books)
    assert commands.named("insert") == []
    with pytest.raises(BadQueryException, match="takes new Book documents"):
        m.Book.query.insert_many([m.Author(name="x")])


def test_save_all_mixes_inserts_and_updates_one_write_per_collection(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    saved = m.Book(isbn="s", year=1)
    saved.save()
    saved.year = 2
    commands.clear()
    m.db.save_all([saved, m.Book(isbn="n", year=3), m.Author(name="Ann")])
    assert len(commands.named("insert")) == 2  # books, authors
    assert len(commands.named("update")) == 1
    assert stored(saved)["year"] == 2
    assert sorted(b.isbn for b in m.Book.query.all()) == ["n", "s"]


def test_unordered_reports_each_refusal_and_keeps_the_others(
    m: SimpleNamespace,
) -> None:
    m.Book(isbn="taken", year=0).save()
    books = [
        m.Book(isbn="x1", year=1),
        m.Book(isbn="taken", year=2),
        m.Book(isbn="x3", year=3),
    ]
    with pytest.raises(BulkWriteFailed, match="1 document") as caught:
        m.db.save_all(books, ordered=False)
    ((refused, error),) = caught.value.failures
    assert refused is books[1]
    assert error["code"] == 11000
    assert sorted(b.isbn for b in m.Book.query.all()) == ["taken", "x1", "x3"]
    # The refused one is still new: fixing it and saving inserts it.
    books[1].isbn = "x2"
    books[1].save()
    assert m.Book.query.count() == 4


def test_ordered_stops_at_the_first_refusal(m: SimpleNamespace) -> None:
    m.Book(isbn="taken", year=0).save()
    books = [
        m.Book(isbn="y1", year=1),
        m.Book(isbn="taken", year=2),
        m.Book(isbn="y3", year=3),
    ]
    authors = [m.Author(name="later")]
    with pytest.raises(BulkWriteFailed) as caught:
        m.db.save_all([*books, *authors])
    assert [d for d, _ in caught.value.failures] == [books[1]]
    assert caught.value.unsent == [books[2], authors[0]]
    assert sorted(b.isbn for b in m.Book.query.all()) == ["taken", "y1"]
    assert m.Author.query.count() == 0


def test_save_all_sends_signals_skips_unchanged_and_refuses_removed(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    unchanged = m.Book(isbn="u", year=1)
    unchanged.save()
    gone = m.Book(isbn="g", year=1)
    gone.save()
    gone.remove()
    events: list[tuple[str, str, bool]] = []

    def before(sender: object, document: Any, created: bool) -> None:
        events.append(("before", document.isbn, created))

    def after(sender: object, document: Any, created: bool) -> None:
        events.append(("after", document.isbn, created))

    fresh = m.Book(isbn="f", year=2)
    commands.clear()
    with (
        signals.before_save.connected_to(before),
        signals.after_save.connected_to(after),
    ):
        m.db.save_all([unchanged, fresh])
        with pytest.raises(DocumentNotFound, match="will not recreate"):
            m.db.save_all([m.Book(isbn="h", year=3), gone])
    # Only the new document was sent; the refused call sent nothing.
    (insert,) = commands.named("insert")
    assert [d["isbn"] for d in insert["documents"]] == ["f"]
    assert commands.named("update") == []
    assert events[:4] == [
        ("before", "u", False),
        ("before", "f", True),
        ("after", "u", False),
        ("after", "f", True),
    ]
