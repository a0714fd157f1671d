"""The library's documents: the Author/Book models of the Flask-MongoAlchemy
docs, on the modern :class:`flask_mongo.Mongo` extension.

The classes derive from ``flask_mongo.Document`` and name their extension
with ``mongo=db``, so that mypy knows their fields' types (``book.year`` is
an ``int``); ``class Book(db.Document)`` works the same at run time. Each
field is annotated with its own type, so that mypy also checks the
constructors: ``Book(title=3)`` and ``Book(titel="x")`` are type errors.
"""

from __future__ import annotations

from typing import Any, ClassVar

from bson import ObjectId

from flask_mongo import Document, Mongo
from flask_mongo.odm import (
    DocumentField,
    EnumField,
    FileField,
    Index,
    IntField,
    StringField,
)

db = Mongo()

#: The genres a book may have (a select in the form).
GENRES = (
    "Fiction",
    "Science fiction",
    "Fantasy",
    "Mystery",
    "History",
    "Science",
    "Programming",
    "Poetry",
    "Children",
)


class Author(Document, mongo=db):
    name: StringField = StringField(min_length=1, max_length=200)


class Book(Document, mongo=db):
    config_default_sort: ClassVar[list[tuple[Any, int]]] = [("title", 1)]
    config_indexes: ClassVar[list[Index]] = [
        Index().ascending("author.name"),
        Index().ascending("year"),
    ]

    title: StringField = StringField(min_length=1, max_length=300)
    author: DocumentField[Author] = DocumentField(Author)
    year: IntField = IntField(min_value=0, max_value=2100)
    genre: EnumField[str, str | None] = EnumField(
        StringField(), *GENRES, required=False
    )
    summary: StringField[str | None] = StringField(required=False, max_length=3000)
    #: The cover image in GridFS (set by the upload, not the form); removing
    #: the book deletes it.
    cover: FileField[ObjectId | None] = FileField(
        required=False, delete_with_document=True
    )
