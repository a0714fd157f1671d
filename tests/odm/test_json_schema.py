"""``Document.json_schema()``: the typed mapper's rules as a ``$jsonSchema``
the server enforces, installed with ``create_collection(validator=...)``."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest
from bson import ObjectId
from pymongo.collection import Collection
from pymongo.errors import OperationFailure

from flask_mongo import Document, Mongo
from flask_mongo.odm import (
    AnythingField,
    BinaryField,
    BoolField,
    DateTimeField,
    DictField,
    DocumentField,
    EnumField,
    FloatField,
    GeoField,
    IntField,
    KVField,
    ListField,
    ObjectIdField,
    RefField,
    RegExStringField,
    SetField,
    SRefField,
    StringField,
    TupleField,
    computed_field,
)
from flask_mongo.odm.json_schema import (
    collection_schema,
    field_schema,
    whole_match_pattern,
)

DOCUMENT_VALIDATION_FAILURE = 121
FAILED = r"[Dd]ocument failed validation"


class SchemaAuthor(Document):
    config_extra_fields = "error"
    name: StringField = StringField(min_length=1)
    born: IntField[int | None] = IntField(required=False)


class SchemaBook(Document):
    config_collection_name = "schema_books"
    title: StringField = StringField(max_length=20, db_field="t")
    year: IntField = IntField(min_value=1450, max_value=2100)
    price: FloatField[float | None] = FloatField(min_value=0, allow_none=True)
    isbn: RegExStringField[str | None] = RegExStringField(
        r"\d{3}-\d{10}", required=False
    )
    status: EnumField[str] = EnumField(StringField(), "draft", "published")
    author: DocumentField[SchemaAuthor] = DocumentField(SchemaAuthor)
    tags: ListField[str] = ListField(StringField(), max_capacity=3, default_empty=True)
    scores: DictField[int] = DictField(IntField())
    extra: AnythingField = AnythingField(required=False)


@pytest.fixture
def books(db: Mongo, app_ctx: None) -> Collection[dict[str, Any]]:
    collection = db.database.create_collection(
        "schema_books", validator={"$jsonSchema": SchemaBook.json_schema()}
    )
    return collection


def good_book() -> dict[str, Any]:
    return {
        "t": "Dune",
        "year": 1965,
        "price": 9.5,
        "status": "published",
        "author": {"name": "Frank Herbert"},
        "tags": ["sf"],
        "scores": {"alice": 5},
    }


def test_the_schema_names_stored_keys_types_bounds_and_required() -> None:
    schema = SchemaBook.json_schema()
    assert schema["bsonType"] == "object"
    assert schema["required"] == [
        "t",
        "year",
        "price",
        "status",
        "author",
        "tags",
        "scores",
    ]
    assert "additionalProperties" not in schema  # config_extra_fields="ignore"
    properties = schema["properties"]
    assert properties["_id"] == {"bsonType": "objectId"}
    assert properties["t"] == {"bsonType": "string", "maxLength": 20}
    assert properties["year"] == {
        "bsonType": ["int", "long"],
        "minimum": 1450,
        "maximum": 2100,
    }
    assert properties["price"] == {"bsonType": ["double", "null"], "minimum": 0}
    assert properties["isbn"] == {
        "bsonType": "string",
        "pattern": r"\A(?:\d{3}-\d{10})$(?!\n)",
    }
    assert properties["status"] == {
        "bsonType": "string",
        "enum": ["draft", "published"],
    }
    assert properties["author"] == {
        "bsonType": "object",
        "required": ["name"],
        "properties": {
            "_id": {"bsonType": "objectId"},
            "name": {"bsonType": "string", "minLength": 1},
            "born": {"bsonType": ["int", "long"]},
        },
        "additionalProperties": False,
    }
    assert properties["tags"] == {
        "bsonType": "array",
        "maxItems": 3,
        "items": {"bsonType": "string"},
    }
    assert properties["scores"] == {
        "bsonType": "object",
        "patternProperties": {"": {"bsonType": ["int", "long"]}},
    }
    assert properties["extra"] == {}


def test_a_document_the_model_writes_is_accepted(
    books: Collection[dict[str, Any]],
) -> None:
    book = SchemaBook(
        title="Dune",
        year=1965,
        price=None,
        status="draft",
        author=SchemaAuthor(name="Frank Herbert"),
        scores={"alice": 5},
        isbn="123-4567890123",
    )
    book.save()
    assert books.count_documents({"_id": book.mongo_id}) == 1
    books.insert_one(good_book())


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"year": "1965"}, "wrong type"),
        ({"t": None}, "None where allow_none is off"),
        ({"year": 1200}, "below min_value"),
        ({"year": 3000}, "above max_value"),
        ({"t": "x" * 21}, "longer than max_length"),
        ({"status": "lost"}, "not one of the enum's values"),
        ({"isbn": "12-3"}, "not matching the regex"),
        ({"isbn": "x123-4567890123"}, "the regex matches the whole value"),
        ({"isbn": "123-4567890123\n"}, "not even before a final newline"),
        ({"author": {"name": ""}}, "an embedded field too short"),
        ({"author": {"name": "F", "age": 3}}, "an embedded undeclared key"),
        ({"tags": ["a", "b", "c", "d"]}, "more items than max_capacity"),
        ({"tags": [1]}, "an item of the wrong type"),
        ({"price": -1.0}, "below min_value of a float"),
        ({"price": 1}, "an int where a float is stored"),
    ],
)
def test_a_raw_write_the_model_refuses_is_refused_by_the_server(
    books: Collection[dict[str, Any]], change: dict[str, Any], why: str
) -> None:
    with pytest.raises(OperationFailure, match=FAILED) as e:
        books.insert_one({**good_book(), **change})
    assert e.value.code == DOCUMENT_VALIDATION_FAILURE, why


@pytest.mark.parametrize("missing", ["t", "year", "status", "author", "tags", "scores"])
def test_a_missing_required_field_is_refused(
    books: Collection[dict[str, Any]], missing: str
) -> None:
    doc = good_book()
    del doc[missing]
    with pytest.raises(OperationFailure, match=FAILED) as e:
        books.insert_one(doc)
    assert e.value.code == DOCUMENT_VALIDATION_FAILURE


def test_an_update_is_held_to_the_schema(books: Collection[dict[str, Any]]) -> None:
    books.insert_one(good_book())
    with pytest.raises(OperationFailure, match=FAILED):
        books.update_one({}, {"$set": {"year": 99}})


class SchemaShelf(Document):
    config_extra_fields = "error"
    point: GeoField = GeoField()
    pair: TupleField = TupleField(StringField(), IntField())
    single: TupleField = TupleField(BoolField())
    loose: TupleField = TupleField(AnythingField(), IntField())
    labels: SetField[str] = SetField(StringField(), min_capacity=1)
    anything: ListField[Any] = ListField(AnythingField())
    kv: KVField[int, str | None] = KVField(IntField(), StringField(allow_none=True))
    ref: RefField[SchemaAuthor] = RefField(SchemaAuthor)
    sref: SRefField[SchemaAuthor, ObjectId | None] = SRefField(
        SchemaAuthor, allow_none=True
    )
    oid: ObjectIdField[ObjectId | None] = ObjectIdField(required=False)
    blob: BinaryField = BinaryField()
    when: DateTimeField = DateTimeField(min_date=datetime(2000, 1, 1))
    mood: EnumField[int, int | None] = EnumField(IntField(), 1, 2, allow_none=True)
    parent: DocumentField[Any, Any] = DocumentField("SchemaShelf", required=False)

    @computed_field(IntField(), deps=["pair"])
    def size(deps: dict[str, Any]) -> int:
        return len(deps["pair"])


def test_containers_references_and_special_fields() -> None:
    schema = SchemaShelf.json_schema()
    assert schema["additionalProperties"] is False
    properties = schema["properties"]
    assert properties["point"] == {
        "bsonType": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"bsonType": "double"},
    }
    assert properties["pair"] == {
        "bsonType": "array",
        "minItems": 2,
        "maxItems": 2,
        "items": {"anyOf": [{"bsonType": "string"}, {"bsonType": ["int", "long"]}]},
    }
    assert properties["single"]["items"] == {"bsonType": "bool"}
    assert "items" not in properties["loose"]
    assert properties["labels"] == {
        "bsonType": "array",
        "minItems": 1,
        "items": {"bsonType": "string"},
    }
    assert properties["anything"] == {"bsonType": "array"}
    assert properties["kv"]["items"] == {
        "bsonType": "object",
        "required": ["k", "v"],
        "properties": {
            "k": {"bsonType": ["int", "long"]},
            "v": {"bsonType": ["string", "null"]},
        },
        "additionalProperties": False,
    }
    assert properties["ref"] == {"bsonType": "object"}
    assert properties["sref"] == {"bsonType": ["objectId", "null"]}
    assert properties["oid"] == {"bsonType": "objectId"}
    assert properties["blob"] == {"bsonType": "binData"}
    assert properties["when"] == {"bsonType": "date"}  # date bounds do not map
    assert properties["mood"] == {
        "bsonType": ["int", "long", "null"],
        "enum": [1, 2, None],
    }
    assert properties["size"] == {"bsonType": ["int", "long"]}
    # A class embedded in itself: any object.
    assert properties["parent"] == {"bsonType": "object"}


def test_a_shelf_the_model_writes_is_accepted(db: Mongo, app_ctx: None) -> None:
    db.database.create_collection(
        "SchemaShelf", validator={"$jsonSchema": SchemaShelf.json_schema()}
    )
    author = SchemaAuthor(name="Ann")
    author.save()
    SchemaShelf(
        point=(1.0, 2),
        pair=("a", 1),
        single=(True,),
        loose=({"x": 1}, 2),
        labels={"b", "a"},
        anything=[1, "x"],
        kv={1: "one", 2: None},
        ref=author.to_ref(),
        sref=author.mongo_id,
        oid=ObjectId(),
        blob=b"\x00",
        when=datetime(2020, 1, 1),
        mood=None,
        parent=SchemaShelf(
            point=(0, 0),
            pair=("b", 2),
            single=(False,),
            loose=("x", 1),
            labels={"c"},
            anything=[],
            kv={},
            ref=author.to_ref(),
            sref=None,
            blob=b"",
            when=datetime(2021, 1, 1),
            mood=1,
        ),
    ).save()
    shelves = db.database["SchemaShelf"]
    assert shelves.count_documents({}) == 1
    with pytest.raises(OperationFailure, match=FAILED):
        shelves.insert_one({**shelves.find_one({}, {"_id": 0}), "mood": 3})  # type: ignore[dict-item]


class SchemaAnimal(Document):
    config_collection_name = "schema_animals"
    config_polymorphic = "kind"
    config_polymorphic_collection = True
    config_extra_fields = "error"
    name: StringField = StringField()


class SchemaDog(SchemaAnimal):
    config_polymorphic_identity = "dog"
    barks: BoolField = BoolField()


def test_polymorphic_classes_share_a_collection_schema(
    db: Mongo, app_ctx: None
) -> None:
    assert SchemaDog.json_schema()["properties"]["kind"] == {"enum": ["dog"]}
    assert "kind" in SchemaDog.json_schema()["required"]
    assert SchemaAnimal.json_schema()["properties"]["kind"] == {}
    schema = collection_schema([SchemaAnimal, SchemaDog])
    assert schema["anyOf"] == [SchemaAnimal.json_schema(), SchemaDog.json_schema()]
    assert collection_schema([SchemaDog]) == SchemaDog.json_schema()
    db.database.create_collection("schema_animals", validator={"$jsonSchema": schema})
    SchemaAnimal(name="Felix").save()
    SchemaDog(name="Rex", barks=True).save()
    with pytest.raises(OperationFailure, match=FAILED):
        db.database["schema_animals"].insert_one({"name": "Rex", "barks": "yes"})


@pytest.mark.parametrize(
    ("regex", "value", "matches"),
    [
        (re.compile("ab+"), "abb", True),
        (re.compile("ab+"), "xabb", False),
        (re.compile("ab+"), "abb\n", False),
        (re.compile("ab+", re.IGNORECASE), "ABB", True),
        (re.compile("a.b", re.DOTALL), "a\nb", True),
        (re.compile("a$", re.MULTILINE), "a\nb", False),
        (re.compile("a$", re.MULTILINE), "a", True),
    ],
)
def test_the_pattern_matches_where_the_field_does(
    regex: re.Pattern[str], value: str, matches: bool
) -> None:
    pattern = whole_match_pattern(regex)
    # The server searches (as Python's re.search does here).
    assert (re.search(pattern, value) is not None) is matches
    assert (regex.fullmatch(value) is not None) is matches
    field = RegExStringField(regex)
    assert field_schema(field) == {"bsonType": "string", "pattern": pattern}
