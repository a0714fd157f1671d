"""default_values (values and callables, dotted paths) and use_dot_notation."""

from __future__ import annotations

import itertools
import logging
from datetime import datetime

import pytest

from flask_mongo.structure import DotDict
from flask_mongokit import Document, MongoKit
from tests.support import found

counter = itertools.count(1)


def next_number() -> int:
    return next(counter)


class Ticket(Document):
    __collection__ = "tickets"
    structure = {
        "number": int,
        "status": str,
        "labels": [str],
        "owner": {"name": str, "team": {"name": str}},
        "opened": datetime,
    }
    default_values = {
        "number": next_number,
        "status": "open",
        "labels": ["new"],
        "owner.team.name": "support",
        "opened": lambda: datetime(2024, 1, 1),
    }
    use_dot_notation = True


def test_values_and_callables() -> None:
    first, second = Ticket(), Ticket()
    assert first["status"] == "open"
    assert first["owner"] == {"name": None, "team": {"name": "support"}}
    assert first["opened"] == datetime(2024, 1, 1)
    # A callable is called for each document.
    assert second["number"] == first["number"] + 1
    # Mutable defaults are copied: documents do not share them.
    first["labels"].append("urgent")
    assert second["labels"] == ["new"]
    assert Ticket.default_values["labels"] == ["new"]


def test_given_values_win_over_defaults() -> None:
    ticket = Ticket({"status": "closed", "owner": {"team": {"name": "dev"}}})
    assert ticket["status"] == "closed"
    assert ticket["owner"] == {"team": {"name": "dev"}, "name": None}
    assert Ticket({"status": None})["status"] == "open"


def test_no_defaults_without_skeleton() -> None:
    assert Ticket({"status": "x"}, gen_skel=False) == {"status": "x"}


def test_dot_notation_reads_and_writes() -> None:
    ticket = Ticket()
    ticket.status = "pending"
    ticket.owner.name = "Ann"
    ticket.owner.team.name = "ops"
    assert ticket["status"] == "pending"
    assert ticket["owner"] == {"name": "Ann", "team": {"name": "ops"}}
    assert ticket.owner.team.name == "ops"
    ticket.owner = {"name": "Bob", "team": {"name": "qa"}}  # a plain dict
    assert ticket.owner.team.name == "qa"
    assert isinstance(ticket["owner"], DotDict)
    del ticket.status
    assert "status" not in ticket
    ticket.validate_me = True  # not a field: an attribute, not saved
    assert "validate_me" not in ticket


def test_dot_notation_on_loaded_documents(mk: MongoKit, ctx: None) -> None:
    class Thread(Document):
        __collection__ = "threads"
        structure = {"title": str, "posts": [{"by": str}], "meta": dict}
        use_dot_notation = True

    mk.register([Thread])
    mk["threads"].insert_one(
        {"title": "t", "posts": [{"by": "ann"}], "meta": {"a": {"b": 1}}}
    )
    thread = mk.Thread.find_one()
    assert thread.title == "t"
    assert [post.by for post in thread.posts] == ["ann"]
    assert thread.meta.a.b == 1
    thread.posts[0].by = "bob"
    thread.save()
    assert found(mk["threads"].find_one())["posts"] == [{"by": "bob"}]


def test_attribute_errors_say_what_to_do() -> None:
    class Plain(Document):
        structure = {"title": str}

    doc = Plain()
    with pytest.raises(
        AttributeError, match=r"read doc\['title'\], or set use_dot_notation"
    ):
        _ = doc.title
    with pytest.raises(AttributeError, match="has no attribute 'nothing'"):
        _ = Ticket().nothing


def test_dot_notation_warning(caplog: pytest.LogCaptureFixture) -> None:
    class Warned(Document):
        structure = {"title": str}
        use_dot_notation = True
        dot_notation_warning = True

    doc = Warned()
    with caplog.at_level(logging.WARNING, logger="flask_mongo.structure"):
        doc.title = "ok"
        doc.titel = "typo"
    assert doc == {"title": "ok"}
    assert doc.titel == "typo"
    assert "titel is not in the structure of Warned" in caplog.text
    assert "title is not" not in caplog.text
