"""Typed documents: the Author/Book models of the Flask-MongoAlchemy docs."""

from __future__ import annotations

from typing import ClassVar

from bson import ObjectId
from flask import Flask, jsonify
from flask.typing import ResponseReturnValue

from flask_mongo import Document, Mongo
from flask_mongo.odm import DocumentField, Index, IntField, StringField

db = Mongo()


class Author(Document, mongo=db):
    name: StringField = StringField()


class Book(Document, mongo=db):
    config_collection_name = "books"
    config_indexes: ClassVar[list[Index]] = [Index().ascending("title").unique()]

    title: StringField = StringField(max_length=200)
    subtitle: StringField[str | None] = StringField(required=False)
    author: DocumentField[Author] = DocumentField(Author)
    year: IntField = IntField(min_value=0)


def add_book(title: str, author: str, year: int) -> Book:
    book = Book(title=title, author=Author(name=author), year=year)
    book.save()  # an insert; later saves write only what changed
    return book


def recent_books(since: int) -> list[Book]:
    return Book.query.filter(Book.year > since).sort(Book.year).all()


def books_by(author: str) -> list[Book]:
    return Book.query.filter(Book.author.name == author).all()


def register_views(app: Flask) -> None:
    @app.get("/books/<ObjectId:book_id>")
    def show(book_id: ObjectId) -> ResponseReturnValue:
        return jsonify(Book.query.get_or_404(book_id))  # a 404 when it is not there

    @app.get("/books")
    def index() -> ResponseReturnValue:
        return jsonify(Book.query.sort(Book.title).paginate(per_page=20))
