"""config_shard_key: every single-document write filters on the shard key,
and a saved document's shard key never changes; write_concern= per write."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

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
