"""``db.save_all(docs)`` for dict documents: every document validated
before anything is sent, one ``bulk_write`` per collection, accepted
documents marked saved, refusals reported without losing the others."""

from __future__ import annotations

from typing import Any

import pytest
from pymongo.database import Database

from flask_mongo import signals
from flask_mongo.errors import BadQueryException, BulkWriteFailed
from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm import StringField
from flask_mongo.structure.bulk import save_all
from flask_mongo.structure.exceptions import SchemaDocumentError
from flask_mongokit import Document, MongoKit
from tests.support import CommandLog, found

Raw = dict[str, Any]


class Order(Document):
    __collection__ = "orders"
    shard_key = ("region", "_id")
    structure = {"region": str, "total": int}
    required_fields = ["region"]


class Customer(Document):
    __collection__ = "customers"
    structure = {"name": str}


class Counter(Document):
    __collection__ = "counters"
    structure = {"n": int}
    use_optimistic_locking = True


@pytest.fixture
def kit(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Order, Customer, Counter])
    return mk


def test_one_write_per_collection_inserts_and_replaces(
    kit: MongoKit, commands: CommandLog, raw_db: Database[Raw]
) -> None:
    stored = kit.Order({"region": "eu", "total": 1})
    stored.save()
    commands.clear()
    stored["total"] = 2
    new = [kit.Order({"region": "us", "total": n}) for n in range(3)]
    customer = kit.Customer({"name": "Ann"})
    kit.save_all([stored, *new, customer])
    inserts, updates = commands.named("insert"), commands.named("update")
    assert [c["insert"] for c in inserts] == ["orders", "customers"]
    assert len(inserts[0]["documents"]) == 3
    ((replace,),) = [c["updates"] for c in updates]
    assert replace["q"] == {"_id": stored["_id"], "region": "eu"}
    assert commands.named("find") == []  # every replace matched: no lookup
    assert raw_db.orders.find_one({"_id": stored["_id"]}) == {**stored}
    assert raw_db.orders.count_documents({"region": "us"}) == 3
    assert raw_db.customers.find_one() == {"_id": customer["_id"], "name": "Ann"}
    # Marked saved: a later save replaces (with the shard key) by its _id.
    new[0]["total"] = 9
    new[0].save()
    assert found(raw_db.orders.find_one({"_id": new[0]["_id"]}))["total"] == 9


def test_an_invalid_document_stops_everything_before_sending(
    kit: MongoKit, commands: CommandLog, raw_db: Database[Raw]
) -> None:
    good = kit.Order({"region": "eu", "total": 1})
    bad = kit.Order({"total": 2})  # no region
    with pytest.raises(SchemaDocumentError, match="region"):
        kit.save_all([good, bad])
    assert commands.commands == []
    assert "_id" not in good
    assert raw_db.orders.count_documents({}) == 0


def test_unordered_refusals_are_reported_and_the_others_saved(
    kit: MongoKit, raw_db: Database[Raw]
) -> None:
    raw_db.customers.create_index("name", unique=True)
    raw_db.customers.insert_one({"name": "Ann"})
    bo, dup, cy = (kit.Customer({"name": n}) for n in ("Bo", "Ann", "Cy"))
    refused_one = "1 document\\(s\\) were refused"
    with pytest.raises(BulkWriteFailed, match=refused_one) as caught:
        save_all([bo, dup, cy], ordered=False)
    ((refused, error),) = caught.value.failures
    assert refused is dup
    assert error["code"] == 11000
    assert caught.value.unsent == []
    assert "_id" not in dup  # as given: a retry inserts it afresh
    names = sorted(d["name"] for d in raw_db.customers.find())
    assert names == ["Ann", "Bo", "Cy"]
    cy["name"] = "Cyd"
    cy.save()  # marked saved: replaced, not inserted again
    assert raw_db.customers.count_documents({}) == 3


def test_ordered_stops_at_the_first_refusal(
    kit: MongoKit, raw_db: Database[Raw]
) -> None:
    raw_db.customers.create_index("name", unique=True)
    raw_db.customers.insert_one({"name": "Ann"})
    bo, dup, cy = (kit.Customer({"name": n}) for n in ("Bo", "Ann", "Cy"))
    later = kit.Order({"region": "eu", "total": 1})
    with pytest.raises(BulkWriteFailed, match="and 2 not sent") as caught:
        kit.save_all([bo, dup, cy, later])
    assert [d for d, _ in caught.value.failures] == [dup]
    assert caught.value.unsent == [cy, later]
    assert "_id" not in cy
    assert "_id" not in later
    assert sorted(d["name"] for d in raw_db.customers.find()) == ["Ann", "Bo"]
    assert raw_db.orders.count_documents({}) == 0


def test_a_document_deleted_meanwhile_is_reported_not_recreated(
    kit: MongoKit, raw_db: Database[Raw]
) -> None:
    gone, kept = kit.Customer({"name": "Gus"}), kit.Customer({"name": "Kay"})
    gone.save()
    kept.save()
    raw_db.customers.delete_one({"_id": gone["_id"]})
    gone["name"] = "Gus 2"
    kept["name"] = "Kay 2"
    with pytest.raises(BulkWriteFailed, match="no longer in") as caught:
        kit.save_all([gone, kept])
    assert [d for d, _ in caught.value.failures] == [gone]
    assert [d["name"] for d in raw_db.customers.find()] == ["Kay 2"]


def test_refused_before_sending(
    kit: MongoKit, db_typed: Any, commands: CommandLog
) -> None:
    removed = kit.Customer({"name": "Rex"})
    removed.save()
    removed.delete()
    commands.clear()
    with pytest.raises(SchemaDocumentError, match="will not recreate it"):
        kit.save_all([kit.Customer({"name": "x"}), removed])
    counter = kit.Counter({"n": 1})
    counter.save()
    with pytest.raises(BadQueryException, match="save\\(\\) each changed one"):
        kit.save_all([counter])
    with pytest.raises(BadQueryException, match="not both"):
        kit.save_all([kit.Customer({"name": "x"}), db_typed(name="y")])
    assert commands.named("update") == []
    assert len(commands.named("insert")) == 1


def test_versions_and_write_concern(
    kit: MongoKit, commands: CommandLog, raw_db: Database[Raw]
) -> None:
    counters = [kit.Counter({"n": n}) for n in range(2)]
    kit.save_all(counters, write_concern={"w": 1})
    (insert,) = commands.named("insert")
    assert insert["writeConcern"] == {"w": 1}
    assert [d["_version"] for d in raw_db.counters.find()] == [1, 1]
    counters[0]["n"] = 5
    counters[0].save()  # the ordinary locked save goes on from version 1
    assert found(raw_db.counters.find_one({"_id": counters[0]["_id"]}))["_version"] == 2


@pytest.fixture
def db_typed(kit: MongoKit) -> Any:
    class Tag(TypedDocument, mongo=kit):
        name: StringField = StringField()

    return Tag


def test_signals_and_a_refused_version(kit: MongoKit, raw_db: Database[Raw]) -> None:
    raw_db.customers.create_index("name", unique=True)
    raw_db.customers.insert_one({"name": "Ann"})
    stored = kit.Customer({"name": "Bo"})
    stored.save()
    stored["name"] = "Bob"
    new, dup = kit.Customer({"name": "Cy"}), kit.Customer({"name": "Ann"})
    seen: list[tuple[str, str, bool]] = []

    def before(sender: Any, document: Any, created: bool) -> None:
        seen.append(("before", document["name"], created))

    def after(sender: Any, document: Any, created: bool) -> None:
        seen.append(("after", document["name"], created))

    with (
        signals.before_save.connected_to(before),
        signals.after_save.connected_to(after),
        pytest.raises(BulkWriteFailed),
    ):
        kit.save_all([stored, new, dup], ordered=False)
    assert seen == [
        ("before", "Bob", False),
        ("before", "Cy", True),
        ("before", "Ann", True),
        ("after", "Bob", False),
        ("after", "Cy", True),
    ]
    # A versioned document that does not validate keeps no version.
    bad = kit.Counter({"n": "three"})
    with pytest.raises(SchemaDocumentError):
        kit.save_all([bad])
    assert "_version" not in bad
