"""``MONGODB_SANITIZE_FILTERS``: no operators from values in filters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pytest
from flask import Flask

from flask_mongo.structure import UntrustedFilterError
from flask_mongo.structure.sanitize import check_filter
from flask_mongokit import Document, MongoKit, trusted
from tests.support import AppFactory


class Task(Document):
    __collection__ = "tasks"
    structure: ClassVar[dict[Any, Any]] = {"title": str, "rank": int}


@pytest.fixture
def safe(make_app: AppFactory) -> Iterator[MongoKit]:
    app: Flask = make_app("MONGODB", MONGODB_SANITIZE_FILTERS=True)
    db = MongoKit(app)
    db.register([Task])
    with app.app_context():
        for rank in range(3):
            db.tasks.insert({"title": f"t{rank}", "rank": rank})
        yield db
    db.close(app)


EVIL = {"title": {"$ne": None}}


def test_every_filter_taking_method_refuses_operators(safe: MongoKit) -> None:
    calls: list[Callable[[], object]] = [
        lambda: safe.tasks.find(EVIL),
        lambda: safe.tasks.find_one(EVIL),
        lambda: safe.tasks.count(EVIL),
        lambda: safe.tasks.update(EVIL, {"$set": {"rank": 9}}),
        lambda: safe.tasks.remove(EVIL),
        lambda: safe.tasks.find_and_modify(EVIL, {"$set": {"rank": 9}}),
        lambda: safe.Task.find(EVIL),
        lambda: safe.Task.find_one(EVIL),
        lambda: safe.Task.find(EVIL).paginate(1, 10),
        lambda: safe.Task.find_and_modify(EVIL, {"$set": {"rank": 9}}),
        lambda: safe.tasks.find({"$or": [{"title": "t1"}, EVIL]}),
        lambda: safe.tasks.find({"tags": [{"x": {"$gt": 1}}]}),
    ]
    for call in calls:
        with pytest.raises(UntrustedFilterError, match="holds the operator"):
            call()
    assert safe.tasks.count() == 3
    assert safe.tasks.find_one({"rank": 2}, sort=[("rank", 1)]) is not None


def test_trusted_operators_pass(safe: MongoKit) -> None:
    assert safe.tasks.count({"rank": trusted({"$gt": 0})}) == 2
    assert safe.Task.find(trusted({"rank": {"$lt": 2}})).count() == 2
    assert safe.tasks.find({"$where": "this.rank > 1"}).count() == 1
    # The mapper's own operators are trusted.
    first = safe.Task.find_one({"rank": 0})
    assert first is not None
    assert safe.Task.get_or_404(str(first["_id"])) == first
    assert len(list(safe.Task.fetch())) == 3
    assert safe.tasks.remove({"rank": 0})["n"] == 1


def test_off_by_default(mk: MongoKit, ctx: None) -> None:
    mk.tasks.insert({"title": "x"})
    assert mk.tasks.count(EVIL) == 1


def test_check_filter_leaves_ids_alone() -> None:
    check_filter("an id", "find()")
    check_filter(None, "find()")
    check_filter({"a.b": 1, "c": [1, 2], "$text": {"$search": "x"}}, "find()")
    with pytest.raises(UntrustedFilterError, match=r"'a\.b' holds the operator '\$in'"):
        check_filter({"a": {"b": {"$in": [1]}}}, "find()")
    assert trusted(trusted({"a": 1})) == {"a": 1}
