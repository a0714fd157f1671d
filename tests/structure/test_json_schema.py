"""``Document.json_schema()`` of structure documents: MongoKit's validation
as a ``$jsonSchema`` the server enforces, installed with
``create_collection(validator=...)``."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any

import pytest
from bson import Code, Decimal128, Int64, MaxKey, MinKey, ObjectId, Timestamp
from pymongo.collection import Collection
from pymongo.errors import OperationFailure

from flask_mongo.structure import IS, NOT, OR, CustomType, Set
from flask_mongokit import Document, MongoKit

FAILED = r"[Dd]ocument failed validation"
DOCUMENT_VALIDATION_FAILURE = 121


class Task(Document):
    __collection__ = "schema_tasks"
    structure = {
        "title": str,
        "done": bool,
        "points": int,
        "due": datetime,
        "state": IS("todo", "doing", "done"),
        "ref": OR(str, int),
        "tags": [str],
        "owner": {"name": str, "email": str},
        "comments": [{"author": str, "text": str}],
        "scores": {str: float},
        "anything": None,
    }
    required_fields = ["title", "owner.name", "comments.author", "tags"]
    i18n = ["owner.email"]


def good_task() -> dict[str, Any]:
    return {
        "title": "Write",
        "done": False,
        "points": None,
        "due": datetime(2026, 1, 1),
        "state": "todo",
        "ref": 3,
        "tags": ["a"],
        "owner": {"name": "Ann", "email": [{"lang": "en", "value": "a@b.org"}]},
        "comments": [{"author": "Bob", "text": None}],
        "scores": {"x": 1.5},
        "anything": [1, "two"],
    }


@pytest.fixture
def tasks(mk: MongoKit, ctx: None) -> Collection[dict[str, Any]]:
    mk.register([Task])
    return mk.database.create_collection(
        "schema_tasks", validator={"$jsonSchema": Task.json_schema()}
    )


def test_the_schema_follows_the_structure() -> None:
    schema = Task.json_schema()
    assert schema["required"] == list(Task.structure)
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert properties["_id"] == {}
    assert properties["title"] == {"bsonType": "string"}  # required: not None
    assert properties["done"] == {"bsonType": ["bool", "null"]}
    assert properties["points"] == {"bsonType": ["int", "long", "null"]}
    assert properties["due"] == {"bsonType": ["date", "null"]}
    assert properties["state"] == {"enum": ["todo", "doing", "done", None]}
    assert properties["ref"] == {"bsonType": ["string", "int", "long", "null"]}
    assert properties["tags"] == {
        "bsonType": "array",
        "items": {"bsonType": ["string", "null"]},
        "minItems": 1,  # required: not empty
    }
    assert properties["owner"] == {
        "bsonType": "object",
        "required": ["name", "email"],
        "properties": {
            "name": {"bsonType": "string"},
            "email": {  # translated: stored as a list of {lang, value}
                "bsonType": ["array", "null"],
                "items": {
                    "bsonType": "object",
                    "required": ["lang", "value"],
                    "properties": {
                        "lang": {"bsonType": "string"},
                        "value": {"bsonType": ["string", "null"]},
                    },
                    "additionalProperties": False,
                },
            },
        },
        "additionalProperties": False,
    }
    assert properties["comments"]["items"]["properties"]["author"] == {
        "bsonType": "string"
    }
    assert properties["scores"] == {
        "bsonType": "object",
        "patternProperties": {"": {"bsonType": ["double", "null"]}},
    }
    assert properties["anything"] == {}


def test_a_document_the_model_saves_is_accepted(
    mk: MongoKit, tasks: Collection[dict[str, Any]]
) -> None:
    doc = good_task()
    doc["owner"]["email"] = {"en": "a@b.org"}  # the Python form of a translation
    task = mk.Task(doc)
    task.save()
    assert tasks.count_documents({"_id": task["_id"]}) == 1
    # None where MongoKit allows it.
    tasks.insert_one(
        {**good_task(), "done": None, "state": None, "ref": None, "due": None}
    )


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"points": "3"}, "wrong type"),
        ({"done": 1}, "an int for a bool"),
        ({"title": None}, "a required field None"),
        ({"tags": []}, "a required list empty"),
        ({"tags": [3]}, "a list item of the wrong type"),
        ({"state": "lost"}, "not one of IS's values"),
        ({"ref": 1.5}, "none of OR's types"),
        ({"owner": None}, "a nested dict None"),
        ({"owner": {"name": "Ann"}}, "a nested key missing"),
        ({"owner": {"name": None, "email": None}}, "a required dotted path None"),
        ({"owner": {"name": "A", "email": None, "x": 1}}, "an undeclared nested key"),
        ({"comments": [{"author": None, "text": "t"}]}, "required through a list"),
        ({"owner": {"name": "A", "email": [{"lang": "en"}]}}, "a translation"),
        ({"unknown": 1}, "a key outside the structure"),
    ],
)
def test_a_raw_write_the_model_refuses_is_refused_by_the_server(
    tasks: Collection[dict[str, Any]], change: dict[str, Any], why: str
) -> None:
    with pytest.raises(OperationFailure, match=FAILED) as error:
        tasks.insert_one({**good_task(), **change})
    assert error.value.code == DOCUMENT_VALIDATION_FAILURE, why


@pytest.mark.parametrize("missing", list(Task.structure))
def test_a_missing_structure_key_is_refused(
    tasks: Collection[dict[str, Any]], missing: str
) -> None:
    doc = good_task()
    del doc[missing]
    with pytest.raises(OperationFailure, match=FAILED):
        tasks.insert_one(doc)


class Loose(Document):
    use_schemaless = True
    structure = {"title": str, "nested": {"a": int}}
    required_fields = ["nested.a"]


def test_schemaless_allows_other_and_missing_keys() -> None:
    assert Loose.json_schema() == {
        "bsonType": "object",
        "required": ["nested"],
        "properties": {
            "title": {"bsonType": ["string", "null"]},
            "nested": {
                "bsonType": "object",
                "required": ["a"],
                "properties": {"a": {"bsonType": ["int", "long"]}},
            },
            "_id": {},
        },
    }


class Upper(CustomType):
    mongo_type = str
    python_type = str

    def to_bson(self, value: Any) -> str:
        return str(value).upper()

    def to_python(self, value: Any) -> str:
        return str(value)


class Odd(Document):
    structure = {
        "pair": (str, int),
        "single": (bool,),
        "loose": (None, int),
        "any_list": [],
        "labels": Set(str),
        "any_set": Set(),
        "upper": Upper(),
        "not_text": NOT(str, datetime),
        "nested_or": OR(IS(1, 2), str),
        "or_object": OR(str, object),
        "obj": object,
        "kinds": [
            OR(
                bytes,
                uuid.UUID,
                ObjectId,
                Decimal128,
                Int64,
                Timestamp,
                re.Pattern,
                Code,
                MinKey,
                MaxKey,
                type(None),
            )
        ],
        "anything": None,
        "any_dict": dict,
        "mood": IS("calm", "busy"),
        "by_name": {str: {"x": int}},
    }
    authorized_types = [*Document.authorized_types, object]
    required_fields = [
        "anything",
        "any_dict",
        "nested_or",
        "labels",
        "mood",
        "by_name.$str.x",
    ]


def test_tuples_sets_custom_types_and_operators() -> None:
    properties = Odd.json_schema()["properties"]
    assert properties["pair"] == {
        "bsonType": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {
            "anyOf": [
                {"bsonType": ["string", "null"]},
                {"bsonType": ["int", "long", "null"]},
            ]
        },
    }
    assert properties["single"]["items"] == {"bsonType": ["bool", "null"]}
    assert "items" not in properties["loose"]
    assert properties["any_list"] == {"bsonType": "array"}
    assert properties["labels"] == {
        "bsonType": "array",
        "items": {"bsonType": "string"},
        "minItems": 1,
    }
    assert properties["any_set"] == {"bsonType": ["array", "null"]}
    assert properties["upper"] == {"bsonType": ["string", "null"]}
    assert properties["not_text"] == {
        "anyOf": [
            {"not": {"anyOf": [{"bsonType": "string"}, {"bsonType": "date"}]}},
            {"bsonType": "null"},
        ]
    }
    assert properties["nested_or"] == {
        "anyOf": [{"enum": [1, 2, None]}, {"bsonType": "string"}]
    }
    assert properties["or_object"] == {}
    assert properties["obj"] == {}
    assert properties["kinds"]["items"] == {
        "bsonType": [
            "binData",
            "objectId",
            "decimal",
            "long",
            "timestamp",
            "regex",
            "javascript",
            "minKey",
            "maxKey",
            "null",
        ]
    }
    assert properties["anything"] == {"not": {"bsonType": "null"}}
    assert properties["any_dict"] == {"bsonType": "object", "minProperties": 1}
    assert properties["mood"] == {"enum": ["calm", "busy"]}
    # Under {str: ...}, a required path is not described.
    by_name = properties["by_name"]["patternProperties"][""]
    assert by_name["properties"]["x"] == {"bsonType": ["int", "long", "null"]}


def test_operators_are_enforced(mk: MongoKit, ctx: None) -> None:
    class Ops(Document):
        __collection__ = "schema_ops"
        structure = {
            "not_text": NOT(str, datetime),
            "pair": (str, int),
            "upper": Upper(),
        }

    mk.register([Ops])
    collection = mk.database.create_collection(
        "schema_ops", validator={"$jsonSchema": Ops.json_schema()}
    )
    mk.Ops({"not_text": 3, "pair": ["a", 1], "upper": "x"}).save()
    assert collection.find_one({}, {"_id": 0}) == {
        "not_text": 3,
        "pair": ["a", 1],
        "upper": "X",
    }
    for bad in ({"not_text": "text"}, {"pair": ["a"]}, {"upper": 3}):
        with pytest.raises(OperationFailure, match=FAILED):
            collection.insert_one({"not_text": None, "pair": ["a", 1], **bad})
