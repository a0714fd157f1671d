"""Documents: construction, validation, save/remove semantics, wrap/unwrap."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from bson import DBRef, ObjectId
from flask import Flask

from flask_mongo import Mongo
from flask_mongo.errors import (
    BadValueException,
    DocumentNotFound,
    ExtraValueException,
    MissingValueException,
)
from flask_mongo.odm import Document, StringField
from tests.support import AppFactory, CommandLog


@pytest.fixture
def models(logged_db: tuple[Flask, Mongo]) -> Any:
    _app, db = logged_db

    class Author(db.Document):
        name = db.StringField()

    class Book(db.Document):
        title = db.StringField(max_length=50)
        author = db.DocumentField(Author)
        year = db.IntField(min_value=0, required=False)
        rating = db.FloatField(default=0.0)
        added = db.DateTimeField(
            default_f=lambda: datetime(2024, 1, 2, 3, 4, 5, 678999)
        )

    return SimpleNamespace(Author=Author, Book=Book, db=db)


def stored(m: Any, oid: ObjectId) -> dict[str, Any] | None:
    raw: dict[str, Any] | None = m.Book.get_collection().find_one({"_id": oid})
    return raw


def test_first_save_inserts_everything(models: Any, commands: CommandLog) -> None:
    book = models.Book(title="Dive", author=models.Author(name="Mark"), year=2004)
    assert not book.has_id()
    book.save()
    assert book.has_id()
    assert isinstance(book.mongo_id, ObjectId)
    assert len(commands.named("insert")) == 1
    doc = stored(models, book.mongo_id)
    assert doc == {
        "_id": book.mongo_id,
        "title": "Dive",
        "author": {"name": "Mark"},
        "year": 2004,
        "rating": 0.0,
        # BSON keeps milliseconds: truncated before writing, so that what is
        # read back equals what the document holds.
        "added": datetime(2024, 1, 2, 3, 4, 5, 678000),
    }
    assert book.added == doc["added"]


def test_second_save_sends_only_changed_fields(
    models: Any, commands: CommandLog
) -> None:
    book = models.Book(title="Dive", author=models.Author(name="Mark"), year=2004)
    book.save()
    commands.clear()
    book.year = 2009
    book.save()
    (update,) = commands.named("update")
    (statement,) = update["updates"]
    assert statement["q"] == {"_id": book.mongo_id}
    assert statement["u"] == {"$set": {"year": 2009}}
    assert not statement.get("upsert", False)
    commands.clear()
    book.save()  # nothing changed: nothing sent
    assert commands.named("update") == []


def test_in_place_change_of_embedded_document_is_saved(models: Any) -> None:
    models.Book(title="Dive", author=models.Author(name="Mark"), year=2004).save()
    book = models.Book.query.one()
    book.author.name = "Mark Pilgrim"
    # Only the changed key is written, so another client's change to the
    # rest of the embedded document survives.
    assert book.get_dirty_ops() == {"$set": {"author.name": "Mark Pilgrim"}}
    models.Book.get_collection().update_one({}, {"$set": {"author.bio": "x"}})
    book.save()
    stored_author = stored(models, book.mongo_id)["author"]  # type: ignore[index]
    assert stored_author == {"name": "Mark Pilgrim", "bio": "x"}
    assert models.Book.query.one().author.name == "Mark Pilgrim"
    book.save()  # the baseline is what was written: nothing more to send
    assert book.get_dirty_ops() == {}


def test_replaced_embedded_document_is_written_whole(models: Any) -> None:
    models.Book(title="Dive", author=models.Author(name="Mark"), year=2004).save()
    book = models.Book.query.one()
    book.author = models.Author(name="Other")
    assert book.get_dirty_ops() == {"$set": {"author": {"name": "Other"}}}


def test_delete_attribute_unsets_it(models: Any) -> None:
    book = models.Book(title="Dive", author=models.Author(name="M"), year=2004)
    book.save()
    del book.year
    book.save()
    assert "year" not in stored(models, book.mongo_id)  # type: ignore[operator]
    assert models.Book.query.one().year is None  # not required: reads as None


def test_unsetting_a_required_field_fails_before_writing(models: Any) -> None:
    book = models.Book(title="Dive", author=models.Author(name="M"))
    book.save()
    del book.title
    with pytest.raises(MissingValueException, match=r"Book\.title"):
        book.save()
    assert stored(models, book.mongo_id)["title"] == "Dive"  # type: ignore[index]


def test_missing_required_field_on_first_save(
    models: Any, commands: CommandLog
) -> None:
    book = models.Book(year=2004)
    with pytest.raises(MissingValueException, match=r"Book\.title is required"):
        book.save()
    assert commands.named("insert") == []
    assert models.Book.query.count() == 0


def test_bad_values_are_refused_on_assignment(models: Any) -> None:
    book = models.Book(title="ok", author=models.Author(name="M"))
    with pytest.raises(BadValueException, match=r"Book\.title.*expected a str"):
        book.title = 5
    with pytest.raises(BadValueException, match="max_length=50"):
        book.title = "x" * 51
    with pytest.raises(BadValueException, match="min_value=0"):
        book.year = -1
    with pytest.raises(BadValueException, match="an int"):
        book.year = "2004"
    with pytest.raises(BadValueException, match="an int"):
        book.year = True
    with pytest.raises(BadValueException, match="not None"):
        book.title = None
    with pytest.raises(BadValueException, match="Author document"):
        book.author = {"name": "M"}
    assert book.title == "ok"
    with pytest.raises(ExtraValueException, match="no field 'titel'"):
        models.Book(titel="typo")


def test_document_removed_by_someone_else_is_not_recreated(models: Any) -> None:
    book = models.Book(title="Dive", author=models.Author(name="M"))
    book.save()
    models.Book.get_collection().delete_one({"_id": book.mongo_id})  # another client
    book.title = "Changed"
    with pytest.raises(DocumentNotFound, match="no longer in"):
        book.save()
    assert models.Book.query.count() == 0


def test_removed_document_cannot_be_saved_again(models: Any) -> None:
    book = models.Book(title="Dive", author=models.Author(name="M"))
    book.save()
    other = models.Book(title="Other", author=models.Author(name="N"))
    other.save()
    book.remove()
    assert [b.title for b in models.Book.query] == ["Other"]  # only that one
    with pytest.raises(DocumentNotFound, match="will not recreate"):
        book.save()
    assert models.Book.query.count() == 1


def test_extra_stored_fields_survive_a_save(models: Any) -> None:
    oid = (
        models.Book.get_collection()
        .insert_one(
            {
                "title": "Dive",
                "author": {"name": "M"},
                "legacy_isbn": "123",
                "tags": ["a"],
            }
        )
        .inserted_id
    )
    book = models.Book.query.get(oid)
    assert book.get_extra_fields() == {"legacy_isbn": "123", "tags": ["a"]}
    book.title = "Dive Into Python"
    book.save()
    assert stored(models, oid) == {
        "_id": oid,
        "title": "Dive Into Python",
        "author": {"name": "M"},
        "legacy_isbn": "123",
        "tags": ["a"],
    }
    assert "legacy_isbn" in book.wrap()


def test_wrap_and_unwrap_are_public(models: Any) -> None:
    book = models.Book(title="T", author=models.Author(name="A"), year=1)
    data = book.wrap()
    assert data["author"] == {"name": "A"}
    again = models.Book.unwrap({**data, "_id": ObjectId()})
    assert again.title == "T"
    assert again.author.name == "A"
    assert isinstance(again.author, models.Author)
    incomplete = models.Book(year=1)
    with pytest.raises(
        MissingValueException, match=r"Book\.title is required: give it a value"
    ):
        incomplete.wrap()


def test_safe_flag_maps_to_write_concerns(models: Any, commands: CommandLog) -> None:
    book = models.Book(title="T", author=models.Author(name="A"))
    book.save(safe=True)
    assert commands.named("insert")[-1]["writeConcern"] == {"w": 1}
    book.title = "U"
    book.save(safe=False)
    assert commands.named("update")[-1]["writeConcern"] == {"w": 0}
    book.remove(safe=True)
    assert commands.named("delete")[-1]["writeConcern"] == {"w": 1}


def test_equality_by_type_and_id(models: Any) -> None:
    book = models.Book(title="T", author=models.Author(name="A"))
    book.save()
    same = models.Book.query.get(book.mongo_id)
    assert same == book
    assert same is not book
    assert {book, same} == {book}
    assert models.Book(title="T") != models.Book(title="T")  # unsaved: no id


def test_to_ref(models: Any) -> None:
    book = models.Book(title="T", author=models.Author(name="A"))
    with pytest.raises(DocumentNotFound, match="save this Book before referencing it"):
        book.to_ref()
    book.save()
    assert book.to_ref() == DBRef("Book", book.mongo_id)


def test_transform_incoming_migrates_on_load(logged_db: tuple[Flask, Mongo]) -> None:
    _app, db = logged_db

    class Person(db.Document):
        name = db.StringField()

        @classmethod
        def transform_incoming(cls, obj: Any, session: Any) -> Any:
            if "full_name" in obj:  # an old schema
                obj = {k: v for k, v in obj.items() if k != "full_name"}
                obj["name"] = obj.get("name") or "migrated"
            return obj

    Person.get_collection().insert_one({"full_name": "Old Style"})
    assert Person.query.one().name == "migrated"


def test_unbound_document_uses_the_apps_only_extension(
    logged_db: tuple[Flask, Mongo],
) -> None:
    class Note(Document):
        text: StringField = StringField()

    Note(text="hi").save()
    assert Note.query.one().text == "hi"
    assert Note.get_collection().database.name == logged_db[1].database.name


def test_documents_need_an_app_context(models: Any, make_app: AppFactory) -> None:
    other = make_app()  # another app, without this extension
    with other.app_context(), pytest.raises(RuntimeError, match="init_app"):
        models.Book.query.count()


def test_abstract_base_cannot_be_instantiated(logged_db: tuple[Flask, Mongo]) -> None:
    with pytest.raises(TypeError, match="base class"):
        logged_db[1].Document()


def test_rel_attribute_can_be_given_to_the_constructor(
    logged_db: tuple[Flask, Mongo],
) -> None:
    _app, db = logged_db

    class Writer(db.Document):
        name = db.StringField()

    class Essay(db.Document):
        writer_ref = db.SRefField(Writer)
        writer = writer_ref.rel()

    writer = Writer(name="Ann")
    writer.save()
    essay = Essay(writer=writer)
    essay.save()
    loaded = Essay.query.one()
    assert loaded.writer_ref == writer.mongo_id
    assert loaded.writer.name == "Ann"


def test_save_after_in_place_list_change_then_again(models: Any) -> None:
    _ = models

    class Shelf(models.db.Document):
        tags = models.db.ListField(models.db.StringField())

    shelf = Shelf(tags=["a"])
    shelf.save()
    shelf.tags.append("b")
    shelf.save()
    shelf.tags.append("c")  # the baseline after a save is what was written
    assert shelf.get_dirty_ops() == {"$push": {"tags": {"$each": ["c"]}}}
    shelf.save()
    assert Shelf.query.one().tags == ["a", "b", "c"]


def test_typed_custom_query_class_annotation_changes_nothing_at_run_time(
    logged_db: tuple[Flask, Mongo],
) -> None:
    from typing import ClassVar

    from flask_mongo.odm import BaseQuery

    class PersonQuery(BaseQuery[Any]):
        def get_johns(self) -> BaseQuery[Any]:
            return self.filter(self.type.first_name == "John")

    class Person(Document, mongo=logged_db[1]):
        query_class = PersonQuery
        query: ClassVar[PersonQuery]  # for type checkers (README)
        first_name: StringField = StringField()

    Person(first_name="John").save()
    Person(first_name="Ann").save()
    assert isinstance(Person.query, PersonQuery)
    assert [p.first_name for p in Person.query.get_johns()] == ["John"]
