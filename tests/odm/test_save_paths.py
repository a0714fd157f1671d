"""The quick paths of loading and saving behave as the careful ones.

Loading shares one empty change set between documents, and a new document
holding every field skips the field-by-field required check; each case
where those shortcuts must not apply is checked here through the server.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from bson import ObjectId
from flask import Flask

from flask_mongo import Mongo
from flask_mongo.errors import MissingValueException
from tests.support import CommandLog


@pytest.fixture
def models(logged_db: tuple[Flask, Mongo]) -> Any:
    _app, db = logged_db

    class Author(db.Document):
        name = db.StringField()
        email = db.StringField(allow_none=True)

    class Book(db.Document):
        title = db.StringField()
        author = db.DocumentField(Author)
        year = db.IntField()
        note = db.StringField(required=False)

    class Animal(db.Document):
        config_polymorphic = "kind"
        config_polymorphic_collection = True
        name = db.StringField()

    class Dog(Animal):
        config_polymorphic_identity = "dog"
        barks = db.BoolField()

    return SimpleNamespace(Author=Author, Book=Book, Animal=Animal, Dog=Dog)


def test_loaded_documents_track_changes_separately(
    models: Any, commands: CommandLog
) -> None:
    Book, Author = models.Book, models.Author
    for year in (2001, 2002):
        Book(title=f"t{year}", author=Author(name="a", email=None), year=year).save()
    first, second = Book.query.ascending(Book.year).all()
    first.title = "changed"
    assert second.get_dirty_ops() == {}
    commands.clear()
    second.save()  # nothing changed: nothing sent
    first.save()
    (update,) = commands.named("update")
    assert update["updates"][0]["u"] == {"$set": {"title": "changed"}}
    commands.clear()
    first.save()  # saved: clean again
    assert commands.named("update") == []
    first.year = 1999
    first.save()
    assert Book.query.get(first.mongo_id).year == 1999


def test_new_document_with_every_field_but_id_is_inserted(models: Any) -> None:
    book = models.Book(
        title="t", author=models.Author(name="a", email=None), year=1, note="n"
    )
    book.save()
    assert models.Book.query.get(book.mongo_id).note == "n"


def test_new_document_with_its_own_id(models: Any) -> None:
    oid = ObjectId()
    author = models.Author(name="a", email="e")
    models.Book(mongo_id=oid, title="t", author=author, year=1, note="n").save()
    assert models.Book.query.get(oid).title == "t"


def test_deleted_required_field_of_new_document_is_refused(
    models: Any, commands: CommandLog
) -> None:
    book = models.Book(
        title="t", author=models.Author(name="a", email=None), year=1, note="n"
    )
    del book.year
    with pytest.raises(MissingValueException, match=r"Book\.year"):
        book.save()
    assert commands.named("insert") == []


def test_optional_field_left_out_still_checks_required_ones(models: Any) -> None:
    # No note and no _id: the document is not "complete", so every
    # required field is looked at, and the missing author is found.
    book = models.Book(title="t", year=1)
    with pytest.raises(MissingValueException, match=r"Book\.author"):
        book.save()


def test_none_in_allow_none_field_of_new_document_is_saved(models: Any) -> None:
    author = models.Author(name="a", email=None)
    models.Book(title="t", author=author, year=1).save()
    assert models.Book.query.one().author.email is None


def test_loaded_none_in_required_field_is_refused_on_write(models: Any) -> None:
    # Nothing is validated on load: a stored None in a required field is
    # found when the document that holds it is written again.
    models.Book.get_collection().insert_one(
        {"title": "t", "year": 1, "author": {"name": None, "email": None}}
    )
    book = models.Book.query.one()
    book.author.email = "e"
    with pytest.raises(MissingValueException, match=r"Author\.name"):
        book.save()


def test_loaded_document_missing_required_field_is_refused_by_wrap(
    models: Any,
) -> None:
    models.Author.get_collection().insert_one({"email": "e"})
    author = models.Author.query.one()
    with pytest.raises(MissingValueException, match=r"Author\.name"):
        author.wrap()


def test_polymorphic_new_document_is_complete_with_its_identity(
    models: Any,
) -> None:
    models.Dog(name="Rex", barks=True).save()
    stored = models.Animal.get_collection().find_one()
    assert stored["kind"] == "dog"
    assert type(models.Animal.query.one()) is models.Dog
    with pytest.raises(MissingValueException, match=r"Dog\.barks"):
        models.Dog(name="Quiet").save()


def test_embedded_document_read_then_changed_is_saved(models: Any, raw_db: Any) -> None:
    # An embedded document reads its parent's stored sub-dict (no copy on
    # load); its first change must leave that baseline alone, or save()
    # would see nothing to write.
    Book, Author = models.Book, models.Author
    book = Book(title="t", author=Author(name="a", email=None), year=1)
    book.save()
    loaded = Book.query.get(book.mongo_id)
    assert loaded.author.name == "a"
    loaded.author.name = "b"
    assert loaded.get_dirty_ops() == {"$set": {"author.name": "b"}}
    loaded.save()
    stored = raw_db.Book.find_one({"_id": book.mongo_id})
    assert stored["author"] == {"name": "b", "email": None}


def test_embedded_document_changed_after_parent_save_is_saved(
    models: Any, raw_db: Any
) -> None:
    Book, Author = models.Book, models.Author
    book = Book(title="t", author=Author(name="a", email=None), year=1)
    book.save()
    loaded = Book.query.get(book.mongo_id)
    author = loaded.author  # read, unchanged
    loaded.title = "u"
    loaded.save()  # writes the title only: author still reads the stored dict
    author.name = "c"
    loaded.save()
    stored = raw_db.Book.find_one({"_id": book.mongo_id})
    assert stored["author"] == {"name": "c", "email": None}
    assert stored["title"] == "u"


def test_embedded_documents_loaded_from_one_dict_change_separately(
    models: Any,
) -> None:
    Book = models.Book
    stored = {"_id": ObjectId(), "title": "t", "author": {"name": "a"}, "year": 1}
    first, second = Book.unwrap(stored), Book.unwrap(stored)
    first.author.name = "changed"
    assert second.author.name == "a"
    assert stored["author"] == {"name": "a"}
