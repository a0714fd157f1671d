"""MongoKit's JSON form: ``to_json``, ``to_json_type`` and ``from_json``."""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

import pytest
from bson import DBRef, ObjectId

from flask_mongo.structure import AutoReferenceError, CustomType, SchemaTypeError, Set
from flask_mongokit import Document, MongoKit
from tests.support import found


class Celsius(CustomType):
    mongo_type = int
    python_type = str

    def to_bson(self, value: Any) -> Any:
        return int(value.rstrip("C"))

    def to_python(self, value: Any) -> Any:
        return f"{value}C"


class Point:
    def __init__(self, x: int) -> None:
        self.x = x


class PointType(CustomType):
    mongo_type = int
    python_type = Point

    def to_bson(self, value: Any) -> Any:
        return value.x

    def to_python(self, value: Any) -> Any:
        return Point(value)


class Author(Document):
    __collection__ = "authors"
    structure: ClassVar[dict[Any, Any]] = {"name": str, "born": datetime}


class Post(Document):
    __collection__ = "posts"
    use_autorefs = True
    structure: ClassVar[dict[Any, Any]] = {
        "title": str,
        "meta": {"author": Author},
        "reviewers": [Author],
    }


class Card(Document):
    __collection__ = "cards"
    structure: ClassVar[dict[Any, Any]] = {"owner": Author, "pair": (int, datetime)}


class Reading(Document):
    __collection__ = "readings"
    structure: ClassVar[dict[Any, Any]] = {
        "when": datetime,
        "times": [datetime],
        "temp": Celsius(),
        "at": PointType(),
        "tags": Set(str),
        "key": uuid.UUID,
        "by_day": {str: datetime},
        "anything": None,
    }


@pytest.fixture
def classes(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Author, Post, Card, Reading])
    return mk


def test_dates_are_epoch_milliseconds_and_read_back(classes: MongoKit) -> None:
    when = datetime(2010, 1, 1, 0, 0, 0, 250000)
    reading = classes.Reading(
        {
            "when": when,
            "times": [datetime(2000, 1, 1)],
            "by_day": {"mon": datetime(1970, 1, 2)},
            "anything": [datetime(1970, 1, 1, tzinfo=timezone(timedelta(hours=1)))],
        }
    )
    data = reading.to_json_type()
    assert data["when"] == 1262304000250
    assert data["times"] == [946684800000]
    assert data["by_day"] == {"mon": 86400000}
    assert data["anything"] == [-3600000]  # an aware datetime counts in UTC
    assert json.loads(reading.to_json()) == data
    again = classes.Reading.from_json(reading.to_json())
    assert again["when"] == when
    assert again["times"] == [datetime(2000, 1, 1)]
    assert again["by_day"] == {"mon": datetime(1970, 1, 2)}
    assert again["anything"] == [-3600000]  # undeclared: left as a number


def test_extended_json_dates_are_read_too(classes: MongoKit) -> None:
    text = '{"when": {"$date": "2010-01-01T00:00:00Z"}, "_id": {"$oid": "%s"}}'
    oid = ObjectId()
    reading = classes.Reading.from_json(text % oid)
    assert reading["when"] == datetime(2010, 1, 1)  # naive, as PyMongo reads it
    assert reading["_id"] == oid


def test_object_ids_custom_types_and_other_bson_values(classes: MongoKit) -> None:
    key = uuid.UUID("12345678-1234-5678-1234-567812345678")
    reading = classes.Reading({"temp": "3C", "at": Point(7), "tags": {"a"}, "key": key})
    reading.save()
    assert found(classes.readings.find_one())["temp"] == 3
    data = reading.to_json_type()
    assert data["_id"] == {"$oid": str(reading["_id"])}
    assert data["temp"] == "3C"  # the Python form
    assert data["at"] == 7  # no JSON form in Python: the stored one
    assert data["tags"] == ["a"]
    assert data["key"] == {
        "$binary": {"base64": "EjRWeBI0VngSNFZ4EjRWeA==", "subType": "04"}
    }
    again = classes.Reading.from_json(reading.to_json())
    assert again["temp"] == "3C"
    assert again["at"].x == 7
    assert again["tags"] == {"a"}
    assert again["key"] == key
    assert again["_id"] == reading["_id"]


def test_a_document_keeps_its_key_order(classes: MongoKit) -> None:
    author = classes.Author()
    author["_id"] = "ann"
    assert author.to_json() == '{"name": null, "born": null, "_id": "ann"}'


def test_references_are_written_whole_and_loaded_back(classes: MongoKit) -> None:
    author = classes.Author({"name": "Ann", "born": datetime(1990, 5, 1)})
    author.save()
    post = classes.Post({"title": "t"})
    post["meta"]["author"] = author
    post["reviewers"] = [author]
    post.save()
    ann = {"_id": {"$oid": str(author["_id"])}, "name": "Ann", "born": 641520000000}
    assert post.to_json_type()["meta"] == {"author": ann}
    text = post.to_json()
    where = {"_collection": "authors", "_database": classes.name}
    assert json.loads(text)["meta"]["author"] == {**where, **ann}
    assert text.index('"_collection"') < text.index('"_id"')  # reference first
    again = classes.Post.from_json(text)
    loaded = again["meta"]["author"]
    assert isinstance(loaded, Author)
    assert loaded == author
    assert loaded.collection is not None
    assert loaded.collection.name == "authors"
    assert isinstance(again["reviewers"][0], Author)
    again.save()
    stored = found(classes.posts.find_one())
    assert stored["meta"]["author"] == DBRef("authors", author["_id"], classes.name)


def test_a_dbref_in_json_is_loaded(classes: MongoKit) -> None:
    author = classes.Author({"name": "Ann"})
    author["_id"] = "ann"
    author.save()
    text = '{"meta": {"author": {"$ref": "authors", "$id": "ann", "$db": "%s"}}}'
    post = classes.Post.from_json(text % classes.name)
    assert isinstance(post["meta"]["author"], Author)
    unbound = Post.from_json(text % classes.name)  # no database to read from
    assert unbound["meta"]["author"] == DBRef("authors", "ann", classes.name)
    assert Post.from_json(unbound.to_json())["meta"]["author"] == DBRef(
        "authors", "ann", classes.name
    )


def test_a_reference_id_from_json_is_never_an_operator(classes: MongoKit) -> None:
    author = classes.Author({"name": "Ann"})
    author.save()
    where = f'"_collection": "authors", "_database": "{classes.name}"'
    text = '{"meta": {"author": {' + where + ', "_id": {"$ne": null}}}}'
    with pytest.raises(AutoReferenceError, match="is not in"):
        classes.Post.from_json(text)


def test_embedded_documents_and_tuples(classes: MongoKit) -> None:
    card = classes.Card({"owner": Author({"name": "Ann"})})
    card["pair"] = (1, datetime(1970, 1, 1, 0, 0, 1))
    assert card.to_json_type()["pair"] == [1, 1000]
    assert json.loads(card.to_json())["owner"] == {"name": "Ann", "born": None}
    again = classes.Card.from_json(card.to_json())
    assert isinstance(again["owner"], Author)
    assert again["pair"] == [1, datetime(1970, 1, 1, 0, 0, 1)]


def test_json_must_be_an_object(classes: MongoKit) -> None:
    with pytest.raises(TypeError, match="must be an object, not list"):
        classes.Reading.from_json("[]")


def test_unsaved_references_and_bad_ones(classes: MongoKit) -> None:
    post = Post({"meta": {"author": Author({"name": "Ann"})}})
    assert json.loads(post.to_json())["meta"] == {
        "author": {"name": "Ann", "born": None}  # no _id nor collection yet
    }
    bad = classes.Post.from_json(
        '{"title": null, "reviewers": [], "meta": {"author": "ann"}}'
    )
    assert bad["meta"]["author"] == "ann"  # left for validation to refuse
    with pytest.raises(
        SchemaTypeError, match=r"meta\.author must be an instance of Author"
    ):
        bad.validate()


def test_json_references_only_reach_the_class_own_documents(
    classes: MongoKit,
) -> None:
    secret = classes.client["other_" + classes.name]["users"]
    secret.insert_one({"_id": "root", "name": "the password hash"})
    classes["users"].insert_one({"_id": "root", "name": "another hash"})
    try:
        for where in (
            f'"_collection": "users", "_database": "other_{classes.name}"',
            f'"_collection": "users", "_database": "{classes.name}"',
        ):
            text = '{"meta": {"author": {' + where + ', "_id": "root"}}}'
            with pytest.raises(AutoReferenceError, match="the JSON references"):
                classes.Post.from_json(text)
    finally:
        classes.client.drop_database("other_" + classes.name)
