"""Every kind of structure entry, checked by validate() and stored as declared."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from bson import Binary, Code, Decimal128, Int64, ObjectId

from flask_mongokit import (
    IS,
    NOT,
    OR,
    AuthorizedTypeError,
    BadKeyError,
    CustomType,
    Document,
    DuplicateRequiredError,
    MongoKit,
    SchemaTypeError,
    Set,
    StructureError,
)
from tests.support import found

NOW = datetime.datetime(2024, 5, 17, 12, 30)


class Everything(Document):
    __collection__ = "everything"
    structure = {
        "text": str,
        "count": int,
        "ratio": float,
        "flag": bool,
        "when": datetime.datetime,
        "raw": bytes,
        "ref": ObjectId,
        "anything": None,
        "plain_list": list,
        "plain_dict": dict,
        "tags": [str],
        "loose": [],
        "point": (int, int),
        "scores": {str: int},
        "author": {"name": str, "address": {"city": str}},
        "comments": [{"text": str, "votes": int}],
        "number": OR(int, float),
        "not_text": NOT(str, datetime.datetime),
        "status": IS("draft", "published"),
        "labels": Set(str),
        "big": Int64,
        "money": Decimal128,
        "blob": Binary,
        "pattern": re.Pattern,
        "uid": uuid.UUID,
        "code": Code,
    }


VALID: dict[str, Any] = {
    "text": "hi",
    "count": 3,
    "ratio": 0.5,
    "flag": True,
    "when": NOW,
    "raw": b"\x00\x01",
    "ref": ObjectId(),
    "anything": {"nested": [1, "two", {"three": 3.0}]},
    "plain_list": [1, "a"],
    "plain_dict": {"k": [1]},
    "tags": ["a", "b"],
    "loose": [1, "x", None],
    "point": [1, 2],
    "scores": {"alice": 3, "bob": 5},
    "author": {"name": "Ann", "address": {"city": "Paris"}},
    "comments": [{"text": "first", "votes": 1}, {"text": "second", "votes": 0}],
    "number": 2.5,
    "not_text": 7,
    "status": "draft",
    "labels": {"x", "y"},
    "big": Int64(2**40),
    "money": Decimal128("1.10"),
    "blob": Binary(b"\x01", 5),
    "pattern": re.compile("^a"),
    "uid": uuid.UUID(int=1),
    "code": Code("function () {}"),
}


def valid(**changes: Any) -> Everything:
    return Everything({**VALID, **changes})


def test_a_new_document_has_every_field() -> None:
    doc = Everything()
    assert doc["text"] is None
    assert doc["plain_list"] == []
    assert doc["plain_dict"] == {}
    assert doc["tags"] == []
    assert doc["loose"] == []
    assert doc["point"] == [None, None]
    assert doc["scores"] == {}
    assert doc["author"] == {"name": None, "address": {"city": None}}
    assert doc["labels"] == set()
    doc.validate()  # None is accepted for every typed field


def test_all_valid_values_pass() -> None:
    doc = valid()
    doc.validate()
    assert doc == VALID  # validating changes no value

    class Collecting(Everything):
        raise_validation_errors = False

    collecting = Collecting(VALID)
    collecting.validate()
    assert collecting.validation_errors == {}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("text", 3, "text must be an instance of str not int"),
        ("count", "3", "count must be an instance of int not str"),
        ("count", True, "count must be an instance of int not bool"),
        ("ratio", 1, "ratio must be an instance of float not int"),
        ("flag", 1, "flag must be an instance of bool not int"),
        ("when", datetime.date(2024, 1, 1), "when must be an instance of datetime"),
        ("raw", "text", "raw must be an instance of bytes not str"),
        ("ref", str(ObjectId()), "ref must be an instance of ObjectId not str"),
        ("anything", {1, 2}, "anything: set is not an authorized type"),
        ("anything", {"a": [{"b": {1}}]}, "anything.a.0.b: set is not an authorized"),
        ("plain_list", (1,), "plain_list must be an instance of list not tuple"),
        ("plain_dict", [], "plain_dict must be an instance of dict not list"),
        ("tags", "a,b", "tags must be an instance of list not str"),
        ("tags", ["a", 2], "tags.1 must be an instance of str not int"),
        ("point", [1], "point must have 2 items not 1"),
        ("point", [1, "2"], "point.1 must be an instance of int not str"),
        ("scores", {"alice": "3"}, "scores.alice must be an instance of int not str"),
        ("author", "Ann", "author must be an instance of dict not str"),
        ("author", None, "author must be an instance of dict not NoneType"),
        (
            "author",
            {"name": "Ann", "address": {"city": 75}},
            "author.address.city must be an instance of str not int",
        ),
        (
            "comments",
            [{"text": "ok", "votes": 1}, {"text": "bad", "votes": "many"}],
            "comments.1.votes must be an instance of int not str",
        ),
        ("number", "2", "number must be an instance of <int or float> not str"),
        ("not_text", "x", "not_text must be an instance of <not str, not datetime>"),
        ("status", "deleted", "status must be in ['draft', 'published'] not 'deleted'"),
        ("labels", ["x"], "labels must be an instance of set not list"),
        ("labels", {"x", 1}, "labels must be a set of str"),
        ("uid", "0000", "uid must be an instance of UUID not str"),
    ],
)
def test_wrong_values(field: str, value: Any, message: str) -> None:
    doc = valid(**{field: value})
    with pytest.raises((SchemaTypeError, AuthorizedTypeError)) as info:
        doc.validate()
    assert message in str(info.value)
    assert info.value.path is not None
    assert info.value.path.split(".")[0] == field


def test_is_compares_types_too() -> None:
    class Flags(Document):
        structure = {"level": IS(1, 2)}

    Flags({"level": 1}).validate()
    for wrong in (True, 1.0, "1"):
        with pytest.raises(SchemaTypeError, match="level must be in"):
            Flags({"level": wrong}).validate()


def test_operators_nest() -> None:
    class Mixed(Document):
        structure = {"value": OR(str, NOT(int, float))}

    for ok in ("a", b"b", None):
        Mixed({"value": ok}).validate()
    with pytest.raises(
        SchemaTypeError,
        match=r"value must be an instance of <str or <not int, not float>> not int",
    ):
        Mixed({"value": 3}).validate()


class Temperature(CustomType):
    """Celsius in Python, a string in MongoDB."""

    mongo_type = str
    python_type = float
    init_type = None

    def to_bson(self, value: float) -> str:
        return f"{value:.1f}C"

    def to_python(self, value: str) -> float:
        return float(value.rstrip("C"))

    def validate(self, value: float, path: str) -> None:
        if value < -273.15:
            raise SchemaTypeError(f"{path} is below absolute zero", path)


class Reading(Document):
    __collection__ = "readings"
    structure = {
        "place": str,
        "temperature": Temperature(),
        "history": [Temperature()],
        "tags": Set(str),
    }


def test_custom_types_are_stored_converted(mk: MongoKit, ctx: None) -> None:
    mk.register([Reading])
    reading = mk.Reading({"place": "Oslo", "temperature": -3.25, "history": [1.0, 2.0]})
    reading["tags"].update({"cold", "north"})
    reading.save()
    stored = found(mk["readings"].find_one())
    assert stored["temperature"] == "-3.2C"
    assert stored["history"] == ["1.0C", "2.0C"]
    assert sorted(stored["tags"]) == ["cold", "north"]
    # The document itself keeps its Python values.
    assert reading["temperature"] == -3.25
    assert reading["tags"] == {"cold", "north"}

    loaded = mk.Reading.find_one()
    assert loaded["temperature"] == -3.2
    assert loaded["history"] == [1.0, 2.0]
    assert loaded["tags"] == {"cold", "north"}

    loaded["temperature"] = -300.0
    with pytest.raises(SchemaTypeError, match="temperature is below absolute zero"):
        loaded.save()
    loaded["temperature"] = "warm"
    with pytest.raises(
        SchemaTypeError, match="temperature must be an instance of float"
    ):
        loaded.validate()


def test_custom_type_needs_a_mongo_type_and_a_python_type() -> None:
    class Broken(CustomType):
        pass

    class Half(CustomType):
        mongo_type = str

    with pytest.raises(TypeError, match="must set mongo_type"):
        Broken()
    with pytest.raises(TypeError, match="must set python_type"):
        Half()


def test_authorized_types_can_be_extended() -> None:
    class WithSet(Document):
        authorized_types = [*Document.authorized_types, set]
        structure = {"anything": None, "items": set}

    doc = WithSet({"anything": {1}, "items": {2}})
    doc.validate()  # set is refused by default (see test_wrong_values)
    assert doc == {"anything": {1}, "items": {2}}


@pytest.mark.parametrize(
    ("structure", "error", "message"),
    [
        (
            {"when": datetime.date},
            AuthorizedTypeError,
            "date is not an authorized type",
        ),
        (
            {"a": {"b": complex}},
            AuthorizedTypeError,
            "a.b: complex is not an authorized",
        ),
        ({"$a": int}, BadKeyError, "must not start with '$'"),
        ({"a": {"b.c": int}}, BadKeyError, "a.b.c: a key must not contain '.'"),
        ({"tags": [str, int]}, StructureError, "use [OR(a, b)]"),
        ({"x": 5}, StructureError, "x: 5 is not a type"),
        ({"x": Set}, StructureError, "use an instance"),
        ({"x": OR(str, complex)}, AuthorizedTypeError, "complex in <str or complex>"),
        ({"x": IS({1})}, AuthorizedTypeError, "{1} in [{1}] is not of an authorized"),
        ({"m": {str: int, "other": int}}, StructureError, "cannot have other keys"),
        ({"m": {int: str}}, StructureError, "keys can only be typed str"),
        ({3: int}, StructureError, "must be a field name"),
    ],
)
def test_bad_structures_fail_at_class_definition(
    structure: dict[Any, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        type("Bad", (Document,), {"structure": structure})
    # MongoKit's wording may be the text; the project's is then a note.
    text = "\n".join([str(info.value), *getattr(info.value, "__notes__", [])])
    assert message in text
    assert "Bad.structure" in text


def test_bad_descriptors_fail_at_class_definition() -> None:
    base = {"structure": {"title": str, "author": {"name": str}, "tags": [str]}}
    cases: list[tuple[dict[str, Any], type[Exception], str]] = [
        (
            {"required_fields": ["titel"]},
            StructureError,
            "'titel' is not in the structure",
        ),
        ({"required_fields": ["title", "title"]}, DuplicateRequiredError, "twice"),
        (
            {"default_values": {"author.nam": "x"}},
            StructureError,
            "not in the structure",
        ),
        ({"validators": {"title": "not callable"}}, StructureError, "callable"),
        ({"validators": {"nope": len}}, StructureError, "not in the structure"),
        ({"i18n": ["nope"]}, StructureError, "not in the structure"),
        ({"gridfs": {"files": ["a b"]}}, StructureError, "usable as an attribute"),
        ({"gridfs": {"folders": []}}, StructureError, "'files' and 'containers'"),
        ({"structure": ["title"]}, StructureError, "must be a dict"),
    ]
    for attrs, error, message in cases:
        with pytest.raises(error, match=re.escape(message)):
            type("Bad", (Document,), {**base, **attrs})


def test_declaration_errors_use_mongokit_wording_with_a_note() -> None:
    base = {"structure": {"title": str, "tags": [{str: str}]}}
    cases: list[tuple[dict[str, Any], type[Exception], str, str]] = [
        (
            {"required_fields": ["titel"]},
            ValueError,
            "Error in required_fields: can't find titel in structure",
            "Bad.required_fields: 'titel' is not in the structure (declared paths:",
        ),
        (
            {"default_values": {"nope": 1}},
            ValueError,
            "Error in default_values: can't find nope in structure",
            "Bad.default_values: 'nope'",
        ),
        (
            {"required_fields": ["title", "title"]},
            DuplicateRequiredError,
            "duplicate required_fields : ['title', 'title']",
            "list each field once",
        ),
        (
            {"structure": {"tags": [{int: set}]}},
            AuthorizedTypeError,
            "Bad: <class 'set'> is not an authorized type",
            "Bad.structure: tags.$int: set is not an authorized type; use one of",
        ),
        (
            {"structure": {"tags": [{set: int}]}},
            AuthorizedTypeError,
            "Bad: <class 'set'> is not an authorized type",
            "Bad.structure: tags: set is not an authorized type",
        ),
        (
            {"structure": {1: str}},
            StructureError,
            "Bad: 1 must be a basestring or a type",
            "Bad.structure: Bad: the key 1 must be a field name or the type str",
        ),
    ]
    for attrs, error, text, note in cases:
        with pytest.raises(error) as info:
            type("Bad", (Document,), {**base, **attrs})
        assert str(info.value) == text
        assert note in info.value.__notes__[0]


def test_a_default_of_another_type_is_refused_when_saved(
    mk: MongoKit, ctx: None
) -> None:
    class Loose(Document):
        __collection__ = "loose"
        structure = {"title": str, "tags": [str]}
        default_values = {"title": 3, "tags": ["a", 1]}

    class Coerced(Document):
        __collection__ = "loose"
        structure = {"title": str}
        default_values = {"title": 3}

        def validate(self, auto_migrate: bool = False) -> None:
            self["title"] = str(self["title"])
            super().validate(auto_migrate)

    mk.register([Loose, Coerced])
    loose = mk.Loose()  # the class and the document are made
    assert loose == {"title": 3, "tags": ["a", 1]}
    with pytest.raises(SchemaTypeError, match="title must be an instance of str"):
        loose.save()
    assert mk.loose.count_documents({}) == 0
    coerced = mk.Coerced()
    coerced.save()
    assert found(mk.loose.find_one())["title"] == "3"


def test_subclasses_extend_their_parents() -> None:
    class Root(Document):
        structure = {"root": int}
        required_fields = ["root"]
        default_values = {"root": 1}

    class A(Root):
        structure = {"a_field": str}
        required_fields = ["a_field"]

    class B(Root):
        structure = {"b_field": str}

    class C(A, B):
        structure = {"c_field": float}

    assert C() == {"root": 1, "a_field": None, "b_field": None, "c_field": None}
    assert C.required_fields == ["root", "a_field"]
    assert set(C.structure) == {"root", "a_field", "b_field", "c_field"}
    assert Root.structure == {"root": int}


def test_a_set_item_of_another_type_is_a_value_error(mk: MongoKit, ctx: None) -> None:
    mk.register([Reading])
    reading = mk.Reading({"place": "Oslo", "tags": {"cold", 3}})
    with pytest.raises(ValueError, match=r"tags must be a set of str, not contain int"):
        reading.save()
    assert mk["readings"].count_documents({}) == 0
    with pytest.raises(SchemaTypeError):
        reading.validate()


def test_operators_need_operands_where_used() -> None:
    from flask_mongokit import SchemaOperator

    class Always(SchemaOperator):
        pass

    with pytest.raises(NotImplementedError):
        Always().validate("x")  # an operator made without operands
    with pytest.raises(StructureError, match=r"x: OR\(\) needs at least one operand"):
        type("Bad", (Document,), {"structure": {"x": OR()}})


def test_the_custom_type_base_class_is_an_authorized_type() -> None:
    class Holder(Document):
        structure = {"any_custom": CustomType}

    class Sub(CustomType):
        mongo_type = str
        python_type = str

    assert Holder() == {"any_custom": None}
    with pytest.raises(StructureError, match=r"use an instance, Sub\(\.\.\.\)"):
        type("Bad", (Document,), {"structure": {"x": Sub}})


def test_a_custom_type_must_give_its_mongo_type(mk: MongoKit, ctx: None) -> None:
    class Stamp(CustomType):
        mongo_type = int  # but to_bson gives a str
        python_type = datetime.datetime

        def to_bson(self, value: Any) -> Any:
            return value.strftime("%y-%m-%d")

        def to_python(self, value: Any) -> Any:
            return datetime.datetime.strptime(value, "%y-%m-%d")

    class Stamped(Document):
        __collection__ = "stamped"
        structure = {"date": Stamp()}

    mk.register([Stamped])
    doc = mk.Stamped({"date": NOW})
    with pytest.raises(
        SchemaTypeError, match="date must be an instance of int not str"
    ):
        doc.save()
    assert mk["stamped"].count_documents({}) == 0
