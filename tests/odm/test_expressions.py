"""Query expressions are plain filter dicts that combine with & | ~."""

from __future__ import annotations

from typing import Any

from flask_mongo.odm import QueryExpression, and_, not_, or_


def q(value: dict[str, Any]) -> QueryExpression:
    return QueryExpression(value)


def test_is_a_dict_and_prints_as_one() -> None:
    e = q({"year": {"$gt": 2000}})
    assert e == {"year": {"$gt": 2000}}
    assert repr(e) == "{'year': {'$gt': 2000}}"
    assert isinstance(e, dict)


def test_and_merges_disjoint_keys() -> None:
    assert q({"a": 1}) & q({"b": 2}) == {"a": 1, "b": 2}


def test_and_merges_operators_on_one_field() -> None:
    assert q({"y": {"$gt": 1}}) & q({"y": {"$lt": 5}}) == {"y": {"$gt": 1, "$lt": 5}}


def test_and_keeps_both_when_they_clash() -> None:
    assert q({"y": 1}) & q({"y": 2}) == {"$and": [{"y": 1}, {"y": 2}]}
    assert q({"y": {"$gt": 1}}) & q({"y": {"$gt": 5}}) == {
        "$and": [{"y": {"$gt": 1}}, {"y": {"$gt": 5}}]
    }


def test_and_with_empty_is_identity() -> None:
    assert q({}) & q({"a": 1}) == {"a": 1}
    assert q({"a": 1}) & q({}) == {"a": 1}


def test_or_flattens() -> None:
    e = q({"a": 1}) | q({"b": 2}) | q({"c": 3})
    assert e == {"$or": [{"a": 1}, {"b": 2}, {"c": 3}]}
    e |= q({"d": 4})
    assert e == {"$or": [{"a": 1}, {"b": 2}, {"c": 3}, {"d": 4}]}


def test_invert() -> None:
    assert ~q({"a": 1}) == {"a": {"$ne": 1}}
    assert ~q({"a": {"$gt": 1}}) == {"a": {"$not": {"$gt": 1}}}
    assert ~~q({"a": {"$gt": 1}}) == {"a": {"$gt": 1}}
    assert ~q({"a": 1, "b": 2}) == {"$nor": [{"a": 1, "b": 2}]}
    assert ~~q({"a": 1, "b": 2}) == {"a": 1, "b": 2}
    assert ~q({"$or": [{"a": 1}, {"b": 1}]}) == {
        "$nor": [{"$or": [{"a": 1}, {"b": 1}]}]
    }


def test_function_spellings() -> None:
    assert and_(q({"a": 1}), q({"b": 2})) == {"a": 1, "b": 2}
    assert or_(q({"a": 1}), q({"b": 2})) == {"$or": [{"a": 1}, {"b": 2}]}
    assert not_(q({"a": 1})) == {"a": {"$ne": 1}}
