"""The dict documents follow the value rules of flask_mongo.core.values: the
same keys, numbers and ids are refused or accepted as in the typed mapper."""

from __future__ import annotations

import re
from typing import Any

import pytest
from bson import ObjectId

from flask_mongo.core.values import MISSING, is_valid_key
from flask_mongo.structure.schema import MISSING as SCHEMA_MISSING
from flask_mongokit import BadKeyError, Document, MongoKit, SchemaTypeError


class Loose(Document):
    use_schemaless = True
    structure = {"meta": None}


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("$where", "must not start with '$'"),
        ("a.b", "must not contain '.'"),
        ("a\x00b", "must not contain a NUL character"),
        ("", "must not be empty"),
    ],
)
def test_a_key_the_core_rule_refuses_is_a_bad_key(key: str, message: str) -> None:
    assert not is_valid_key(key)
    with pytest.raises(BadKeyError, match=re.escape(message)) as info:
        Loose({"meta": {key: 1}}).validate()
    assert info.value.path == f"meta.{key}"


def test_a_key_the_core_rule_accepts_is_stored() -> None:
    assert is_valid_key("price$")
    Loose({"meta": {"price$": 1, "ünïcode": 2}}).validate()


def test_a_bad_key_in_a_structure_is_refused_when_the_class_is_defined() -> None:
    with pytest.raises(BadKeyError, match=r"Bad\.structure: a\x00b: .* NUL"):

        class Bad(Document):
            structure = {"a\x00b": int}


@pytest.mark.parametrize("declared", [int, float])
@pytest.mark.parametrize("value", [True, False])
def test_a_bool_is_not_a_number(declared: type[Any], value: bool) -> None:
    class Measure(Document):
        structure = {"n": declared}

    with pytest.raises(
        SchemaTypeError, match=f"n must be an instance of {declared.__name__}"
    ):
        Measure({"n": value}).validate()
    Measure({"n": declared(3)}).validate()


def test_a_bool_is_a_bool_and_any_object() -> None:
    class Flags(Document):
        structure = {"on": bool, "anything": object}
        authorized_types = [*Document.authorized_types, object]

    Flags({"on": True, "anything": False}).validate()


def test_the_missing_marker_is_the_core_one() -> None:
    assert SCHEMA_MISSING is MISSING


def test_get_or_404_takes_an_object_id_or_its_string(mk: MongoKit, ctx: None) -> None:
    class Note(Document):
        __collection__ = "notes"
        structure = {"text": str}

    mk.register([Note])
    note = mk.Note({"text": "hi"})
    note.save()
    assert mk.Note.get_or_404(str(note["_id"]))["text"] == "hi"
    assert mk.Note.get_or_404(note["_id"])["text"] == "hi"
    named = mk.Note({"_id": str(ObjectId()), "text": "named"})
    named.save()
    assert mk.Note.get_or_404(named["_id"])["text"] == "named"
