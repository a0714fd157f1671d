"""New documents filled in from the plan worked out once per class."""

from __future__ import annotations

from typing import Any, ClassVar

from flask_mongokit import Document


class Profile(Document):
    structure: ClassVar[dict[str, Any]] = {
        "name": str,
        "tags": [str],
        "pair": (int, int),
        "scores": {str: int},
        "free": dict,
        "address": {"city": str, "geo": {"lat": float, "lng": float}},
    }
    default_values: ClassVar[dict[str, Any]] = {"address.city": "Lyon"}


def test_missing_fields_are_added_in_structure_order() -> None:
    doc = Profile({"address": {"geo": {"lat": 1.0}}, "name": "Ann"})
    assert list(doc) == ["address", "name", "tags", "pair", "scores", "free"]
    assert doc["address"] == {"geo": {"lat": 1.0, "lng": None}, "city": "Lyon"}
    assert (doc["tags"], doc["pair"], doc["scores"], doc["free"]) == (
        [],
        [None, None],
        {},
        {},
    )


def test_the_callers_nested_dicts_are_left_as_they_were() -> None:
    given: dict[str, Any] = {"address": {"geo": {"lat": 1.0}}}
    doc = Profile(given)
    assert given == {"address": {"geo": {"lat": 1.0}}}
    doc["address"]["geo"]["lat"] = 2.0
    assert given["address"]["geo"]["lat"] == 1.0


def test_each_document_gets_its_own_containers() -> None:
    first, second = Profile(), Profile()
    first["tags"].append("a")
    first["address"]["geo"]["lat"] = 3.0
    assert second["tags"] == []
    assert second["address"] == {"city": "Lyon", "geo": {"lat": None, "lng": None}}


def test_generate_skeleton_adds_only_what_is_missing() -> None:
    doc = Profile({"name": "Ann"}, gen_skel=False)
    doc["address"] = {"city": "Paris"}
    doc.generate_skeleton()
    assert doc["address"] == {"city": "Paris", "geo": {"lat": None, "lng": None}}
    assert doc["name"] == "Ann"
