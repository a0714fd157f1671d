"""``db.transaction()``: a block (or a function) whose writes commit
together or not at all, with the session made active for the mappers."""

from __future__ import annotations

import pytest
from flask import Flask
from pymongo.client_session import ClientSession
from pymongo.errors import OperationFailure

from flask_mongo import Mongo
from flask_mongo.core.transactions import active_session, session_for
from tests.support import TestServer


class Boom(Exception):
    pass


@pytest.mark.usefixtures("app_ctx")
def test_a_block_commits_when_it_ends(db: Mongo) -> None:
    with db.transaction() as session:
        assert session_for(db.client) is session
        db["accounts"].insert_one({"_id": 1, "balance": 10}, session=session)
        db["accounts"].insert_one({"_id": 2, "balance": 5}, session=session)
    assert active_session() is None
    assert db["accounts"].count_documents({}) == 2


@pytest.mark.usefixtures("app_ctx")
def test_a_block_that_raises_writes_nothing(db: Mongo) -> None:
    db["accounts"].insert_one({"_id": 1, "balance": 10})

    def transfer() -> None:
        with db.transaction() as session:
            db["accounts"].update_one(
                {"_id": 1}, {"$inc": {"balance": -10}}, session=session
            )
            db["accounts"].insert_one({"_id": 2, "balance": 10}, session=session)
            raise Boom("after both writes")

    with pytest.raises(Boom, match="after both writes"):
        transfer()
    assert list(db["accounts"].find()) == [{"_id": 1, "balance": 10}]
    assert active_session() is None


@pytest.mark.usefixtures("app_ctx")
def test_an_inner_block_joins_the_outer_transaction(db: Mongo) -> None:
    def nested() -> None:
        with db.transaction() as outer:
            with db.transaction() as inner:
                assert inner is outer
                db["log"].insert_one({"step": 1}, session=inner)
            assert active_session() is outer
            raise Boom("in the outer block")

    with pytest.raises(Boom, match="in the outer block"):
        nested()
    assert db["log"].count_documents({}) == 0


@pytest.mark.usefixtures("app_ctx")
def test_the_function_form_retries_transient_errors(db: Mongo) -> None:
    calls: list[int] = []

    def transfer(session: ClientSession) -> str:
        calls.append(1)
        db["log"].insert_one({"attempt": len(calls)}, session=session)
        if len(calls) == 1:
            error = OperationFailure("write conflict", code=112)
            error._add_error_label("TransientTransactionError")
            raise error
        return "done"

    assert db.transaction(transfer) == "done"
    assert len(calls) == 2
    # The first attempt was rolled back; only the retry's write remains.
    assert [d["attempt"] for d in db["log"].find()] == [2]


@pytest.mark.usefixtures("app_ctx")
def test_the_function_form_does_not_retry_other_errors(db: Mongo) -> None:
    calls: list[int] = []

    def failing(session: ClientSession) -> None:
        calls.append(1)
        db["log"].insert_one({"x": 1}, session=session)
        raise Boom("no retry")

    with pytest.raises(Boom, match="no retry"):
        db.transaction(failing)
    assert len(calls) == 1
    assert db["log"].count_documents({}) == 0


def test_the_session_is_only_for_its_own_client(
    app: Flask, db: Mongo, mongo_server: TestServer
) -> None:
    other = mongo_server.client()
    try:
        with app.app_context(), db.transaction():
            assert session_for(db.client) is not None
            assert session_for(other) is None
    finally:
        other.close()
