"""What mypy must accept and refuse in typed document classes (checked by
``./dev lint``, not run).

A field annotated with its own type (``title: StringField = StringField()``)
is a keyword argument of the class's constructor, checked against what the
field accepts. mypy runs with ``warn_unused_ignores``, so each
``# type: ignore[code]`` below proves that mypy reports that error there.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_type

from bson import ObjectId

from flask_mongo import Document, Mongo
from flask_mongo.odm import (
    CreatedField,
    DictField,
    DocumentField,
    EnumField,
    FloatField,
    IntField,
    KVField,
    ListField,
    QueryField,
    SetField,
    SRefField,
    StringField,
)

db = Mongo()


class Author(Document, mongo=db):
    name: StringField = StringField()


class Book(Document, mongo=db):
    title: StringField = StringField(max_length=200)
    subtitle: StringField[str | None] = StringField(required=False)
    year: IntField = IntField(min_value=0)
    rating: FloatField[float | None] = FloatField(allow_none=True)
    author: DocumentField[Author] = DocumentField(Author)
    editor: DocumentField[Author, Author | None] = DocumentField(Author, required=False)
    tags: ListField[str] = ListField(StringField(), default_empty=True)
    notes: ListField[str, list[str] | None] = ListField(StringField(), required=False)
    labels: SetField[str] = SetField(StringField(), default_empty=True)
    status: EnumField[str] = EnumField(StringField(), "draft", "published")
    created: CreatedField = CreatedField()
    scores: DictField[int] = DictField(IntField(), default_empty=True)
    extra: DictField[str, dict[str, str] | None] = DictField(
        StringField(), required=False
    )
    pairs: KVField[int, str] = KVField(IntField(), StringField())
    reviewer_id: SRefField[Author] = SRefField(Author)
    reviewer = reviewer_id.rel()


class Loose(Document, mongo=db):
    """Unannotated fields work too; their values are typed all the same."""

    label = StringField(required=False)
    count = IntField(default=None)
    name = StringField()


def check_constructor_arguments() -> None:
    author = Author(name="Mark Pilgrim")
    Book(title="Dive", year=2004, author=author, tags=["python"], status="draft")
    Book(subtitle=None, editor=None, rating=None, mongo_id=ObjectId())
    Book()  # every argument is optional: values may be assigned later
    Book(title=3)  # type: ignore[arg-type]
    Book(year="2004")  # type: ignore[arg-type]
    Book(author="Mark")  # type: ignore[arg-type]
    Book(tags=[1])  # type: ignore[list-item]
    Book(nonsense=1)  # type: ignore[call-arg]
    Book("Dive")  # type: ignore[call-arg]
    # Unannotated fields are not constructor arguments to mypy.
    Loose(label="x")  # type: ignore[call-arg]


def check_optional_values(book: Book, loose: Loose) -> None:
    assert_type(book.title, str)
    assert_type(book.subtitle, str | None)
    assert_type(book.year, int)
    assert_type(book.rating, float | None)
    assert_type(book.author, Author)
    assert_type(book.editor, Author | None)
    assert_type(book.tags, list[str])
    assert_type(book.notes, list[str] | None)
    assert_type(book.labels, set[str])
    assert_type(book.status, str)
    assert_type(book.created, datetime | None)
    assert_type(book.mongo_id, ObjectId)
    assert_type(book.scores, dict[str, int])
    assert_type(book.extra, dict[str, str] | None)
    assert_type(book.pairs, dict[int, str])
    assert_type(book.reviewer_id, ObjectId)
    assert_type(book.reviewer, Author)
    assert_type(loose.label, str | None)
    assert_type(loose.count, int | None)
    assert_type(loose.name, str)
    assert_type(Book.subtitle, QueryField[str | None])
    assert_type(Book.title, QueryField[str])


def check_field_options() -> None:
    assert_type(StringField(), StringField[str])
    assert_type(StringField(required=False), StringField[str | None])
    assert_type(StringField(default=None), StringField[str | None])
    assert_type(IntField(default=3), IntField[int])
    assert_type(ListField(IntField()), ListField[int, list[int]])
    StringField(default=3)  # type: ignore[call-overload]
    IntField(min_value=0, db_feld="y")  # type: ignore[call-overload]


class Mismatched(Document, mongo=db):
    # The annotation must say what the field reads as: this one may be None.
    label: StringField = StringField(required=False)  # type: ignore[assignment]
