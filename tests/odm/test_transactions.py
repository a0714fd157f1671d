"""Typed documents inside ``db.transaction()``: saves, removes, queries and
update builders all run in the transaction's session."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.odm import IntField, StringField


class Boom(Exception):
    pass


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Account(Document, mongo=db):
        owner: StringField = StringField()
        balance: IntField = IntField()

    Account(owner="ann", balance=10).save()
    return SimpleNamespace(Account=Account)


def test_writes_in_a_block_commit_together(db: Mongo, m: SimpleNamespace) -> None:
    Account = m.Account
    with db.transaction():
        ann = Account.query.filter(Account.owner == "ann").one()
        ann.balance = 4
        ann.save()
        Account(owner="bob", balance=6).save()
        # Reads in the block see its writes.
        assert Account.query.count() == 2
        assert sorted(Account.query.distinct("owner")) == ["ann", "bob"]
    assert {a.owner: a.balance for a in Account.query} == {"ann": 4, "bob": 6}


def test_a_block_that_raises_writes_nothing(db: Mongo, m: SimpleNamespace) -> None:
    Account = m.Account

    def transfer() -> None:
        with db.transaction():
            Account.query.filter(Account.owner == "ann").inc(
                Account.balance, -10
            ).execute()
            Account(owner="bob", balance=10).save()
            Account.query.filter(Account.owner == "ann").find_and_modify().set(
                Account.owner, "anne"
            ).execute()
            assert Account.query.filter(Account.owner == "bob").count() == 1
            raise Boom("after the writes")

    with pytest.raises(Boom, match="after the writes"):
        transfer()
    assert [(a.owner, a.balance) for a in Account.query] == [("ann", 10)]


def test_a_remove_is_rolled_back_with_its_block(db: Mongo, m: SimpleNamespace) -> None:
    Account = m.Account
    ann = Account.query.one()

    def close_account() -> None:
        with db.transaction():
            ann.remove()
            assert Account.query.count() == 0
            raise Boom("changed my mind")

    with pytest.raises(Boom, match="changed my mind"):
        close_account()
    assert Account.query.count() == 1
