"""The constructor generated per document class: the same checks and the
same stored document as the generic one, whatever the keywords."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId
from flask import Flask

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException, ExtraValueException
from flask_mongo.odm import (
    BoolField,
    Document,
    FloatField,
    IntField,
    ObjectIdField,
    StringField,
)
from tests.support import stored


class Scalars(Document):
    name: StringField[str | None] = StringField(required=False)
    short: StringField[str | None] = StringField(max_length=3, required=False)
    count: IntField[int | None] = IntField(required=False)
    positive: IntField[int | None] = IntField(min_value=1, required=False)
    ratio: FloatField[float | None] = FloatField(required=False)
    flag: BoolField[bool | None] = BoolField(required=False)
    ref: ObjectIdField[ObjectId | None] = ObjectIdField(required=False)
    level: IntField = IntField(default=7)


class Text(str):
    pass


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", 3, "expected a str"),
        ("short", "abcd", "longer than max_length=3"),
        ("count", "3", "expected an int"),
        ("count", True, "expected an int"),
        ("count", 2**63, "does not fit in 64 bits"),
        ("positive", 0, "less than min_value=1"),
        ("ratio", "1.5", "expected a float"),
        ("flag", 1, "expected a bool"),
        ("ref", "not an id", "expected an ObjectId"),
        ("level", None, "not None"),
    ],
)
def test_each_value_is_checked(field: str, value: Any, reason: str) -> None:
    with pytest.raises(BadValueException, match=reason):
        Scalars(**{field: value})


def test_values_of_other_accepted_types_are_stored_in_their_stored_form() -> None:
    ref = ObjectId()
    given: dict[str, Any] = {"name": Text("x"), "ratio": 2, "ref": str(ref)}
    doc = Scalars(**given)
    assert doc.wrap() == {"name": "x", "ratio": 2.0, "ref": ref, "level": 7}
    assert type(doc.wrap()["ratio"]) is float
    assert doc.ref == ref


def test_defaults_fill_what_was_not_given() -> None:
    assert Scalars().level == 7
    assert Scalars(level=2).level == 2


def test_an_undeclared_keyword_names_the_fields() -> None:
    typo: dict[str, Any] = {"nmae": "b"}
    with pytest.raises(ExtraValueException, match="Scalars has no field 'nmae'"):
        Scalars(name="a", **typo)


def test_fields_named_like_the_constructors_own_variables() -> None:
    class Odd(Document):
        data: StringField = StringField()
        cache: StringField = StringField()
        v: IntField = IntField()
        k: IntField = IntField(default=1)
        x: IntField = IntField(default=2)

    doc = Odd(v=5, data="d", cache="c")
    assert doc.wrap() == {"data": "d", "cache": "c", "v": 5, "k": 1, "x": 2}


def test_a_field_named_as_a_python_keyword() -> None:
    # Declared through type(): no parameter can be named so.
    Kw: Any = type("Kw", (Document,), {"__module__": __name__, "class": IntField()})
    assert Kw(**{"class": 1}).wrap() == {"class": 1}
    with pytest.raises(BadValueException, match="expected an int"):
        Kw(**{"class": "1"})


def test_a_subclass_with_its_own_init_calls_up() -> None:
    class Base(Document):
        title: StringField = StringField()

    class Child(Base):
        year: IntField = IntField()

        def __init__(self, **kwargs: Any) -> None:
            kwargs.setdefault("year", 2000)
            super().__init__(**kwargs)

    assert Child(title="t").wrap() == {"title": "t", "year": 2000}
    bad: dict[str, Any] = {"year": "x"}
    with pytest.raises(BadValueException, match=r"Child\.year"):
        Child(title="t", **bad)


def test_a_new_document_saves_what_it_was_given(logged_db: tuple[Flask, Mongo]) -> None:
    _app, db = logged_db

    class Animal(Document, mongo=db):
        config_polymorphic = "kind"
        name: StringField = StringField()

    class Dog(Animal):
        config_polymorphic_identity = "dog"
        good: BoolField = BoolField(default=True)

    dog = Dog(name="Rex")
    assert "kind" not in dog.get_dirty_ops().get("$set", {})
    dog.save()
    assert stored(dog) == {
        "_id": dog.mongo_id,
        "kind": "dog",
        "name": "Rex",
        "good": True,
    }
