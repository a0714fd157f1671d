"""query.with_related(...): one $in query per referenced collection for a
whole result; lazy reference reads cached on the document."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bson import DBRef

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException, DocumentNotFound
from flask_mongo.odm import RefField, SRefField, StringField
from tests.support import CommandLog


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Author(Document):
        name: StringField = StringField()

    class Publisher(Document):
        name: StringField = StringField()

    class Book(Document):
        title: StringField = StringField()
        author_ref: SRefField[Author] = SRefField(Author)
        author = author_ref.rel()
        publisher_ref: RefField[Publisher, DBRef | None] = RefField(
            Publisher, required=False
        )
        publisher = publisher_ref.rel(allow_none=True)

    authors = [Author(name=f"a{n}") for n in range(5)]
    publishers = [Publisher(name=f"p{n}") for n in range(2)]
    for doc in [*authors, *publishers]:
        doc.save()
    for n in range(20):
        Book(
            title=f"b{n:02}",
            author_ref=authors[n % 5].mongo_id,
            publisher_ref=publishers[n % 2].to_ref(),
        ).save()
    return SimpleNamespace(Author=Author, Publisher=Publisher, Book=Book)


def _finds(commands: CommandLog, collection: str) -> list[dict[str, object]]:
    return [c for c in commands.named("find") if c["find"] == collection]


def test_with_related_loads_each_collection_once(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    commands.clear()
    books = Book.query.sort(Book.title).with_related(Book.author, Book.publisher).all()
    names = [(b.author.name, b.publisher.name) for b in books]
    assert names[:3] == [("a0", "p0"), ("a1", "p1"), ("a2", "p0")]
    (authors,) = _finds(commands, "Author")
    assert len(authors["filter"]["_id"]["$in"]) == 5  # type: ignore[index]
    assert len(_finds(commands, "Publisher")) == 1
    assert len(commands.named("find")) == 3


def test_with_related_on_pages_and_first(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    page = Book.query.sort(Book.title).with_related(Book.author).keyset(per_page=4)
    first = Book.query.with_related(Book.author_ref).first()
    offset = Book.query.sort(Book.title).with_related(Book.author).paginate(2, 4)
    commands.clear()
    assert [b.author.name for b in page] == ["a0", "a1", "a2", "a3"]
    assert first is not None
    assert first.author.name in {f"a{n}" for n in range(5)}
    assert [b.author.name for b in offset.items] == ["a4", "a0", "a1", "a2"]
    assert commands.named("find") == []


def test_a_lazy_read_is_cached_until_the_reference_changes(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book, Author = m.Book, m.Author
    book = Book.query.filter(Book.title == "b01").one()
    commands.clear()
    assert book.author.name == "a1"
    assert book.author is book.author
    assert len(commands.named("find")) == 1
    book.author = Author.query.filter(Author.name == "a3").one()
    commands.clear()
    assert book.author.name == "a3"
    assert len(commands.named("find")) == 1


def test_a_missing_target_still_raises_or_reads_none(m: SimpleNamespace) -> None:
    Book, Author = m.Book, m.Author
    Author.query.filter(Author.name == "a0").one().remove()
    m.Publisher.query.filter(m.Publisher.name == "p0").one().remove()
    book = (
        Book.query.filter(Book.title == "b00")
        .with_related(Book.author, Book.publisher)
        .one()
    )
    assert book.publisher is None
    with pytest.raises(DocumentNotFound, match="not in the database"):
        _ = book.author


def test_with_related_takes_reference_fields_only(m: SimpleNamespace) -> None:
    with pytest.raises(BadQueryException, match="reference fields"):
        m.Book.query.with_related(m.Book.title)
