"""Keys MongoDB cannot store, and values nested deeper than it stores, are
refused before writing; a diff never splits a key; concurrent appends to a
list both survive."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask
from pymongo import MongoClient

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadValueException
from flask_mongo.odm import AnythingField, DictField, ListField, SetField, StringField
from flask_mongoalchemy import fields as legacy
from tests.support import CommandLog, TestServer, found, reload


def nested(levels: int) -> Any:
    """A value ``levels`` documents and lists deep."""
    value: Any = "bottom"
    for level in range(levels):
        value = [value] if level % 2 else {"k": value}
    return value


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Any]:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    yield client[database_name]
    client.close()


@pytest.fixture
def m(logged_db: tuple[Flask, Mongo]) -> SimpleNamespace:
    _app, db = logged_db

    class Item(Document, mongo=db):
        anything: AnythingField = AnythingField(required=False)
        scores: DictField[Any, dict[str, Any] | None] = DictField(
            AnythingField(), required=False
        )
        tags: ListField[str] = ListField(StringField(), default_empty=True)
        labels: SetField[str] = SetField(StringField(), default_empty=True)

    return SimpleNamespace(Item=Item)


@pytest.mark.parametrize("key", ["a.b", "$where", "", "nul\x00", 3])
def test_keys_mongodb_cannot_store_are_refused(m: Any, key: Any) -> None:
    with pytest.raises(BadValueException, match=r"Item\.anything.*cannot be stored"):
        m.Item(anything={"ok": [{key: 1}]})
    with pytest.raises(BadValueException, match=r"Item\.scores.*cannot be stored"):
        m.Item(scores={"alice": {key: 1}})


def test_a_dotted_key_added_in_place_is_refused_at_save(
    m: Any, raw: Any, commands: CommandLog
) -> None:
    item = m.Item(anything={"a": 1})
    item.save()
    item = reload(item)
    item.anything["a.b"] = 2
    commands.clear()
    with pytest.raises(BadValueException, match=r"'a\.b' cannot be stored"):
        item.save()
    assert commands.named("update") == []
    assert found(raw.Item.find_one())["anything"] == {"a": 1}


def test_a_diff_never_splits_a_stored_dotted_key(m: Any, raw: Any) -> None:
    # Another client stored a dotted key (MongoDB 5+ accepts it in inserts).
    key = raw.Item.insert_one(
        {"anything": {"a.b": 1, "c": 2}, "tags": [], "labels": []}
    ).inserted_id
    item = found(m.Item.query.get(key))
    del item.anything["a.b"]
    # $unset 'anything.a.b' would remove b under a: the field is set whole.
    assert item.get_dirty_ops() == {"$set": {"anything": {"c": 2}}}
    item.save()
    assert found(raw.Item.find_one())["anything"] == {"c": 2}


@pytest.mark.parametrize("levels", [101, 500, 5000])
def test_values_nested_too_deeply_are_refused(m: Any, raw: Any, levels: int) -> None:
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        m.Item(anything=nested(levels))
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        m.Item(scores={"alice": nested(levels)})
    item = m.Item(anything={"k": None})
    item.save()
    item.anything["k"] = nested(levels)  # in place, behind the field's back
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        item.save()
    assert found(raw.Item.find_one())["anything"] == {"k": None}


def test_the_deepest_storable_value_is_stored(m: Any, raw: Any) -> None:
    item = m.Item(anything=nested(99))
    item.save()
    assert found(raw.Item.find_one())["anything"] == nested(99)


def test_legacy_fields_refuse_them_too(logged_db: tuple[Flask, Mongo]) -> None:
    from flask_mongoalchemy import Document

    class Legacy(Document):
        anything = legacy.AnythingField()

    legacy_values: dict[str, Any] = {"anything": nested(500)}
    with pytest.raises(BadValueException, match="nested more than 100 levels"):
        Legacy(**legacy_values)
    legacy_values["anything"] = {"a.b": 1}
    with pytest.raises(BadValueException, match="cannot be stored"):
        Legacy(**legacy_values)


def test_concurrent_appends_both_survive(m: Any, raw: Any) -> None:
    item = m.Item(tags=["a"], labels={"a"})
    item.save()
    first, second = reload(item), reload(item)
    first.tags.append("b")
    second.tags.extend(["c", "d"])
    assert second.get_dirty_ops() == {"$push": {"tags": {"$each": ["c", "d"]}}}
    first.save()
    second.save()
    assert found(raw.Item.find_one())["tags"] == ["a", "b", "c", "d"]
    # A set is stored sorted, so a change to it is written whole.
    first.labels.add("z")
    assert first.get_dirty_ops() == {"$set": {"labels": ["a", "z"]}}
    # A list changed otherwise than by appending is written whole.
    first.tags.insert(0, "first")
    assert first.get_dirty_ops()["$set"]["tags"] == ["first", "a", "b"]
