"""The value rules both mappers share (flask_mongo.core.values)."""

from __future__ import annotations

import copy
import pickle

import pytest
from bson import ObjectId

from flask_mongo.core.values import (
    INT64_MAX,
    INT64_MIN,
    MAX_DEPTH,
    MISSING,
    check_depth,
    check_key,
    check_storable,
    fits_int64,
    is_number,
    is_valid_key,
    reject_operators,
    to_object_id,
)
from flask_mongo.errors import BadQueryException, BadValueException


def test_missing_is_falsy_and_survives_copies() -> None:
    assert not MISSING
    assert repr(MISSING) == "MISSING"
    assert copy.copy(MISSING) is MISSING
    assert copy.deepcopy({"a": MISSING})["a"] is MISSING
    assert pickle.loads(pickle.dumps(MISSING)) is MISSING


@pytest.mark.parametrize("value", [0, -3, 2.5, float("inf")])
def test_numbers(value: object) -> None:
    assert is_number(value)


@pytest.mark.parametrize("value", [True, False, "1", None, 1j])
def test_bools_and_others_are_not_numbers(value: object) -> None:
    assert not is_number(value)


def test_int64_bounds() -> None:
    assert fits_int64(INT64_MAX)
    assert fits_int64(INT64_MIN)
    assert not fits_int64(INT64_MAX + 1)
    assert not fits_int64(INT64_MIN - 1)


@pytest.mark.parametrize("key", ["title", "a$b", "_id", "é"])
def test_valid_keys(key: str) -> None:
    assert is_valid_key(key)
    assert check_key(key) == key


@pytest.mark.parametrize("key", ["", "$set", "a.b", "a\x00b", 3, None])
def test_invalid_keys_are_refused_with_the_rule(key: object) -> None:
    assert not is_valid_key(key)
    with pytest.raises(BadQueryException, match="cannot be a MongoDB field name"):
        check_key(key)


def test_check_key_names_its_field() -> None:
    with pytest.raises(BadQueryException, match="in 'tags'"):
        check_key("a.b", "tags")


def test_object_ids_from_strings_and_bytes() -> None:
    oid = ObjectId()
    assert to_object_id(oid) is oid
    assert to_object_id(str(oid)) == oid
    assert to_object_id(oid.binary) == oid


@pytest.mark.parametrize("value", ["76726", "z" * 24, 12, None, {"$ne": None}])
def test_malformed_ids_are_none(value: object) -> None:
    assert to_object_id(value) is None


@pytest.mark.parametrize(
    "value",
    [{"$ne": None}, {"a": {"$gt": 1}}, [{"$where": "1"}], ({"x": [{"$in": []}]},)],
)
def test_operators_are_refused_anywhere_inside(value: object) -> None:
    with pytest.raises(BadValueException, match=r"keys starting with '\$'"):
        reject_operators(value, "title")


def test_plain_values_pass() -> None:
    reject_operators({"a": [1, {"b": "$not-a-key"}]}, "title")


def test_the_old_import_path_still_works() -> None:
    from flask_mongo.operators import reject_operators as before

    assert before is reject_operators


def _nest(levels: int) -> object:
    value: object = "leaf"
    for level in range(levels):
        value = {"k": value} if level % 2 else [value]
    return value


def test_values_as_deep_as_mongodb_stores_pass() -> None:
    check_depth(_nest(MAX_DEPTH), "data")
    reject_operators(_nest(MAX_DEPTH), "data")


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 5000])
def test_deeper_values_are_refused_without_recursing(levels: int) -> None:
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        check_depth(_nest(levels), "data")
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        reject_operators(_nest(levels), "data")


@pytest.mark.parametrize("key", ["a.b", "$set", "", "a\x00b", 1, None])
def test_unstorable_keys_are_refused_at_any_depth(key: object) -> None:
    with pytest.raises(BadValueException, match=r"'data'.*cannot be stored"):
        check_storable([{"ok": {key: 1}}], "data")


def test_storable_values_pass() -> None:
    check_storable(_nest(MAX_DEPTH), "data")
    check_storable({"a": [{"b": 1}], "c": "x.y"}, "data")  # values may hold '.'
    check_storable("a.b", "data")  # a scalar holds no key
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        check_storable(_nest(MAX_DEPTH + 1), "data")
