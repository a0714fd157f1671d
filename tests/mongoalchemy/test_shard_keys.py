# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""config_shard_key through the legacy Session: ``session.update()``
filters on the stored document's shard key, as ``save()`` does."""

from __future__ import annotations

from typing import Any

import pytest
from bson import ObjectId

from flask_mongo.errors import ShardKeyChangeError
from flask_mongoalchemy import Document, MongoAlchemy
from tests.support import CommandLog, stored


def _invoice(db: MongoAlchemy) -> Any:
    class Invoice(Document, mongo=db):
        config_shard_key = ("tenant", "_id")
        tenant = db.StringField()
        total = db.IntField()

    return Invoice


def test_update_with_operators_filters_on_the_shard_key(
    db: MongoAlchemy, commands: CommandLog
) -> None:
    Invoice = _invoice(db)
    session = db.session
    assert session is not None
    invoice = Invoice(tenant="acme", total=10)
    session.save(invoice)
    commands.clear()
    invoice.total = 5
    session.update(invoice, total="$inc")
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": invoice.mongo_id, "tenant": "acme"}
    assert update["updates"][0]["u"] == {"$inc": {"total": 5}}
    assert stored(invoice)["total"] == 15


def test_update_refuses_a_changed_shard_key_value(
    db: MongoAlchemy, commands: CommandLog
) -> None:
    Invoice = _invoice(db)
    session = db.session
    assert session is not None
    invoice = Invoice(tenant="acme", total=10)
    session.save(invoice)
    commands.clear()
    invoice.tenant = "other"
    invoice.total = 1
    with pytest.raises(ShardKeyChangeError, match="'tenant' is part of the shard key"):
        session.update(invoice, total="$inc")
    assert commands.named("update") == []
    assert stored(invoice) == {"_id": invoice.mongo_id, "tenant": "acme", "total": 10}


def test_upsert_of_a_new_document_filters_on_its_shard_key(
    db: MongoAlchemy, commands: CommandLog
) -> None:
    Invoice = _invoice(db)
    session = db.session
    assert session is not None
    key = ObjectId()
    invoice = Invoice(mongo_id=key, tenant="acme", total=3)
    session.update(invoice, upsert=True)
    (update,) = commands.named("update")
    assert update["updates"][0]["q"] == {"_id": key, "tenant": "acme"}
    assert update["updates"][0]["upsert"] is True
    assert stored(invoice) == {"_id": key, "tenant": "acme", "total": 3}
