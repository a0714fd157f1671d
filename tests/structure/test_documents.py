"""Saving, deleting, reloading and querying documents."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from bson import DBRef, ObjectId
from flask import Flask
from werkzeug.exceptions import NotFound

from flask_mongo.structure import DocumentCursor
from flask_mongokit import (
    Document,
    MongoKit,
    MultipleResultsFound,
    SchemaDocumentError,
    Set,
)
from tests.support import found


class Book(Document):
    __collection__ = "books"
    structure = {"title": str, "year": int, "tags": Set(str)}
    use_dot_notation = True


@pytest.fixture
def books(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Book])
    for year, title in enumerate(["A", "B", "C", "D", "E"], start=2000):
        mk.Book({"title": title, "year": year}).save()
    return mk


def test_save_inserts_then_replaces(mk: MongoKit, ctx: None) -> None:
    mk.register([Book])
    book = mk.Book({"title": "Dune", "year": 1965})
    assert book.save() is None
    assert isinstance(book["_id"], ObjectId)
    book.year = 1966
    book.save()
    assert mk["books"].count_documents({}) == 1
    assert found(mk["books"].find_one())["year"] == 1966

    # A document with a chosen _id is upserted.
    chosen = mk.Book({"_id": "dune-2", "title": "Dune Messiah"})
    chosen.save()
    assert mk.Book.get_from_id("dune-2")["title"] == "Dune Messiah"

    with_uuid = mk.Book({"title": "U"})
    with_uuid.save(uuid=True)
    assert with_uuid["_id"].startswith("Book-")


def test_delete_reload_dbref(books: MongoKit) -> None:
    book = books.Book.find_one({"title": "A"})
    assert book is not None
    ref = book.get_dbref()
    assert ref == DBRef("books", book["_id"], database=books.database.name)

    books["books"].update_one({"_id": book["_id"]}, {"$set": {"year": 1}})
    book["stale"] = True
    book.reload()
    assert book.year == 1
    assert "stale" not in book

    book.delete()
    assert books.Book.find_one({"title": "A"}) is None
    with pytest.raises(SchemaDocumentError, match="cannot reload"):
        book.reload()


def test_unbound_and_unsaved_documents_say_what_to_do() -> None:
    book = Book({"title": "x"})
    with pytest.raises(SchemaDocumentError, match=r"db\.Book\(\)"):
        book.save()
    with pytest.raises(SchemaDocumentError, match="not bound"):
        book.find()


def test_find_returns_documents_and_counts(books: MongoKit) -> None:
    cursor = books.Book.find({"year": {"$gte": 2001}}).sort("year", -1)
    assert isinstance(cursor, DocumentCursor)
    assert cursor.count() == 4
    page = cursor.clone().skip(1).limit(2)
    assert page.count() == 4
    assert page.count(with_limit_and_skip=True) == 2
    assert [b.title for b in page] == ["D", "C"]
    assert [type(b) for b in cursor] == [Book] * 4
    assert books.Book.find()[2].title == "C"
    assert [b.title for b in books.Book.find().sort("year")[3:5]] == ["D", "E"]
    assert books.Book.find(fields=["title"], limit=1).next().keys() == {"_id", "title"}
    assert books.Book.find().distinct("year") == [2000, 2001, 2002, 2003, 2004]


def test_find_one_one_and_fetch(books: MongoKit) -> None:
    found = books.Book.find_one({"title": "B"})
    assert isinstance(found, Book)
    assert books.Book.find_one(found["_id"]) == found
    assert books.Book.one({"title": "B"}) == found
    assert books.Book.one({"title": "Z"}) is None
    with pytest.raises(MultipleResultsFound, match="5 results found"):
        books.Book.one()

    books["books"].insert_one({"title": "partial"})  # lacks year and tags
    assert books.Book.find().count() == 6
    assert books.Book.fetch().count() == 5  # not the partial one
    books["books"].update_many({}, {"$set": {"year": 0, "tags": []}})
    assert books.Book.fetch().count() == 6
    assert books.Book.fetch_one({"title": "C"})["title"] == "C"
    with pytest.raises(MultipleResultsFound, match=r"6 results found.*use find"):
        books.Book.fetch_one({"year": 0})


def test_find_random_and_get_from_id(books: MongoKit) -> None:
    picked = books.Book.find_random()
    assert isinstance(picked, Book)
    assert books.Book.get_from_id(picked["_id"]) == picked
    assert books.Book.get_from_id(ObjectId()) is None
    books["books"].delete_many({})
    assert books.Book.find_random() is None


def test_find_and_modify(books: MongoKit) -> None:
    before = books.Book.find_and_modify({"title": "A"}, {"$inc": {"year": 10}})
    assert isinstance(before, Book)
    assert before.year == 2000
    after = books.Book.find_and_modify({"title": "A"}, {"$inc": {"year": 1}}, new=True)
    assert after is not None
    assert after.year == 2011
    removed = books.Book.find_and_modify({"title": "B"}, remove=True)
    assert removed is not None
    assert books.Book.find_one({"title": "B"}) is None
    assert books.Book.find_and_modify({"title": "none"}, {"$set": {"year": 1}}) is None


def test_get_or_404_and_find_one_or_404(books: MongoKit) -> None:
    book = books.Book.find_one({"title": "C"})
    assert book is not None
    assert books.Book.get_or_404(book["_id"]) == book
    assert books.Book.get_or_404(str(book["_id"])) == book
    assert books.Book.find_one_or_404({"title": "C"}) == book
    books.Book({"_id": "a-string-id", "title": "S"}).save()
    assert books.Book.get_or_404("a-string-id")["title"] == "S"
    for missing in (ObjectId(), str(ObjectId()), "not-an-id", "zz" * 12, 42):
        with pytest.raises(NotFound):
            books.Book.get_or_404(missing)
    with pytest.raises(NotFound) as info:
        books.Book.find_one_or_404({"title": "Z"}, description="No such book")
    assert info.value.description == "No such book"
    # Instances answer the same queries on their collection.
    assert book.get_or_404(book["_id"]) == book


def test_get_or_404_in_a_view(mk_app: Flask, mk: MongoKit) -> None:
    mk.register([Book])

    @mk_app.get("/book/<book_id>")
    def show(book_id: str) -> str:
        title: str = mk.Book.get_or_404(book_id).title
        return title

    with mk_app.app_context():
        book = mk.Book({"title": "Dune"})
        book.save()
    http = mk_app.test_client()
    assert http.get(f"/book/{book['_id']}").get_data(as_text=True) == "Dune"
    assert http.get("/book/malformed").status_code == 404
    assert http.get(f"/book/{ObjectId()}").status_code == 404


def test_json_round_trip(books: MongoKit) -> None:
    book = books.Book.find_one({"title": "A"})
    assert book is not None
    book.tags = {"classic"}
    text = book.to_json()
    data = json.loads(text)
    assert data["_id"] == {"$oid": str(book["_id"])}
    assert data["tags"] == ["classic"]
    assert book.to_json_type() == data
    again = books.Book.from_json(text)
    assert again == book
    assert again.tags == {"classic"}
    assert again.collection is not None

    class Dated(Document):
        structure = {"when": datetime}

    dated = Dated({"when": datetime(2020, 1, 2, 3, 4, 5, 123000)})
    assert Dated.from_json(dated.to_json()) == dated


def test_copies(books: MongoKit) -> None:
    import copy

    book = books.Book.find_one({"title": "A"})
    assert book is not None
    deep = copy.deepcopy(book)
    assert deep == book
    assert deep is not book
    assert type(deep) is Book
    assert deep.collection is book.collection
    deep.tags.add("x")
    assert book.tags == set()
    assert copy.copy(book) == book


def test_paginate(books: MongoKit) -> None:
    page = books.Book.find().sort("year").paginate(2, 2)
    assert [b.title for b in page.items] == ["C", "D"]
    assert (page.total, page.pages, page.has_next, page.has_prev()) == (
        5,
        3,
        True,
        True,
    )
    assert [b.title for b in page.next().items] == ["E"]
    with pytest.raises(NotFound):
        books.Book.find().paginate(4, 2)
    # A page number past what MongoDB can skip is a 404, not a server error.
    with pytest.raises(NotFound):
        books.Book.find().paginate(10**20, 20)


def test_id_lookups_never_take_an_operator(books: MongoKit) -> None:
    from flask_mongo.errors import BadValueException

    # An id straight from a JSON body must not match "any document".
    for hostile in ({"$ne": None}, {"$gt": ""}, [{"$exists": True}]):
        with pytest.raises(BadValueException, match="'\\$'"):
            books.Book.get_or_404(hostile)
        with pytest.raises(
            BadValueException, match=r"'_id': .*keys starting with '\$'"
        ):
            books.Book.get_from_id(hostile)


def test_deleted_documents_are_not_recreated(books: MongoKit) -> None:
    book = books.Book.find_one({"title": "A"})
    assert book is not None
    book.delete()
    book.year = 1999
    with pytest.raises(SchemaDocumentError, match="will not recreate"):
        book.save()
    assert books.Book.find_one({"title": "A"}) is None

    other = books.Book.find_one({"title": "B"})
    assert other is not None
    books["books"].delete_one({"_id": other["_id"]})  # another client
    other.year = 1998
    with pytest.raises(SchemaDocumentError, match="no longer in"):
        other.save()
    assert books.Book.find_one({"title": "B"}) is None


def test_documents_larger_than_mongodb_accepts(books: MongoKit) -> None:
    import bson
    from pymongo.errors import DocumentTooLarge

    from flask_mongokit import MaxDocumentSizeError

    book = books.Book({"title": "small"})
    assert book.get_size() == len(bson.encode(book.to_bson()))
    book["title"] = "b" * (16 * 1024 * 1024)
    with pytest.raises(MaxDocumentSizeError, match="larger than the 16777216 bytes"):
        book.validate()
    with pytest.raises(DocumentTooLarge):  # also PyMongo's error
        Book.validate(book)
