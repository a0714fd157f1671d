"""Plain fields read from the instance dict (odm.plain_reads): the same
values, checks and change tracking as through the field descriptors."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadValueException, FieldNotRetrieved
from flask_mongo.odm import fields as f
from flask_mongo.odm.plain_reads import PlainRead, plain_check
from flask_mongo.odm.state import DocumentState


class Plain(Document):
    __abstract__ = True  # never saved here: unwrap and wrap only
    title = f.StringField()
    year = f.IntField(min_value=0)
    note = f.StringField(required=False)


class Loaded(Plain):
    pass


def test_assignment_is_validated_and_tracked() -> None:
    doc = Loaded.unwrap({"_id": ObjectId(), "title": "a", "year": 1})
    with pytest.raises(BadValueException, match=r"Plain\.year"):
        doc.year = -1
    assert doc.year == 1
    doc.year = 2
    assert doc.year == 2
    assert doc.get_dirty_ops() == {"$set": {"year": 2}}


def test_deleting_a_plain_field_unsets_it() -> None:
    doc = Loaded.unwrap({"_id": ObjectId(), "title": "a", "year": 1, "note": "n"})
    del doc.note
    assert doc.note is None
    assert doc.get_dirty_ops() == {"$unset": {"note": True}}


def test_unset_and_unloaded_fields_still_explain_themselves() -> None:
    doc = Loaded.unwrap({"_id": ObjectId(), "title": "a"}, fields=[Loaded.title])
    with pytest.raises(FieldNotRetrieved, match=r"Plain\.year was not loaded"):
        _ = doc.year
    new = Loaded()
    new.title = "t"
    with pytest.raises(AttributeError, match=r"Plain\.year has no value yet"):
        _ = new.year


def test_undeclared_attributes_are_refused_not_stored() -> None:
    doc = Loaded()
    doc.title, doc.year = "t", 1
    with pytest.raises(AttributeError, match=r"Loaded has no field 'titel'"):
        doc.titel = "typo"  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match=r"no field 'titel' to delete"):
        del doc.titel  # type: ignore[attr-defined]
    assert doc.wrap() == {"title": "t", "year": 1}


def test_stored_key_named_as_a_method_does_not_hide_it() -> None:
    stored: dict[str, Any] = {"_id": ObjectId(), "title": "a", "year": 1}
    stored["wrap"] = "extra"  # an undeclared key, kept as is
    doc = Loaded.unwrap(stored)
    assert doc.title == "a"
    assert doc.wrap()["wrap"] == "extra"  # still the method
    doc.year = 5
    assert doc.year == 5


def test_class_access_still_builds_queries() -> None:
    assert (Loaded.year > 1) == {"year": {"$gt": 1}}
    assert Loaded._fields["title"] is Plain._fields["title"]


def test_subclass_redefining_a_plain_field_uses_its_own() -> None:
    class Child(Loaded):
        year = f.StringField()  # type: ignore[assignment]

    doc = Child.unwrap({"_id": ObjectId(), "title": "a", "year": "x"})
    doc.year = "y"
    assert doc.year == "y"
    with pytest.raises(BadValueException, match=r"Child\.year"):
        doc.year = 3  # type: ignore[assignment]


def test_subclass_that_cannot_read_from_its_dict_still_validates() -> None:
    class Odd(Loaded):
        saved_as = f.StringField(db_field="save", required=False)  # hides save()

    doc = Odd.unwrap({"_id": ObjectId(), "title": "a", "year": 1, "save": "s"})
    assert (doc.title, doc.saved_as) == ("a", "s")
    with pytest.raises(BadValueException, match=r"Plain\.year"):
        doc.year = -1
    doc.year = 4
    assert doc.get_dirty_ops() == {"$set": {"year": 4}}
    assert callable(doc.save)


class Shelf(Document):
    __abstract__ = True
    label = f.StringField()
    books = f.ListField(f.DocumentField(Plain))
    added = f.DateTimeField(required=False)


def test_converting_fields_beside_plain_ones_convert_and_validate() -> None:
    # The instance dict holds the stored forms; the converting fields'
    # descriptors, not the dict, answer for them.
    stored: dict[str, Any] = {
        "_id": ObjectId(),
        "label": "s",
        "books": [{"title": "b", "year": 1}],
    }
    shelf = Shelf.unwrap(stored)
    assert shelf.label == "s"
    assert isinstance(shelf.books[0], Plain)
    assert shelf.books[0].title == "b"
    with pytest.raises(BadValueException, match=r"Shelf\.books"):
        shelf.books = ["not a book"]  # type: ignore[list-item]
    shelf.books[0].year = 2
    assert shelf.get_dirty_ops() == {"$set": {"books": [{"title": "b", "year": 2}]}}
    assert stored["books"][0]["year"] == 1  # the stored baseline is kept


def test_reference_fields_keep_the_stored_dict_apart(db: Mongo, app_ctx: None) -> None:
    # Rel caches the target in the instance dict: never the stored dict.
    class Author(Document):
        name: f.StringField = f.StringField()

    class Cited(Document):
        title: f.StringField = f.StringField()
        author_ref: f.SRefField[Author] = f.SRefField(Author)
        author = author_ref.rel()

    assert Cited._shadowed is None
    author = Author(name="a")
    author.save()
    Cited(title="t", author_ref=author.mongo_id).save()
    cited = Cited.query.one()
    assert cited.author.name == "a"
    assert cited.author is cited.author  # cached, apart from the values
    assert set(cited.wrap()) == {"_id", "title", "author_ref"}


class _Checked(f.StringField):
    """A field that checks each stored value on read, and names the type of
    those it gives back unchanged (the checked plain fields' protocol)."""

    plain_read_type = str

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return super().__get__(obj, owner)
        value = obj._data.get(self.db_field)
        if type(value) is not str:
            raise BadValueException(self.label, value, "checked on read")
        return value


class Guarded(Document):
    __abstract__ = True
    title = _Checked()
    year = f.IntField()


class GuardedDoc(Guarded):
    pass


def test_a_checked_field_reads_from_the_stored_dict_only_when_its_type_fits() -> None:
    check = plain_check(GuardedDoc)
    assert check is not None
    assert plain_check(Loaded) is None
    good = GuardedDoc.unwrap({"_id": ObjectId(), "title": "a", "year": 1})
    assert good.__dict__ is good._data
    assert (good.title, good.year) == ("a", 1)
    bad = GuardedDoc.unwrap({"_id": ObjectId(), "title": 3, "year": 1})
    assert bad.__dict__ is not bad._data
    with pytest.raises(BadValueException, match=r"Guarded\.title.*checked on read"):
        _ = bad.title
    assert bad.year == 1
    bad.title = "fixed"
    assert bad.title == "fixed"
    # Not a front-end with free attributes: others are refused, as before.
    with pytest.raises(AttributeError, match="GuardedDoc has no field 'other'"):
        good.other = 1  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="no field 'other' to delete"):
        del good.other  # type: ignore[attr-defined]


def test_subclasses_without_checked_fields_drop_the_check() -> None:
    class Unchecked(GuardedDoc):
        title = f.StringField()

    class Own(GuardedDoc):
        def __setattr__(self, name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

    assert plain_check(Unchecked) is None
    assert vars(Unchecked)["_attach"] is vars(DocumentState)["_attach"]
    doc = Unchecked.unwrap({"_id": ObjectId(), "title": "a", "year": 1})
    assert doc.__dict__ is doc._data
    assert plain_check(Own) is None
    assert Own._shadowed is None
    assert not isinstance(vars(Own).get("year"), PlainRead)
    own = Own.unwrap({"_id": ObjectId(), "title": 3, "year": 1})
    with pytest.raises(BadValueException, match="checked on read"):
        _ = own.title
