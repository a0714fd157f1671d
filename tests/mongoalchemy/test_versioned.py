# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""config_versioned through the legacy Session: add() and update()."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import MongoClient

from flask_mongoalchemy import Document, MongoAlchemy, StaleDocument
from tests.support import TestServer, found


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Any]:
    client: MongoClient[dict[str, Any]] = mongo_server.client()
    yield client[database_name]
    client.close()


def _counter(db: MongoAlchemy) -> Any:
    class Counter(Document, mongo=db):
        config_versioned = True
        name = db.StringField()
        n = db.IntField()
        log = db.ListField(db.StringField(), default_empty=True)

    return Counter


def test_session_add_of_a_stale_copy_writes_nothing(db: MongoAlchemy, raw: Any) -> None:
    Counter = _counter(db)
    session = db.session
    assert session is not None
    counter = Counter(name="hits", n=0)
    session.add(counter)
    first = Counter.query.one()
    second = Counter.query.one()
    first.n = 1
    session.add(first)
    second.n = 5
    with pytest.raises(StaleDocument, match="saved by another writer"):
        session.add(second)
    assert found(raw.Counter.find_one())["n"] == 1


def test_session_update_with_operators_is_versioned(db: MongoAlchemy, raw: Any) -> None:
    Counter = _counter(db)
    session = db.session
    assert session is not None
    session.add(Counter(name="hits", n=0))
    first = Counter.query.one()
    second = Counter.query.one()
    first.n = 1
    session.update(first, n="$inc")
    second.n = 1
    with pytest.raises(StaleDocument):
        session.update(second, n="$inc")
    assert found(raw.Counter.find_one())["n"] == 1
    assert found(raw.Counter.find_one())["_version"] == 2
    # An operator given for a list applies to its whole value, not $each.
    again = Counter.query.one()
    again.log.append("x")
    session.update(again, log="$pushAll")
    assert found(raw.Counter.find_one())["log"] == ["x"]
