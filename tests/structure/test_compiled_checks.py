"""The structure compiled once per class: documents it cannot vouch for get
the full walk's errors, exactly as before."""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

import pytest
from bson import ObjectId

from flask_mongokit import (
    Document,
    MaxDocumentSizeError,
    RequireFieldError,
    SchemaTypeError,
    StructureError,
    ValidationError,
)


class Order(Document):
    structure: ClassVar[dict[str, Any]] = {
        "ref": str,
        "count": int,
        "price": float,
        "paid": bool,
        "at": datetime.datetime,
        "blob": bytes,
        "customer": {"name": str, "address": {"city": str}},
        "lines": [{"sku": str, "qty": int}],
        "tags": [str],
    }
    required_fields: ClassVar[list[str]] = ["ref", "customer.name", "tags"]


def order(**changes: Any) -> Order:
    doc: dict[str, Any] = {
        "ref": "A-1",
        "count": 2,
        "price": 9.5,
        "paid": True,
        "at": datetime.datetime(2026, 1, 2),
        "blob": b"\x00\x01",
        "customer": {"name": "Ann", "address": {"city": "Lyon"}},
        "lines": [{"sku": "x", "qty": 1}, {"sku": "y", "qty": None}],
        "tags": ["new"],
    }
    doc.update(changes)
    return Order(doc)


def test_the_structure_of_a_closed_class_is_compiled() -> None:
    assert Order._schema.check is not None
    assert Order._schema.check_covers_required


def test_valid_documents_pass_with_or_without_an_id() -> None:
    order().validate()
    order(_id=ObjectId()).validate()
    order(_id="order-1", count=None, blob=None).validate()
    order(lines=[]).validate()


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"count": True}, SchemaTypeError, "count must be an instance of int not bool"),
        ({"count": "2"}, SchemaTypeError, "count must be an instance of int"),
        ({"price": 1}, SchemaTypeError, "price must be an instance of float"),
        ({"customer": None}, SchemaTypeError, "customer must be an instance of dict"),
        ({"lines": [{"sku": 3, "qty": 1}]}, SchemaTypeError, r"lines\.0\.sku must"),
        ({"lines": None}, SchemaTypeError, "lines must be an instance of list"),
        ({"tags": ["a", 1]}, SchemaTypeError, r"tags\.1 must be an instance of str"),
        ({"ref": None}, RequireFieldError, "ref is required"),
        ({"tags": []}, RequireFieldError, "tags is required"),
        ({"extra": 1}, StructureError, r"unknown fields \['extra'\]"),
        (
            {"customer": {"name": "Ann", "address": {"city": "Lyon", "zip": "1"}}},
            StructureError,
            r"unknown fields \['zip'\] in customer\.address",
        ),
    ],
)
def test_problems_are_reported_as_the_full_walk_words_them(
    changes: dict[str, Any], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        order(**changes).validate()


def test_an_unknown_key_in_place_of_the_id_is_refused() -> None:
    doc = order()
    doc["other"] = 1  # as many keys as the structure and an _id
    with pytest.raises(StructureError, match=r"unknown fields \['other'\]"):
        doc.validate()


def test_a_missing_key_is_reported_even_with_an_extra_one() -> None:
    doc = order()
    del doc["paid"]
    doc["_id"] = ObjectId()
    with pytest.raises(StructureError, match=r"missing fields \['paid'\]"):
        doc.validate()
    nested = order()
    del nested["customer"]["address"]["city"]
    with pytest.raises(StructureError, match=r"missing fields \['city'\] in customer"):
        nested.validate()


def test_accepted_in_other_forms_still_pass() -> None:
    # A tuple for a list and a dict subclass are not what the compiled
    # check vouches for; the full walk accepts them as before.
    class Sub(dict[str, Any]):
        pass

    order(
        tags=("a", "b"), customer=Sub(name="Ann", address={"city": "Lyon"})
    ).validate()


def test_documents_too_large_are_still_refused() -> None:
    big = order(ref="r" * (16 * 1024 * 1024))
    with pytest.raises(MaxDocumentSizeError, match="larger than the 16777216 bytes"):
        big.validate()
    many = order(tags=["t" * 1024] * (16 * 1024))
    with pytest.raises(MaxDocumentSizeError, match="larger than"):
        many.validate()


def test_an_int_beyond_int64_is_still_refused_by_validate() -> None:
    with pytest.raises(OverflowError, match="8-byte ints"):
        order(count=2**64).validate()


def test_required_paths_through_lists_are_still_checked() -> None:
    class Invoice(Document):
        structure: ClassVar[dict[str, Any]] = {"lines": [{"sku": str}]}
        required_fields: ClassVar[list[str]] = ["lines.sku"]

    assert Invoice._schema.check is not None
    assert not Invoice._schema.check_covers_required
    Invoice({"lines": [{"sku": "a"}]}).validate()
    with pytest.raises(RequireFieldError, match=r"lines\.0\.sku is required"):
        Invoice({"lines": [{"sku": None}]}).validate()


def test_validators_still_run() -> None:
    class Named(Document):
        structure: ClassVar[dict[str, Any]] = {"name": str}
        validators: ClassVar[dict[str, Any]] = {"name": lambda v: len(v) < 3}

    Named({"name": "ab"}).validate()
    with pytest.raises(ValidationError, match="name does not pass the validator"):
        Named({"name": "abcd"}).validate()


@pytest.mark.parametrize(
    "structure",
    [
        {"any": None},
        {"free": dict},
        {"items": []},
        {"pair": (int, str)},
        {"m": {str: int}},
    ],
)
def test_open_structures_are_not_compiled(structure: dict[str, Any]) -> None:
    cls: type[Document] = type("Open", (Document,), {"structure": structure})
    assert cls._schema.check is None


def test_other_shapes_of_closed_structures() -> None:
    import uuid

    class Keyed(Document):
        structure: ClassVar[dict[str, Any]] = {
            "_id": str,
            "token": uuid.UUID,
            "grid": [[int]],
            "caf\u00e9": str,
        }

    assert Keyed._schema.check is not None
    Keyed({"_id": "k", "token": uuid.uuid4(), "grid": [[1, 2], []]}).validate()
    with pytest.raises(StructureError, match="unknown fields"):
        Keyed({"_id": "k", "more": 1}).validate()
    with pytest.raises(SchemaTypeError, match=r"grid\.0\.1 must be an instance of int"):
        Keyed({"_id": "k", "grid": [[1, "2"]]}).validate()
    # an _id of a type whose size is not worked out: encoded to be measured
    order(_id=7).validate()


@pytest.mark.parametrize(
    "structure",
    [
        {"bad\ud800key": str},  # not encodable: bson's own error, at save
        {"empty": {}},  # required below
        {"deep": "nest"},
    ],
)
def test_other_structures_left_to_the_full_walk(structure: dict[str, Any]) -> None:
    if structure == {"deep": "nest"}:
        spec: Any = str
        for _ in range(120):
            spec = {"a": spec}
        structure = {"deep": spec}
    required = ["empty"] if "empty" in structure else []
    cls: type[Document] = type(
        "Left", (Document,), {"structure": structure, "required_fields": required}
    )
    assert cls._schema.check is None
