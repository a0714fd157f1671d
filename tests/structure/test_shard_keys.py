"""A MongoKit-style class's ``shard_key``: saves and deletes filter on it,
and a stored document's shard-key value never changes."""

from __future__ import annotations

import pytest

from flask_mongo.errors import ShardKeyChangeError
from flask_mongokit import Document, MongoKit
from tests.support import CommandLog


class Order(Document):
    __collection__ = "orders"
    shard_key = ("region", "_id")
    structure = {"region": str, "total": int}


@pytest.fixture
def kit(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Order])
    return mk


def test_save_and_delete_filter_on_the_shard_key(
    kit: MongoKit, commands: CommandLog
) -> None:
    order = kit.Order({"region": "eu", "total": 3})
    order.save()
    loaded = kit.Order.find_one({"_id": order["_id"]})
    assert loaded is not None
    loaded["total"] = 4
    loaded.save()
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": order["_id"], "region": "eu"}
    loaded.delete()
    (delete,) = commands.named("delete")
    assert delete["deletes"][0]["q"] == {"_id": order["_id"], "region": "eu"}
    assert kit["orders"].count_documents({}) == 0


def test_a_changed_shard_key_value_is_refused(kit: MongoKit) -> None:
    order = kit.Order({"region": "eu", "total": 3})
    order.save()
    order["region"] = "us"
    with pytest.raises(ShardKeyChangeError, match="'region' is part of the shard"):
        order.save()
    assert kit["orders"].find_one() == {"_id": order["_id"], "region": "eu", "total": 3}
    # Deleting it removes the stored document, found by its stored key.
    order.delete()
    assert kit["orders"].count_documents({}) == 0


class Account(Document):
    __collection__ = "accounts"
    shard_key = ("region", "_id")
    use_optimistic_locking = True
    structure = {"region": str, "total": int}


def test_shard_key_and_version_share_one_filter(
    mk: MongoKit, ctx: None, commands: CommandLog
) -> None:
    mk.register([Account])
    account = mk.Account({"region": "eu", "total": 1})
    account.save()
    account["total"] = 2
    account.save()
    (update,) = commands.named("update")
    key = account["_id"]
    assert update["updates"][0]["q"] == {"_id": key, "region": "eu", "_version": 1}
    account.delete()
    (delete,) = commands.named("delete")
    assert delete["deletes"][0]["q"] == {"_id": key, "region": "eu", "_version": 2}
