# MongoAlchemy code declares fields without annotations.
# mypy: disable-error-code="call-arg,operator"
"""The quick paths of the legacy fields (a value of exactly the field's
type skips the protocol's calls) keep MongoAlchemy's checks: every stored
value is still checked when first read, every assigned one when assigned,
and a field with a bound, a validator or a method of its own takes the
full path."""

from __future__ import annotations

from typing import Any

import pytest
from bson import Int64, ObjectId

from flask_mongo.errors import BadValueException
from flask_mongoalchemy import Document
from flask_mongoalchemy.fields import (
    BoolField,
    DocumentField,
    FloatField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)


class _Upper(StringField):
    """A field of one's own: stored in upper case, read in lower case."""

    def wrap(self, value: Any) -> Any:
        return super().wrap(value).upper()

    def unwrap(self, value: Any, session: Any = None) -> Any:
        return super().unwrap(value).lower()


class Scalars(Document):
    s = StringField()
    i = IntField()
    f = FloatField()
    b = BoolField()
    o = ObjectIdField()
    short = StringField(max_length=3, required=False)
    even = IntField(validator=lambda v: v % 2 == 0, required=False)
    upper = _Upper(required=False)
    ints = ListField(IntField(), required=False)


class Inner(Document):
    s = StringField()


class Outer(Document):
    inner = DocumentField(Inner)
    inners = ListField(DocumentField(Inner))


def _stored(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"s": "x", "i": 1, "f": 1.5, "b": True, "o": ObjectId()}
    return {**base, **values}


def test_stored_values_of_the_exact_type_read_as_stored() -> None:
    stored = _stored(ints=[1, 2])
    doc = Scalars.unwrap(stored)
    assert (doc.s, doc.i, doc.f, doc.b, doc.o) == (
        "x",
        1,
        1.5,
        True,
        stored["o"],
    )
    assert doc.ints == [1, 2]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("s", 4, "expected a str"),
        ("i", "1", "expected an int"),
        ("i", 2**64, "does not fit in 64 bits"),
        ("i", True, "expected an int"),
        ("f", "1.5", "expected a float"),
        ("b", 1, "expected a bool"),
        ("o", "not an id", "expected an ObjectId"),
        ("short", "abcd", "longer than max_length=3"),
        ("even", 3, "rejected by the field's validator"),
    ],
)
def test_every_stored_value_is_still_checked_when_read(
    key: str, value: Any, message: str
) -> None:
    doc = Scalars.unwrap(_stored(**{key: value}))
    with pytest.raises(BadValueException, match=message):
        getattr(doc, key)


def test_list_items_are_checked_when_read() -> None:
    doc = Scalars.unwrap(_stored(ints=[1, 2**64]))
    with pytest.raises(BadValueException, match="does not fit in 64 bits"):
        _ = doc.ints


def test_other_stored_forms_that_pass_the_checks_still_read() -> None:
    doc = Scalars.unwrap(_stored(i=Int64(7), f=2))
    assert doc.i == 7
    assert isinstance(doc.i, Int64)
    assert doc.f == 2


def test_a_field_of_ones_own_takes_the_full_path() -> None:
    doc = Scalars.unwrap(_stored(upper="ABC"))
    assert doc.upper == "abc"


def test_assigned_values_read_back_as_assigned() -> None:
    doc = Scalars.unwrap(_stored())
    doc.s = "y"
    doc.f = 2  # an int in a FloatField: read back as given, stored as 2.0
    assert (doc.s, doc.f) == ("y", 2)
    assert doc.wrap()["f"] == 2.0


def test_embedded_documents_are_checked_when_read() -> None:
    doc = Outer.unwrap({"inner": {"s": 1}, "inners": [{"s": "a"}, {"s": 2}]})
    with pytest.raises(BadValueException, match="expected a str"):
        _ = doc.inner.s
    assert doc.inners[0].s == "a"
    with pytest.raises(BadValueException, match="expected a str"):
        _ = doc.inners[1].s


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("s", 4, "expected a str"),
        ("i", 2**64, "does not fit in 64 bits"),
        ("i", True, "expected an int"),
        ("short", "abcd", "longer than max_length=3"),
        ("even", 3, "rejected by the field's validator"),
    ],
)
def test_assigned_values_are_checked(key: str, value: Any, message: str) -> None:
    doc = Scalars.unwrap(_stored())
    with pytest.raises(BadValueException, match=message):
        setattr(doc, key, value)
    with pytest.raises(BadValueException, match=message):
        Scalars(**{key: value})


def test_a_new_document_is_stored_in_stored_forms() -> None:
    oid = ObjectId()
    doc = Scalars(s="x", i=1, f=2, b=False, o=str(oid), upper="abc", ints=[3])
    assert doc.wrap() == {
        "s": "x",
        "i": 1,
        "f": 2.0,
        "b": False,
        "o": oid,
        "upper": "ABC",
        "ints": [3],
    }
    assert type(doc.wrap()["f"]) is float


class Loose(Document):
    config_extra_fields = "ignore"
    s = StringField()


class Sub(Scalars):
    extra = StringField(required=False)


def test_the_generated_constructor_keeps_the_legacy_arguments() -> None:
    # retrieved_fields, by keyword or position: a new document reading only those.
    for doc in (
        Scalars([Scalars.s], s="x"),
        Scalars(retrieved_fields=[Scalars.s], s="x"),
    ):
        assert doc.s == "x"
        with pytest.raises(AttributeError, match="not loaded"):
            _ = doc.i
    # Unknown arguments under config_extra_fields='ignore' are extra fields.
    loose = Loose(s="x", colour="red")
    assert loose.get_extra_fields() == {"colour": "red"}
    assert loose.wrap() == {"s": "x", "colour": "red"}
    # A subclass checks its own and its base's fields.
    with pytest.raises(BadValueException, match="expected a str"):
        Sub(s="x", extra=1)
    assert Sub(s="x", i=1, f=1.0, b=True, o=ObjectId(), extra="e").extra == "e"
