"""Fields declared with annotations (the style mypy checks) behave exactly
as unannotated ones at run time."""

from types import SimpleNamespace

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadValueException, ExtraValueException
from flask_mongo.odm import (
    DocumentField,
    IntField,
    ListField,
    QueryField,
    StringField,
)
from tests.support import reload, stored


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    # No ``from __future__ import annotations`` here: the annotations are
    # evaluated, generic subscriptions included.
    class Author(Document, mongo=db):
        name: StringField = StringField(db_field="n")

    class Book(Document, mongo=db):
        title: StringField = StringField()
        subtitle: StringField[str | None] = StringField(required=False)
        year: IntField[int | None] = IntField(allow_none=True)
        author: DocumentField[Author, Author | None] = DocumentField(
            Author, required=False
        )
        tags: ListField[str, list[str]] = ListField(StringField(), default_empty=True)

    return SimpleNamespace(Author=Author, Book=Book)


def test_annotated_fields_are_fields(m: SimpleNamespace) -> None:
    assert set(m.Book.get_fields()) == {
        "mongo_id",
        "title",
        "subtitle",
        "year",
        "author",
        "tags",
    }
    assert isinstance(m.Book.title, QueryField)
    assert (m.Book.author.name == "x") == {"author.n": "x"}


def test_annotated_document_round_trip(m: SimpleNamespace) -> None:
    book = m.Book(title="Dive", author=m.Author(name="Mark"), year=None)
    assert book.subtitle is None
    assert book.tags == []
    book.save()
    assert stored(book) == {
        "_id": book.mongo_id,
        "title": "Dive",
        "year": None,
        "author": {"n": "Mark"},
        "tags": [],
    }
    loaded = reload(book)
    assert loaded.author.name == "Mark"
    assert loaded.subtitle is None


def test_annotated_constructor_checks_values_at_run_time(m: SimpleNamespace) -> None:
    with pytest.raises(BadValueException, match=r"Book\.title"):
        m.Book(title=3)
    with pytest.raises(ExtraValueException, match="no field 'nonsense'"):
        m.Book(nonsense=1)
    with pytest.raises(BadValueException, match="not None"):
        m.Book(subtitle=None)
