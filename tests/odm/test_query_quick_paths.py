"""The quick paths of building a query give what the full checks give.

A bounded field's query value is checked by one test of its type and
bounds; any value that test does not pass still gets validate's error, and
a dict is never sent as operators. Query fields of embedded documents'
fields are kept on their parent. ``filter``, ``sort`` and ``limit`` take
their usual arguments without the general calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from enum import IntEnum
from typing import Any

import pytest

from flask_mongo import Mongo
from flask_mongo.errors import BadQueryException, BadValueException
from flask_mongo.odm import (
    DictField,
    Document,
    DocumentField,
    FloatField,
    IntField,
    ListField,
    QueryField,
    StringField,
)


class EvenField(IntField):
    """An int field with a check of its own (no quick test stands for it)."""

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        if value % 2:
            self.fail(value, "expected an even number")


class Level(IntEnum):
    LOW = 1
    BELOW = -1


class Author(Document):
    name: StringField = StringField(max_length=5, db_field="n")
    code: StringField[str | None] = StringField(
        min_length=2, max_length=3, required=False
    )


class Chapter(Document):
    title: StringField = StringField()


class Book(Document):
    year: IntField[int | None] = IntField(min_value=0, required=False)
    count: IntField[int | None] = IntField(required=False)
    price: FloatField[float | None] = FloatField(
        min_value=0, max_value=100, required=False
    )
    rating: FloatField[float | None] = FloatField(min_value=0, required=False)
    even: IntField[int | None] = EvenField(min_value=0, required=False)
    odd: IntField[int | None] = IntField(
        min_value=0, validator=lambda v: v % 2 == 1, required=False
    )
    # A bound that is not a plain number: compared by check_type alone.
    exact: Any = IntField(min_value=Decimal(1), required=False)  # type: ignore[call-overload]
    author: DocumentField[Author, Author | None] = DocumentField(
        Author, db_field="a", required=False
    )
    chapters: ListField[Chapter, list[Chapter] | None] = ListField(
        DocumentField(Chapter), required=False
    )
    scores: DictField[int, dict[str, int] | None] = DictField(
        IntField(min_value=0), required=False
    )
    tags: ListField[str, list[str] | None] = ListField(
        StringField(max_length=3), required=False
    )


Build = Callable[[], dict[str, Any]]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: Book.year >= 2000, {"year": {"$gte": 2000}}),
        (lambda: Book.year == 0, {"year": 0}),
        (lambda: Book.year == None, {"year": None}),  # noqa: E711
        (lambda: Book.year.in_(1, 2), {"year": {"$in": [1, 2]}}),
        (lambda: Book.count < 2**63 - 1, {"count": {"$lt": 2**63 - 1}}),
        (lambda: Book.count > -(2**63), {"count": {"$gt": -(2**63)}}),
        (lambda: Book.price <= 99.5, {"price": {"$lte": 99.5}}),
        (lambda: Book.price != 100.0, {"price": {"$ne": 100.0}}),
        (lambda: Book.exact == 1, {"exact": 1}),
        (lambda: Book.odd == 3, {"odd": 3}),
        (lambda: Book.even == 4, {"even": 4}),
        (lambda: Book.author.name == "Ann", {"a.n": "Ann"}),
        (lambda: Book.author.name == "", {"a.n": ""}),
        (lambda: Book.author.code == "abc", {"a.code": "abc"}),
        (lambda: Book.tags == "abc", {"tags": "abc"}),
        (lambda: Book.scores.alice > 3, {"scores.alice": {"$gt": 3}}),
    ],
)
def test_values_within_the_bounds_give_the_expression(
    build: Build, expected: dict[str, Any]
) -> None:
    assert build() == expected


def test_an_int_given_to_a_bounded_float_field_is_stored_as_a_float() -> None:
    (value,) = (Book.price > 3)["price"].values()
    assert type(value) is float
    assert value == 3.0


def test_nan_is_accepted_by_a_bounded_float_field_as_by_assignment() -> None:
    (value,) = (Book.rating >= math.nan)["rating"].values()
    assert math.isnan(value)
    assert math.isnan(Book(rating=math.nan).rating or 0)


def test_an_int_subclass_is_checked_in_full_and_kept() -> None:
    assert type((Book.year == Level.LOW)["year"]) is Level
    with pytest.raises(BadValueException, match="less than min_value=0"):
        Book.year == Level.BELOW  # noqa: B015


OPERATORS = "a value may not contain keys starting with '\\$'"


@pytest.mark.parametrize(
    ("build", "reason"),
    [
        (lambda: Book.year >= -1, "less than min_value=0"),
        (lambda: Book.year.in_(1, -1), "less than min_value=0"),
        (lambda: Book.year == True, "expected an int"),  # noqa: E712
        (lambda: Book.year == 2.0, "expected an int"),
        (lambda: Book.year == "2000", "expected an int"),
        (lambda: Book.year == {"$ne": None}, OPERATORS),
        (lambda: Book.year == [{"$gt": 0}], OPERATORS),
        (lambda: Book.count == 2**63, "does not fit in 64 bits"),
        (lambda: Book.count == -(2**63) - 1, "does not fit in 64 bits"),
        (lambda: Book.count == False, "expected an int"),  # noqa: E712
        (lambda: Book.price > 100.5, "more than max_value=100"),
        (lambda: Book.price > math.inf, "more than max_value=100"),
        (lambda: Book.price < -0.5, "less than min_value=0"),
        (lambda: Book.price == True, "expected a float"),  # noqa: E712
        (lambda: Book.price == {"$gt": 1.0}, OPERATORS),
        (lambda: Book.exact == 0, "less than min_value=1"),
        (lambda: Book.odd == 2, "rejected by the field's validator"),
        (lambda: Book.even == 3, "expected an even number"),
        (lambda: Book.author.name == "Annabel", "longer than max_length=5"),
        (lambda: Book.author.code == "a", "shorter than min_length=2"),
        (lambda: Book.author.name == 5, "expected a str"),
        (lambda: Book.author.name == {"$regex": "."}, OPERATORS),
        (lambda: Book.tags == "abcd", "longer than max_length=3"),
        (lambda: Book.tags == {"$size": 0}, OPERATORS),
        (lambda: Book.scores.alice > -1, "less than min_value=0"),
    ],
)
def test_other_values_get_the_full_checks_error(build: Build, reason: str) -> None:
    for _ in range(2):  # before and after the field's quick test is chosen
        with pytest.raises(BadValueException, match=reason):
            build()


def test_a_bounded_field_refuses_in_queries_what_it_refuses_on_assignment() -> None:
    with pytest.raises(
        BadValueException, match=r"'Book\.year': -5: less than min_value=0"
    ) as query:
        Book.year == -5  # noqa: B015
    with pytest.raises(BadValueException) as assigned:
        Book(year=-5)
    assert str(query.value) == str(assigned.value)


def test_sub_fields_of_embedded_documents_are_kept_on_their_parent() -> None:
    name = Book.author.name
    assert Book.author.name is name
    assert QueryField.path_of(name) == "a.n"
    assert QueryField.field_of(name) is Author._fields["name"]
    assert (name == "Bo") == {"a.n": "Bo"}
    title = Book.chapters.title
    assert Book.chapters.title is title
    assert (title == "One") == {"chapters.title": "One"}


def test_dict_keys_are_not_kept_any_number_of_them_can_be_queried() -> None:
    assert Book.scores.alice is not Book.scores.alice
    assert (Book.scores.bob == 1) == {"scores.bob": 1}


def test_missing_sub_fields_fail_on_every_access() -> None:
    for _ in range(2):
        with pytest.raises(AttributeError, match="has no sub-field 'nope'"):
            Book.author.nope  # noqa: B018
        with pytest.raises(AttributeError, match="_n"):
            Book.author._n  # noqa: B018


def test_query_methods_give_what_they_always_gave(db: Mongo, app_ctx: None) -> None:
    class Shelf(Document, mongo=db):
        year: IntField = IntField(min_value=0, db_field="y")
        tag: StringField = StringField(db_field="t")

    clause = Shelf.year >= 1
    query = (
        Shelf.query.filter(clause, Shelf.tag == "a")
        .sort((Shelf.year, -1), Shelf.tag, ("year", 1))
        .limit(20)
    )
    assert query.query == {"y": {"$gte": 1}, "t": "a"}
    assert query.find_spec().sort == [("y", -1), ("t", 1), ("y", 1)]
    assert query.find_spec().limit == 20
    query.query["t"] = "b"  # the query's own filter, not the clause given
    assert clause == {"y": {"$gte": 1}}
    merged = Shelf.query.filter(Shelf.year >= 1).filter(Shelf.year <= 5)
    assert merged.query == {"y": {"$gte": 1, "$lte": 5}}
    for value in (-1, True, 2.0, "3"):
        with pytest.raises(BadQueryException, match=r"limit\(\) takes an int >= 0"):
            Shelf.query.limit(value)  # type: ignore[arg-type]
