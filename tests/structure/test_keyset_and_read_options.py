"""Keyset pages and read routing of MongoKit-style cursors."""

from __future__ import annotations

import pytest
from pymongo.read_preferences import Secondary
from werkzeug.exceptions import BadRequest

from flask_mongo.errors import BadQueryException
from flask_mongokit import Document, MongoKit
from tests.support import CommandLog


class Item(Document):
    __collection__ = "items"
    structure = {"n": int, "group": int, "name": str}


@pytest.fixture
def items(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Item])
    mk["items"].insert_many(
        [{"_id": n, "n": n, "group": n // 4, "name": f"item{n}"} for n in range(10)]
    )
    return mk


def test_keyset_follows_the_sort_both_ways(items: MongoKit) -> None:
    first = items.Item.find({"n": {"$gte": 1}}).sort("group", -1).keyset(per_page=4)
    assert [i["n"] for i in first] == [8, 9, 4, 5]
    assert isinstance(first.items[0], Item)
    second = (
        items.Item.find({"n": {"$gte": 1}})
        .sort("group", -1)
        .keyset(per_page=4, after=first.next_token)
    )
    assert [i["n"] for i in second] == [6, 7, 1, 2]
    back = (
        items.Item.find({"n": {"$gte": 1}})
        .sort([("group", -1)])
        .keyset(per_page=4, before=second.prev_token)
    )
    assert [i["n"] for i in back] == [8, 9, 4, 5]
    assert (back.has_prev, back.has_next) == (False, True)


def test_keyset_sends_one_find_with_the_boundary(
    items: MongoKit, commands: CommandLog
) -> None:
    first = items["items"].find({}, {"name": 1}, sort=[("n", 1)]).keyset(per_page=3)
    assert [r["name"] for r in first] == ["item0", "item1", "item2"]
    commands.clear()
    items["items"].find({"group": {"$lt": 2}}, ["name"]).sort("n").keyset(
        per_page=3, after=first.next_token
    )
    (find,) = commands.named("find")
    assert find["filter"] == {
        "$and": [
            {"group": {"$lt": 2}},
            {"$or": [{"n": {"$gt": 2}}, {"n": {"$eq": 2}, "_id": {"$gt": 2}}]},
        ]
    }
    assert find["sort"] == {"n": 1, "_id": 1}


def test_keyset_refuses_junk_tokens_skip_and_text_directions(
    items: MongoKit,
) -> None:
    with pytest.raises(BadRequest):
        items.Item.find().sort("n").keyset(after="junk")
    with pytest.raises(BadQueryException, match="leave out skip"):
        items.Item.find().sort("n").limit(3).keyset()
    with pytest.raises(BadQueryException, match="directions 1 or -1"):
        items.Item.find().sort("name", "text").keyset()


def test_find_takes_a_read_preference_and_concern(
    items: MongoKit, commands: CommandLog
) -> None:
    commands.clear()
    cursor = items.Item.find(
        {"n": 1}, read_preference="secondary", read_concern="majority"
    )
    assert [i["n"] for i in cursor] == [1]
    assert cursor.collection.read_preference == Secondary()
    (find,) = commands.named("find")
    assert find["readConcern"] == {"level": "majority"}
    with pytest.raises(BadQueryException, match="read preference"):
        items.Item.find(read_preference="anywhere")


def test_aggregate_after_the_cursor_stages(
    items: MongoKit, commands: CommandLog
) -> None:
    commands.clear()
    cursor = items.Item.find({"n": {"$gte": 2}}).sort("n", -1).skip(1).limit(5)
    rows = cursor.aggregate([{"$group": {"_id": "$group", "n": {"$sum": 1}}}])
    # n = 8, 7, 6, 5, 4: groups 2, 1, 1, 1, 1.
    assert sorted((r["_id"], r["n"]) for r in rows) == [(1, 4), (2, 1)]
    (sent,) = commands.named("aggregate")
    assert sent["pipeline"][:4] == [
        {"$match": {"n": {"$gte": 2}}},
        {"$sort": {"n": -1}},
        {"$skip": 1},
        {"$limit": 5},
    ]
