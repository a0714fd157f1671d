# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""Conditional pulls and MongoAlchemy's update exceptions."""

from __future__ import annotations

from typing import Any

import pytest

from flask_mongo.errors import BadQueryException
from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.update_expression import (
    BadUpdateArguments,
    ConflictingModifierException,
    InvalidModifierException,
    UpdateException,
)


def _classes(db: MongoAlchemy) -> tuple[Any, Any]:
    class Page(Document, mongo=db):
        text = db.StringField()
        num = db.IntField()

    class Book(Document, mongo=db):
        isbn = db.StringField()
        pages = db.ListField(db.DocumentField(Page))
        numbers = db.ListField(db.IntField(), required=False)

    return Page, Book


def test_remove_with_a_query_expression_pulls_matching_items(db: MongoAlchemy) -> None:
    Page, Book = _classes(db)
    Book(isbn="1", pages=[Page(text=f"p{i}", num=i) for i in range(10)]).save()
    update = Book.query.filter(Book.isbn == "1").remove(Book.pages, Page.num == 8)
    assert update.update_data == {"$pull": {"pages": {"num": 8}}}
    update.execute()
    assert [p.num for p in Book.query.one().pages] == [0, 1, 2, 3, 4, 5, 6, 7, 9]
    Book.query.remove(Book.pages, Page.num > 5).execute()
    assert len(Book.query.one().pages) == 6


def test_a_condition_needs_a_list_of_documents(db: MongoAlchemy) -> None:
    Page, Book = _classes(db)
    with pytest.raises(InvalidModifierException, match="list field"):
        Book.query.remove(Book.isbn, Page.num == 8)
    with pytest.raises(InvalidModifierException, match="embedded documents"):
        Book.query.remove(Book.numbers, Page.num == 8)
    with pytest.raises(BadQueryException, match="not a field of Page"):
        Book.query.remove(Book.pages, Book.isbn == "1")


def test_update_exceptions(db: MongoAlchemy) -> None:
    _, Book = _classes(db)
    assert issubclass(InvalidModifierException, UpdateException)
    assert issubclass(UpdateException, BadQueryException)
    with pytest.raises(InvalidModifierException, match="number field"):
        Book.query.inc(Book.isbn, 1)
    with pytest.raises(InvalidModifierException, match="list field"):
        Book.query.append(Book.isbn, "x")
    with pytest.raises(BadUpdateArguments):
        Book.query.set()
    with pytest.raises(TypeError):  # BadUpdateArguments is a TypeError too
        Book.query.set(1, 2, 3)
    with pytest.raises(UpdateException):
        Book.query.filter().inc()
    with pytest.raises(ConflictingModifierException):
        Book.query.set(Book.numbers, [1]).append(Book.numbers, 2)
