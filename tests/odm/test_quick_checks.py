"""The quick checks (one exact type test standing for a field's validate)
of the generated constructor and of writes: a value that passes one is a
value validate accepts, and any other value still gets validate's error."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

import pytest

from flask_mongo.errors import BadValueException
from flask_mongo.odm import (
    DateTimeField,
    Document,
    DocumentField,
    Field,
    FloatField,
    IntField,
    ListField,
    RegExStringField,
    StringField,
)


class Part(Document):
    name: StringField = StringField()


class SpecialPart(Part):
    pass


class Kit(Document):
    title: StringField[str | None] = StringField(
        min_length=2, max_length=4, required=False
    )
    price: FloatField[float | None] = FloatField(
        min_value=0, max_value=10, required=False
    )
    year: IntField[int | None] = IntField(min_value=1900, required=False)
    made: DateTimeField[datetime | None] = DateTimeField(required=False)
    part: DocumentField[Part, Part | None] = DocumentField(Part, required=False)
    tags: ListField[str, list[str] | None] = ListField(StringField(), required=False)
    parts: ListField[Part, list[Part] | None] = ListField(
        DocumentField(Part), required=False
    )
    few: ListField[str, list[str] | None] = ListField(
        StringField(), max_capacity=1, required=False
    )


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("title", "a", "shorter than min_length=2"),
        ("title", "abcde", "longer than max_length=4"),
        ("price", -0.5, "less than min_value=0"),
        ("price", 10.5, "more than max_value=10"),
        ("year", 1899, "less than min_value=1900"),
        ("year", 2**63, "does not fit in 64 bits"),
        ("made", "2024-01-01", "expected a datetime"),
        ("part", {"name": "x"}, "expected a Part document"),
        ("tags", ["a", 3], "item 1: expected a str"),
        ("tags", ("a",), "expected a list of a str"),
        ("parts", [Part(name="x"), "y"], "item 1: expected a Part document"),
        ("few", ["a", "b"], "more than max_capacity=1 items"),
    ],
)
def test_values_failing_the_quick_check_get_validates_error(
    field: str, value: Any, reason: str
) -> None:
    with pytest.raises(BadValueException, match=reason):
        Kit(**{field: value})


def test_values_of_subclasses_and_other_accepted_types_are_validated_and_kept() -> None:
    special = SpecialPart(name="s")
    kit = Kit(title="abc", price=3, year=2000, part=special, parts=[special])
    assert kit.part is special
    assert kit.wrap() == {
        "title": "abc",
        "price": 3.0,
        "year": 2000,
        "part": {"name": "s"},
        "parts": [{"name": "s"}],
    }
    assert type(kit.wrap()["price"]) is float


def test_a_nan_within_float_bounds_is_what_validate_says() -> None:
    # A NaN compares false with every bound: validate accepts it, and the
    # quick check (false for it) leaves the decision to validate.
    assert math.isnan(Kit(price=math.nan).price or 0.0)


def test_a_list_changed_in_place_is_checked_again_when_written() -> None:
    kit = Kit(tags=["a"], parts=[Part(name="x")])
    assert kit.tags is not None
    assert kit.parts is not None
    kit.tags.append(3)  # type: ignore[arg-type]
    with pytest.raises(BadValueException, match=r"Kit\.tags.*item 1: expected a str"):
        kit.wrap()
    kit.tags.pop()
    kit.parts.append("y")  # type: ignore[arg-type]
    with pytest.raises(BadValueException, match="item 1: expected a Part document"):
        kit.wrap()


def test_an_embedded_document_is_checked_again_when_written() -> None:
    kit = Kit(part=Part(name="x"))
    assert kit.part is not None
    kit.part.name = "y"
    assert kit.wrap() == {"part": {"name": "y"}}
    kit.part = SpecialPart(name="z")
    assert kit.wrap() == {"part": {"name": "z"}}


def test_validators_still_run_on_writes() -> None:
    seen: list[Any] = []

    def check(value: Any) -> bool:
        seen.append(value)
        return True

    class Checked(Document):
        part: DocumentField[Part] = DocumentField(Part, validator=check)
        names: ListField[str] = ListField(StringField(), validator=check)

    part, names = Part(name="x"), ["a"]
    doc = Checked(part=part, names=names)
    assert seen == [part, names]  # on assignment
    assert doc.wrap() == {"part": {"name": "x"}, "names": ["a"]}
    assert seen == [part, names, part, names]  # and again on the write


def test_a_list_of_a_class_declared_later() -> None:
    class Holder(Document):
        items: ListField[Any] = ListField(DocumentField("LaterItem"))

    class LaterItem(Document):
        n: IntField = IntField()

    holder = Holder(items=[LaterItem(n=1)])
    assert holder.wrap() == {"items": [{"n": 1}]}
    assert holder.wrap() == {"items": [{"n": 1}]}  # the quick path, once known
    holder.items.append(Part(name="x"))
    with pytest.raises(BadValueException, match="item 1: expected a LaterItem"):
        holder.wrap()


@pytest.mark.parametrize(
    ("field", "exact"),
    [
        (StringField(), str),
        (StringField(max_length=3), None),
        (RegExStringField("a+"), None),
        (StringField(validator=bool), None),
        (FloatField(), float),
        (FloatField(min_value=0), None),
        (IntField(), None),  # an int must also fit in 64 bits
        (DateTimeField(), datetime),
        (DateTimeField(min_date=datetime(2000, 1, 1)), None),
        (DocumentField(Part), Part),
        (DocumentField("Part"), None),  # not resolved while declaring
    ],
)
def test_exact_type(field: Field[Any], exact: type | None) -> None:
    assert field.exact_type() is exact


def test_query_values_of_exactly_the_type_and_of_others() -> None:
    class Note(Document):
        text: StringField = StringField()
        when: DateTimeField = DateTimeField()

    moment = datetime(2024, 5, 1, 12, 0, 0, 123456)
    # The quick path still gives the stored form (milliseconds).
    assert (Note.when == moment) == {"when": moment.replace(microsecond=123000)}
    assert (Note.text == Text("x")) == {"text": "x"}  # a str subclass: validated
    with pytest.raises(BadValueException, match="keys starting with '\\$'"):
        Note.text == {"$ne": None}  # noqa: B015 - the comparison raises
    with pytest.raises(BadValueException, match="expected a str"):
        Note.text == 3  # noqa: B015


class Text(str):
    pass


def test_filter_merges_clauses_as_and_does() -> None:
    q = Kit.query_class(Kit, None)
    first = Kit.year > 1950
    q.filter(first, Kit.title == "ab")
    before = q.query
    # A key already filtered on: merged by &, as one filter() call at a time.
    q.filter(Kit.year < 2000, Kit.tags == "x")
    assert q.query == {"year": {"$gt": 1950, "$lt": 2000}, "title": "ab", "tags": "x"}
    assert q.query == (first & (Kit.title == "ab")) & (Kit.year < 2000) & (
        Kit.tags == "x"
    )
    assert before == {"year": {"$gt": 1950}, "title": "ab"}  # not changed after
    assert first == {"year": {"$gt": 1950}}
    q.filter(Kit.title == "cd")  # the same key, same operator: both kept
    assert q.query["$and"][-1] == {"title": "cd"}
