"""config_shard_key: every single-document write filters on the shard key,
and a saved document's shard key never changes; write_concern= per write."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bson import ObjectId

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException, ShardKeyChangeError
from flask_mongo.odm import IntField, StringField
from tests.support import CommandLog, stored


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Invoice(Document):
        config_shard_key = ("tenant", "_id")
        tenant: StringField = StringField()
        total: IntField = IntField()

    return SimpleNamespace(Invoice=Invoice)


def test_save_and_remove_filter_on_the_shard_key(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    invoice = m.Invoice(tenant="acme", total=10)
    invoice.save()
    invoice.total = 12
    invoice.save()
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": invoice.mongo_id, "tenant": "acme"}
    assert stored(invoice)["total"] == 12
    invoice.remove()
    (delete,) = commands.named("delete")
    assert delete["deletes"][0]["q"] == {"_id": invoice.mongo_id, "tenant": "acme"}
    assert m.Invoice.query.count() == 0


def test_changing_a_shard_key_value_is_refused(m: SimpleNamespace) -> None:
    invoice = m.Invoice(tenant="acme", total=10)
    invoice.save()
    invoice.tenant = "other"
    invoice.total = 11
    with pytest.raises(ShardKeyChangeError, match="'tenant' is part of the shard key"):
        invoice.save()
    assert stored(invoice) == {"_id": invoice.mongo_id, "tenant": "acme", "total": 10}
    with pytest.raises(ShardKeyChangeError):
        invoice.remove()
    assert m.Invoice.query.count() == 1


def test_write_concern_per_save_and_remove(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    invoice = m.Invoice(tenant="acme", total=1)
    invoice.save(write_concern={"w": 1, "wtimeout": 500})
    (insert,) = commands.named("insert")
    assert insert["writeConcern"] == {"w": 1, "wtimeout": 500}
    invoice.remove(write_concern=1)
    (delete,) = commands.named("delete")
    assert delete["writeConcern"] == {"w": 1}
    with pytest.raises(BadQueryException, match="write concern must be"):
        m.Invoice(tenant="a", total=1).save(write_concern=1.5)


def test_shard_key_and_version_share_one_filter(
    db: Mongo, app_ctx: None, commands: CommandLog
) -> None:
    class Ledger(Document):
        config_shard_key = ("tenant", "_id")
        config_versioned = True
        tenant: StringField = StringField()
        total: IntField = IntField()

    ledger = Ledger(tenant="acme", total=1)
    ledger.save()
    ledger.total = 2
    ledger.save()
    (update,) = commands.named("update")
    key = ledger.mongo_id
    assert update["updates"][0]["q"] == {"_id": key, "tenant": "acme", "_version": 1}
    ledger.remove()
    (delete,) = commands.named("delete")
    assert delete["deletes"][0]["q"] == {"_id": key, "tenant": "acme", "_version": 2}
    changed = Ledger(tenant="b", total=1)
    changed.save()
    changed.total = 3
    with pytest.raises(BadQueryException, match="does not update them"):
        db.save_all([changed])


def test_an_update_builder_of_one_document_filters_on_the_shard_key(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Invoice = m.Invoice
    invoice = Invoice(tenant="acme", total=10)
    invoice.save()
    commands.clear()
    by_tenant = Invoice.query.filter(Invoice.tenant == "acme")
    with pytest.raises(BadQueryException, match="add an equality on '_id'"):
        by_tenant.set(Invoice.total, 11).execute()
    with pytest.raises(BadQueryException, match="filters on its shard key"):
        by_tenant.find_and_modify().set(Invoice.total, 11).execute()
    assert commands.commands == []
    assert stored(invoice)["total"] == 10
    # The whole shard key, or the _id alone (mongos routes both to one
    # document), or every match.
    Invoice.query.filter(
        Invoice.tenant == "acme", Invoice.mongo_id == invoice.mongo_id
    ).inc(Invoice.total, 1).execute()
    Invoice.query.filter(Invoice.mongo_id == invoice.mongo_id).inc(
        Invoice.total, 1
    ).execute()
    by_tenant.inc(Invoice.total, 1).multi().execute()
    filters = [c["updates"][0]["q"] for c in commands.named("update")]
    assert filters == [
        {"tenant": "acme", "_id": invoice.mongo_id},
        {"_id": invoice.mongo_id},
        {"tenant": "acme"},
    ]
    assert stored(invoice)["total"] == 13


def test_an_upsert_builder_needs_the_whole_shard_key(m: SimpleNamespace) -> None:
    Invoice = m.Invoice
    key = ObjectId()
    with pytest.raises(BadQueryException, match="add an equality on 'tenant'"):
        Invoice.query.filter(Invoice.mongo_id == key).set(total=1).upsert().execute()
    assert Invoice.query.count() == 0
    Invoice.query.filter({"_id": key, "tenant": {"$eq": "acme"}}).set(
        total=1
    ).upsert().execute()
    assert Invoice.query.filter(Invoice.mongo_id == key).one().tenant == "acme"


def test_an_update_builder_does_not_change_a_shard_key(m: SimpleNamespace) -> None:
    Invoice = m.Invoice
    invoice = Invoice(tenant="acme", total=10)
    invoice.save()
    query = Invoice.query.filter(Invoice.mongo_id == invoice.mongo_id)
    with pytest.raises(ShardKeyChangeError, match="'tenant' is part of the shard key"):
        query.set(tenant="other").execute()
    with pytest.raises(ShardKeyChangeError):
        query.inc(Invoice.total, 1).set(tenant="x").multi().execute()
    assert stored(invoice) == {"_id": invoice.mongo_id, "tenant": "acme", "total": 10}
