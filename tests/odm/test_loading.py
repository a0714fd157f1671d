"""Loading stored dicts (odm.loading): each class's own quick ``unwrap``
gives the same documents as the general path, and steps aside where an
application's class needs more."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

import pytest
from bson import ObjectId

from flask_mongo import Document
from flask_mongo.errors import ExtraValueException
from flask_mongo.odm import fields as f
from flask_mongo.odm.projection import Projection
from flask_mongo.signals import after_load


class Person(Document):
    __abstract__ = True  # never saved here: unwrap only
    name = f.StringField()


class Base(Document):
    __abstract__ = True
    title = f.StringField()
    author = f.DocumentField(Person, required=False)


class Book(Base):
    pass


class Migrated(Book):
    """A subclass that migrates old stored dicts: the quick loader it
    inherits would skip the migration and make Book documents."""

    @classmethod
    def transform_incoming(cls, obj: Mapping[str, Any], session: Any) -> Any:
        return {"title": obj.get("old_title", "?"), "_id": obj["_id"]}


class Counted(Book):
    loaded: ClassVar[list[str]] = []

    @classmethod
    def unwrap(
        cls,
        obj: Mapping[str, Any],
        fields: Iterable[Any] | Projection | None = None,
        session: Any = None,
    ) -> Self:
        cls.loaded.append(obj["title"])
        return super().unwrap(obj, fields, session)


class CountedChild(Counted):
    pass


def test_a_loaded_document_reads_its_stored_values() -> None:
    oid = ObjectId()
    book = Book.unwrap({"_id": oid, "title": "t", "author": {"name": "n"}})
    assert type(book) is Book
    assert (book.mongo_id, book.title) == (oid, "t")
    assert isinstance(book.author, Person)
    assert book.author.name == "n"
    assert book.get_dirty_ops() == {}
    book.title = "u"
    assert book.get_dirty_ops() == {"$set": {"title": "u"}}


def test_a_subclass_with_a_migration_is_migrated_and_of_its_class() -> None:
    doc = Migrated.unwrap({"_id": ObjectId(), "old_title": "old"})
    assert type(doc) is Migrated
    assert doc.title == "old"


def test_an_applications_own_unwrap_runs_and_super_makes_its_class() -> None:
    Counted.loaded.clear()
    doc = CountedChild.unwrap({"_id": ObjectId(), "title": "a"})
    assert type(doc) is CountedChild
    assert Counted.loaded == ["a"]


def test_a_stored_key_named_as_a_method_hides_nothing() -> None:
    book = Book.unwrap({"_id": ObjectId(), "title": "t", "save": "x"})
    assert callable(book.save)
    assert book.title == "t"
    assert book.get_extra_fields() == {"save": "x"}


def test_extra_keys_are_refused_when_the_class_says_so() -> None:
    class Strict(Book):
        config_extra_fields = "error"

    Strict.unwrap({"_id": ObjectId(), "title": "t"})
    with pytest.raises(
        ExtraValueException, match=r"Strict does not declare the stored keys color"
    ):
        Strict.unwrap({"_id": ObjectId(), "title": "t", "color": "red"})


def test_after_load_is_sent_for_each_loaded_document() -> None:
    seen: list[Any] = []

    def listener(sender: type, document: Any) -> None:
        seen.append((sender, document.title))

    with after_load.connected_to(listener):
        Book.unwrap({"_id": ObjectId(), "title": "t"})
    assert seen == [(Book, "t")]


def test_a_mapping_that_is_not_a_dict_is_copied_into_one() -> None:
    from types import MappingProxyType

    stored = MappingProxyType({"_id": ObjectId(), "title": "t"})
    book = Book.unwrap(stored)
    assert book.title == "t"
    book.title = "u"
    assert stored["title"] == "t"
