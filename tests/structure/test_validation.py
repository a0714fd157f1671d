"""Validation before writes: keys, required fields, validators, error modes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from flask_mongokit import (
    BadKeyError,
    Document,
    MongoKit,
    RequireFieldError,
    SchemaDocumentError,
    SchemaTypeError,
    StructureError,
    ValidationError,
)
from tests.support import found


def max_length(limit: int) -> Any:
    def check(value: str) -> bool:
        return len(value) <= limit

    check.__name__ = f"max_length({limit})"
    return check


def email(value: str) -> None:
    if "@" not in value:
        raise ValidationError("%s is not a valid email")


class Post(Document):
    __collection__ = "posts"
    structure = {
        "title": str,
        "author": {"name": str, "email": str},
        "tags": [str],
        "comments": [{"author": str, "text": str}],
        "scores": {str: int},
    }
    required_fields = ["title", "author.name", "tags", "comments.author"]
    validators = {
        "title": max_length(10),
        "author.email": [email, max_length(20)],
        "comments.text": lambda text: text.strip() != "",
        "scores.$str": lambda score: score >= 0,
    }


def good(**changes: Any) -> Post:
    doc = Post(
        {
            "title": "Hello",
            "author": {"name": "Ann", "email": "ann@example.org"},
            "tags": ["x"],
            "comments": [{"author": "Bob", "text": "Hi"}],
            "scores": {"a": 1},
        }
    )
    doc.update(changes)
    return doc


def test_a_good_document_validates() -> None:
    doc = good()
    doc.validate()
    assert doc["title"] == "Hello"  # validating changes no value

    class Collecting(Post):
        raise_validation_errors = False

    collecting = Collecting(dict(good()))
    collecting.validate()
    assert collecting.validation_errors == {}


@pytest.mark.parametrize(
    ("changes", "error", "message", "path"),
    [
        ({"title": None}, RequireFieldError, "title is required", "title"),
        (
            {"author": {"name": None, "email": None}},
            RequireFieldError,
            "author.name is required",
            "author.name",
        ),
        ({"tags": []}, RequireFieldError, "tags is required", "tags"),
        (
            {"comments": [{"author": "A", "text": "1"}, {"author": None, "text": "2"}]},
            RequireFieldError,
            "comments.1.author is required",
            "comments.1.author",
        ),
        (
            {"title": "Much too long"},
            ValidationError,
            "title does not pass the validator max_length(10)",
            "title",
        ),
        (
            {"author": {"name": "Ann", "email": "nobody"}},
            ValidationError,
            "author.email is not a valid email",
            "author.email",
        ),
        (
            {"author": {"name": "Ann", "email": "a-very-long-address@example.org"}},
            ValidationError,
            "author.email does not pass the validator max_length(20)",
            "author.email",
        ),
        (
            {"comments": [{"author": "A", "text": " "}]},
            ValidationError,
            "comments.0.text does not pass the validator <lambda>",
            "comments.0.text",
        ),
        (
            {"scores": {"a": 1, "b": -1}},
            ValidationError,
            "scores.b does not pass",
            "scores.b",
        ),
        ({"extra": 1}, StructureError, "unknown fields ['extra'] in Post", None),
        (
            {"author": {"name": "Ann", "email": "a@b", "age": 3}},
            StructureError,
            "unknown fields ['age'] in author (Post)",
            "author",
        ),
        (
            {"$set": {"title": "x"}},
            BadKeyError,
            "$set: a key must not start with '$'",
            "$set",
        ),
        ({"a.b": 1}, BadKeyError, "a.b: a key must not contain '.'", "a.b"),
        (
            {"scores": {"a.b": 1}},
            BadKeyError,
            "scores.a.b: a key must not contain '.'",
            "scores.a.b",
        ),
        (
            {"scores": {"$gt": 1}},
            BadKeyError,
            "scores.$gt: a key must not start",
            "scores.$gt",
        ),
    ],
)
def test_errors_name_the_dotted_path(
    changes: dict[str, Any],
    error: type[SchemaDocumentError],
    message: str,
    path: str | None,
) -> None:
    with pytest.raises(error) as info:
        good(**changes).validate()
    assert message in str(info.value)
    assert info.value.path == path


class Ratings(Document):
    structure = {"scores": {str: int}, "by": {"name": str}}
    required_fields = ["scores.$str", "by.name"]


@pytest.mark.parametrize(
    ("doc", "missing"),
    [
        ({"scores": {"a": 1, "b": None}, "by": {"name": "x"}}, "scores.b"),
        ({"scores": {"a": 1}, "by": {"name": None}}, "by.name"),
    ],
)
def test_required_paths_through_every_key_and_nested_dicts(
    doc: dict[str, Any], missing: str
) -> None:
    with pytest.raises(RequireFieldError, match=f"^{re.escape(missing)} is required"):
        Ratings(doc).validate()
    Ratings({"scores": {"a": 1}, "by": {"name": "x"}}).validate()


def test_missing_structure_fields() -> None:
    doc = good()
    del doc["scores"]
    with pytest.raises(StructureError, match=r"missing fields \['scores'\] in Post"):
        doc.validate()


def test_a_validator_returning_none_passes_and_one_raising_anything_fails() -> None:
    class Doc(Document):
        structure = {"n": int}
        validators = {"n": lambda n: None if n < 10 else 1 / 0}

    Doc({"n": 1}).validate()
    with pytest.raises(ValidationError, match="n: division by zero"):
        Doc({"n": 10}).validate()


def test_validators_skip_missing_values() -> None:
    class Collecting(Post):
        raise_validation_errors = False

    # No email: the email and max_length validators are not run on None.
    doc = Collecting(dict(good(author={"name": "Ann", "email": None})))
    doc.validate()
    assert doc.validation_errors == {}
    # A present value is checked by the same validators.
    doc["author"]["email"] = "not an email"
    doc.validate()
    assert set(doc.validation_errors) == {"author.email"}


def test_dollar_and_dot_keys_are_refused_in_schemaless_and_untyped_values() -> None:
    class Loose(Document):
        use_schemaless = True
        structure = {"meta": None, "data": dict}

    Loose({"meta": {"a": 1}, "extra": {"b": [{"c": 1}]}}).validate()
    for bad in (
        {"meta": {"$where": "1"}},
        {"data": {"x": {"y.z": 1}}},
        {"extra": [{"$x": 1}]},
        {"$extra": 1},
    ):
        with pytest.raises(
            BadKeyError, match=r"a key must not (start with '\$'|contain '\.')"
        ):
            Loose(bad).validate()


def test_schemaless() -> None:
    class Profile(Document):
        __collection__ = "profiles"
        use_schemaless = True
        structure = {"title": str, "age": int}
        required_fields = ["title"]

    Profile({"title": "x", "anything": [1, {"a": 2}]}, gen_skel=False).validate()
    Profile({"title": "x"}, gen_skel=False).validate()  # age may be missing
    with pytest.raises(RequireFieldError, match="title is required"):
        Profile({"age": 21}, gen_skel=False).validate()
    with pytest.raises(SchemaTypeError, match="age must be an instance of int"):
        Profile({"title": "x", "age": "21"}).validate()


def test_collected_errors_and_nothing_written(mk: MongoKit, ctx: None) -> None:
    class Quiet(Post):
        raise_validation_errors = False

    mk.register([Quiet])
    doc = mk.Quiet({"title": "Much too long", "extra": 1, "tags": ["a", 3]})
    doc.validate()  # does not raise
    errors = doc.validation_errors
    # An empty list has no item to require comments.author in.
    assert set(errors) == {None, "title", "tags.1", "author.name"}
    assert isinstance(errors[None][0], StructureError)
    assert isinstance(errors["tags.1"][0], SchemaTypeError)
    assert isinstance(errors["author.name"][0], RequireFieldError)
    assert isinstance(errors["title"][0], ValidationError)
    with pytest.raises(
        ValidationError, match="Quiet was not saved: 4 validation error"
    ):
        doc.save()
    assert "_id" not in doc
    assert mk["posts"].count_documents({}) == 0


def test_invalid_documents_are_never_written(mk: MongoKit, ctx: None) -> None:
    mk.register([Post])
    stored = good()
    stored.collection = mk["posts"]
    stored.save()
    stored["title"] = 42
    with pytest.raises(SchemaTypeError, match="title must be an instance of str"):
        stored.save()
    assert mk.Post.get_from_id(stored["_id"])["title"] == "Hello"

    new = mk.Post({"title": "New"})
    with pytest.raises(RequireFieldError, match=r"author\.name is required"):
        new.save()
    assert "_id" not in new
    assert mk["posts"].count_documents({}) == 1


def test_skip_validation(mk: MongoKit, ctx: None) -> None:
    class Fast(Document):
        __collection__ = "fast"
        skip_validation = True
        structure = {"n": int}

    mk.register([Fast, Post])
    doc = mk.Fast({"n": "not a number"})
    doc.save()  # not checked
    with pytest.raises(SchemaTypeError, match="n must be an instance of int not str"):
        doc.save(validate=True)
    valid = mk.Post(good())
    valid["title"] = 3
    valid.save(validate=False)
    assert found(mk["posts"].find_one())["title"] == 3


def test_overriding_validate() -> None:
    class Range(Document):
        structure = {"low": int, "high": int}

        def validate(self, *args: Any, **kwargs: Any) -> None:
            if self["low"] > self["high"]:
                raise ValidationError("low must not exceed high", "low")
            super().validate(*args, **kwargs)

    Range({"low": 1, "high": 2}).validate()
    with pytest.raises(ValidationError, match="low must not exceed high"):
        Range({"low": 3, "high": 2}).validate()


def test_loading_does_not_validate(mk: MongoKit, ctx: None) -> None:
    mk.register([Post])
    mk["posts"].insert_one({"title": 3, "unknown": True})
    doc = mk.Post.find_one()
    assert doc == {"_id": doc["_id"], "title": 3, "unknown": True}
    with pytest.raises(
        SchemaDocumentError, match=r"unknown fields \['unknown'\] in Post"
    ):
        doc.validate()
