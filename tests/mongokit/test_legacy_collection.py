"""PyMongo 3's removed collection methods, emulated on PyMongo 4 calls."""

from __future__ import annotations

import pytest
from bson.errors import InvalidDocument
from pymongo.write_concern import WriteConcern

from flask_mongo.structure import DocumentCursor, LegacyCollection
from flask_mongokit import MongoKit
from tests.support import found


@pytest.fixture
def things(mk: MongoKit, ctx: None) -> LegacyCollection:
    return mk["things"]


def test_insert_one_and_many(things: LegacyCollection) -> None:
    doc = {"x": 1}
    new_id = things.insert(doc)
    assert doc["_id"] == new_id  # the caller's dict gets its _id
    ids = things.insert([{"x": 2}, {"x": 3}])
    assert len(ids) == 2
    assert things.count() == 3
    assert things.count({"x": {"$gt": 1}}) == 2
    with pytest.raises(InvalidDocument, match="must not start with"):
        things.insert({"$x": 1})
    with pytest.raises(InvalidDocument, match=r"a\.b\.0\.c\.d"):
        things.insert({"a": {"b": [{"c.d": 1}]}})
    assert things.count() == 3


def test_save(things: LegacyCollection) -> None:
    doc = {"x": 1}
    first = things.save(doc)
    doc["x"] = 2
    assert things.save(doc) == first
    assert found(things.find_one(first))["x"] == 2
    assert things.save({"_id": "mine", "x": 3}) == "mine"
    assert things.count() == 2


def test_update(things: LegacyCollection) -> None:
    things.insert([{"x": 1}, {"x": 1}, {"x": 2}])
    reply = things.update({"x": 1}, {"$set": {"y": True}})
    assert (reply["n"], reply["nModified"], reply["updatedExisting"]) == (1, 1, True)
    reply = things.update({"x": 1}, {"$set": {"y": True}}, multi=True)
    assert reply["n"] == 2
    reply = things.update({"x": 2}, {"x": 2, "replaced": True})
    assert found(things.find_one({"x": 2}))["replaced"] is True
    reply = things.update({"x": 9}, {"$set": {"y": 1}}, upsert=True)
    assert reply["updatedExisting"] is False
    assert "upserted" in reply
    with pytest.raises(ValueError, match="update operators"):
        things.update({}, {"x": 0}, multi=True)


def test_remove(things: LegacyCollection) -> None:
    ids = things.insert([{"x": 1}, {"x": 1}, {"x": 2}, {"x": 3}])
    assert things.remove(ids[3])["n"] == 1
    assert things.remove({"x": 1}, multi=False)["n"] == 1
    assert things.remove({"x": 1})["n"] == 1
    assert things.remove()["n"] == 1
    assert things.count() == 0


def test_find_and_modify(things: LegacyCollection) -> None:
    things.insert([{"x": 1, "n": 0}, {"x": 2, "n": 0}])
    old = found(things.find_and_modify({"x": 1}, {"$inc": {"n": 1}}))
    assert old["n"] == 0
    new = found(
        things.find_and_modify({"x": 1}, {"$inc": {"n": 1}}, new=True, fields={"n": 1})
    )
    assert new.keys() == {"_id", "n"}
    assert new["n"] == 2
    first = found(
        things.find_and_modify({}, {"$set": {"seen": True}}, sort=[("x", -1)], new=True)
    )
    assert first["x"] == 2
    replaced = found(
        things.find_and_modify({"x": 2}, {"x": 2, "plain": True}, new=True)
    )
    assert "n" not in replaced
    full = found(
        things.find_and_modify(
            {"x": 1}, {"$inc": {"n": 1}}, full_response=True, new=True
        )
    )
    assert full["ok"] == 1.0
    assert full["value"]["n"] == 3
    gone = found(things.find_and_modify({"x": 1}, remove=True))
    assert gone["x"] == 1
    assert things.count() == 1
    made = found(
        things.find_and_modify({"x": 5}, {"$set": {"n": 5}}, upsert=True, new=True)
    )
    assert made["n"] == 5
    with pytest.raises(ValueError, match="update document or remove"):
        things.find_and_modify({"x": 5})


def test_find_cursor_and_ensure_index(things: LegacyCollection) -> None:
    things.insert([{"x": i, "even": i % 2 == 0} for i in range(6)])
    cursor = things.find({"even": True})
    assert isinstance(cursor, DocumentCursor)
    assert cursor.count() == 3
    assert [d["x"] for d in things.find(spec={"even": False}).sort("x")] == [1, 3, 5]
    assert things.find(fields={"x": 1, "_id": 0}).limit(1).next() == {"x": 0}
    assert things.ensure_index("x", unique=True, drop_dups=True) == "x_1"
    assert things.index_information()["x_1"]["unique"] is True


def test_subcollections_options_and_write_concerns(things: LegacyCollection) -> None:
    assert isinstance(things.sub, LegacyCollection)
    assert things["sub"].full_name.endswith("things.sub")
    acknowledged = things.with_options(write_concern=WriteConcern(w=1))
    assert isinstance(acknowledged, LegacyCollection)
    assert acknowledged.insert({"x": 1}, safe=True, w=1) is not None
    with pytest.raises(AttributeError, match=r"use database\['things\._private'\]"):
        _ = things._private
