"""What mypy must infer for typed documents (checked by ``./dev lint``, not run).

Typed code derives from ``flask_mongo.Document`` (mypy cannot use
``db.Document``, a runtime value, as a base class) and binds the class with
``class Book(Document, mongo=db)``, or leaves it unbound when the app has
only one extension.
"""

from __future__ import annotations

from typing import ClassVar, assert_type

from bson import ObjectId
from gridfs import GridOut

from flask_mongo import Document, Mongo, Pagination
from flask_mongo.odm import (
    BaseQuery,
    DocumentField,
    FileField,
    IntField,
    QueryExpression,
    QueryField,
    StringField,
)
from flask_mongo.odm.fields.files import FileQueryField

db = Mongo()


class Author(Document, mongo=db):
    name = StringField()


class Book(Document, mongo=db):
    title = StringField()
    author = DocumentField(Author)
    year = IntField(min_value=0)


class Unbound(Document):
    label = StringField()


def check_values(book: Book) -> None:
    assert_type(book.title, str)
    assert_type(book.year, int)
    assert_type(book.author, Author)
    assert_type(book.author.name, str)
    assert_type(book.mongo_id, ObjectId)
    book.title = "Dive Into Python"
    book.year = 2004


def check_expressions() -> None:
    assert_type(Book.year, QueryField[int])
    assert_type(Book.year > 2000, QueryExpression)
    assert_type(Book.title == "x", QueryExpression)
    assert_type((Book.year > 2000) & (Book.title == "x"), QueryExpression)
    assert_type((Book.year < 1990) | (Book.year > 2010), QueryExpression)
    assert_type(~(Book.year > 2000), QueryExpression)


def check_queries(x: ObjectId) -> None:
    assert_type(Book.query, BaseQuery[Book])
    assert_type(Book.query.first(), Book | None)
    assert_type(Book.query.filter(Book.year > 2000).all(), list[Book])
    assert_type(Book.query.filter_by(title="x").sort((Book.year, -1)).one(), Book)
    assert_type(Book.query.get(x), Book | None)
    assert_type(Book.query.get_or_404(x), Book)
    assert_type(Book.query.first_or_404(), Book)
    assert_type(Book.query[0], Book)
    assert_type(Book.query[0:2], list[Book])
    assert_type(Unbound.query.first(), Unbound | None)
    for book in Book.query.filter(Book.year > 2000):
        assert_type(book, Book)


def check_pagination() -> None:
    page = Book.query.paginate(page=1, per_page=10)
    assert_type(page, Pagination[Book])
    assert_type(page.items, list[Book])
    assert_type(page.next(), Pagination[Book])
    assert_type(page.next_num, int | None)
    for book in page:
        assert_type(book, Book)


class PersonQuery(BaseQuery["Person"]):
    """A custom query class, as in the Flask-MongoAlchemy docs."""

    def get_johns(self) -> BaseQuery[Person]:
        return self.filter(Person.first_name == "John")


class Person(Document):
    query_class = PersonQuery
    # Tells the type checker what ``Person.query`` is; at run time the
    # annotation changes nothing (``query`` is built from query_class).
    query: ClassVar[PersonQuery]
    first_name = StringField()


def check_custom_query_class() -> None:
    assert_type(Person.query, PersonQuery)
    assert_type(Person.query.get_johns().first(), Person | None)


class Scan(Document, mongo=db):
    page = FileField()
    cover = FileField(required=False, delete_with_document=True)


def check_file_fields(scan: Scan) -> None:
    assert_type(scan.page, ObjectId)
    assert_type(scan.cover, ObjectId | None)
    assert_type(Scan.cover, FileQueryField[ObjectId | None])
    assert_type(Scan.cover.put(scan, b"x", filename="c.png"), ObjectId)
    assert_type(Scan.cover.open(scan), GridOut | None)
    assert_type(Scan.cover == scan.page, QueryExpression)
