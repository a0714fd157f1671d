"""db.transaction() on MongoKit: documents, bound classes and legacy
collections all run in the transaction's session."""

from __future__ import annotations

import pytest
from pymongo.client_session import ClientSession

from flask_mongokit import Document, MongoKit, VersionedDocument


class Boom(Exception):
    pass


class Account(Document):
    __collection__ = "accounts"
    structure = {"name": str, "balance": int}
    use_dot_notation = True


@pytest.fixture
def bank(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Account])
    mk.Account({"name": "ann", "balance": 10}).save()
    return mk


def test_writes_in_a_block_commit_together(bank: MongoKit) -> None:
    with bank.transaction():
        ann = bank.Account.find_one({"name": "ann"})
        assert ann is not None
        ann.balance -= 5
        ann.save()
        bank.Account({"name": "bob", "balance": 5}).save()
        bank["log"].insert({"moved": 5})
        # Reads inside the block see its writes; others do not, yet.
        assert bank.Account.find({"balance": 5}).count() == 2
        assert bank["accounts"].count({"balance": 5}, session=None) == 0
    balances = {a.name: a.balance for a in bank.Account.find()}
    assert balances == {"ann": 5, "bob": 5}
    assert bank["log"].count() == 1


def test_a_block_that_raises_writes_nothing(bank: MongoKit) -> None:
    def transfer() -> None:
        with bank.transaction():
            ann = bank.Account.find_one({"name": "ann"})
            assert ann is not None
            ann.balance = 0
            ann.save()
            bank.Account({"name": "bob", "balance": 10}).save()
            bank["accounts"].update({"name": "ann"}, {"$inc": {"balance": 1}})
            bank["log"].insert({"moved": 10})
            bank.Account.find_and_modify({"name": "ann"}, {"$set": {"name": "x"}})
            raise Boom("after the writes")

    with pytest.raises(Boom, match="after the writes"):
        transfer()
    assert [(a.name, a.balance) for a in bank.Account.find()] == [("ann", 10)]
    assert bank["log"].count() == 0


def test_a_delete_in_a_block_that_raises_is_undone(bank: MongoKit) -> None:
    ann = bank.Account.find_one({"name": "ann"})
    assert ann is not None

    def remove() -> None:
        with bank.transaction():
            ann.delete()
            assert bank.Account.get_from_id(ann["_id"]) is None
            raise Boom("after the delete")

    with pytest.raises(Boom, match="after the delete"):
        remove()
    assert bank.Account.get_or_404(str(ann["_id"])).balance == 10


def test_the_function_form(bank: MongoKit) -> None:
    def pay(session: ClientSession) -> int:
        bank.Account({"name": "bob", "balance": 3}).save()
        count: int = bank.Account.find().count()
        return count

    assert bank.transaction(pay) == 2
    assert bank["accounts"].count() == 2


def test_an_explicit_session_wins(bank: MongoKit) -> None:
    def log() -> None:
        with bank.transaction():
            # Outside the transaction, on purpose: it stays.
            bank["log"].insert({"kept": True}, session=None)
            raise Boom("after the insert")

    with pytest.raises(Boom, match="after the insert"):
        log()
    assert bank["log"].count() == 1


class Page(VersionedDocument):
    __collection__ = "pages"
    structure = {"title": str}


def test_revisions_are_kept_in_the_transaction(mk: MongoKit, ctx: None) -> None:
    mk.register([Page])
    page = mk.Page({"title": "v1"})
    page.save()

    def edit() -> None:
        with mk.transaction():
            page["title"] = "v2"
            page.save()
            assert page.get_last_revision_id() == 2
            raise Boom("after the save")

    with pytest.raises(Boom, match="after the save"):
        edit()
    assert [p["title"] for p in page.get_revisions()] == ["v1"]
    assert mk["versioned_pages"].count() == 1
