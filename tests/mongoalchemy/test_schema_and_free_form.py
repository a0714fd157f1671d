# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""``Doc.schema_json()``, free-form queries (``session.query('name')``) and
2d index bounds of the MongoAlchemy front-end."""

from __future__ import annotations

from typing import Any

from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.document import Index
from flask_mongoalchemy.fields import (
    AnythingField,
    CreatedField,
    DateTimeField,
    DictField,
    DocumentField,
    EnumField,
    GeoField,
    IntField,
    KVField,
    ListField,
    ModifiedField,
    RefField,
    SRefField,
    StringField,
    TupleField,
    computed_field,
)
from flask_mongoalchemy.query_expression import Q


class Described(Document):
    config_namespace = "schema-tests"
    number = IntField(min_value=1, db_field="n")
    text = StringField(default="x")
    when = DateTimeField(use_tz=True)
    pair = TupleField(AnythingField(), IntField())
    point = GeoField()
    choice = EnumField(StringField(), "a", "b")
    made = CreatedField()
    changed = ModifiedField()
    mapping = DictField(IntField())
    pairs = KVField(StringField(), IntField())
    items = ListField(IntField(), default_f=list)

    @computed_field(IntField(), deps=[number])
    def twice(obj: dict[str, int]) -> int:
        return obj["number"] * 2


class Pointing(Document):
    config_namespace = "schema-tests"
    inner = DocumentField(Described)
    ref = RefField(Described, db="other")
    sref = SRefField(Described)
    loose = RefField()


def test_schema_json_describes_the_class_and_its_fields() -> None:
    schema = Described.schema_json()
    assert schema["config_namespace"] == "schema-tests"
    assert schema["config_extra_fields"] == "error"
    assert schema["config_polymorphic"] is None
    fields = schema["fields"]
    assert fields["mongo_id"]["type"] == "ObjectIdField"
    assert fields["mongo_id"]["db_field"] == "_id"
    number = fields["number"]
    assert (number["type"], number["db_field"], number["min_value"]) == (
        "IntField",
        "n",
        1,
    )
    assert number["default_unset"] is True
    assert fields["text"]["default"] == "x"
    assert fields["items"]["default_f"] == repr(list)
    assert fields["when"]["use_tz"] is True
    assert [t["type"] for t in fields["pair"]["types"]] == ["AnythingField", "IntField"]
    assert [t["type"] for t in fields["point"]["types"]] == ["FloatField", "FloatField"]
    assert fields["choice"]["values"] == ["a", "b"]
    assert fields["choice"]["item_type"]["type"] == "StringField"
    made = fields["made"]
    assert (made["type"], made["one_time"]) == ("ComputedField", True)
    assert made["computed_type"]["type"] == "DateTimeField"
    assert fields["changed"]["type"] == "ModifiedField"
    assert fields["mapping"]["value_type"]["type"] == "IntField"
    assert fields["pairs"]["key_type"]["type"] == "StringField"
    assert fields["items"]["item_type"]["type"] == "IntField"
    assert fields["twice"]["deps"] == ["number"]
    assert fields["twice"]["computed_type"]["type"] == "IntField"


def test_schema_json_of_embedded_and_referenced_classes() -> None:
    fields = Pointing.schema_json()["fields"]
    assert fields["inner"]["subtype"] == "schema-tests:Described"
    assert fields["ref"]["subtype"]["subtype"] == "schema-tests:Described"
    assert fields["ref"]["db"] == "other"
    assert fields["sref"]["subtype"]["subtype"] == "schema-tests:Described"
    assert fields["loose"]["subtype"] is None


def test_free_form_query_by_collection_name(db: MongoAlchemy) -> None:
    session = db.session
    assert session is not None
    db.database["loose_things"].insert_many(
        [{"name": {"first": "jeff"}, "i": 4}, {"i": 5}]
    )
    query: Any = session.query("loose_things")
    assert query.filter(Q.name.first == "jeff").query == {"name.first": "jeff"}
    assert session.query("loose_things").count() == 2
    found: Any = session.query("loose_things").filter(Q.i == 4).one()
    assert isinstance(found, dict)
    assert found["name"] == {"first": "jeff"}
    assert session.query("loose_things").filter(Q.i > 4).one()["i"] == 5
    # The same class serves every query of the name; no class registry sees it.
    assert type(session.query("loose_things")).__name__ == "Query"


def test_geo2d_index_bounds(db: MongoAlchemy) -> None:
    class Place(Document, mongo=db):
        loc = GeoField()
        where = Index().geo2d(loc, min=-100, max=100)

    bound = Place.get_indexes()[0]
    assert bound.spec().options == {"min": -100, "max": 100}
    Place(loc=(1, 1)).save()
    info = db.database["Place"].index_information()
    assert info["loc_2d"]["key"] == [("loc", "2d")]
    assert Index().geo2d("loc").spec().options == {}
