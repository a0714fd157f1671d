"""flask_mongo.signals: sent by both mappers and by the legacy front-ends."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
from blinker import NamedSignal
from pymongo.database import Database

from flask_mongo import Document, Mongo, signals
from flask_mongo.odm import IntField, StringField
from flask_mongo.structure import Document as DictDocument
from flask_mongoalchemy import MongoAlchemy
from flask_mongokit import MongoKit
from tests.support import AppFactory, Raw

ALL = {
    "before_save": signals.before_save,
    "after_save": signals.after_save,
    "before_remove": signals.before_remove,
    "after_remove": signals.after_remove,
    "after_load": signals.after_load,
}


class Refused(Exception):
    pass


@contextmanager
def recorded(sender: Any = None) -> Iterator[list[tuple[str, Any, Raw]]]:
    """Every signal sent while inside: ``(name, sender, keyword arguments)``."""
    sent: list[tuple[str, Any, Raw]] = []

    def receiver_for(name: str) -> Any:
        def receive(sender: Any, **kwargs: Any) -> None:
            sent.append((name, sender, kwargs))

        return receive

    with ExitStack() as stack:
        for name, signal in ALL.items():
            kwargs = {} if sender is None else {"sender": sender}
            stack.enter_context(signal.connected_to(receiver_for(name), **kwargs))
        yield sent


@contextmanager
def refusing(signal: NamedSignal) -> Iterator[None]:
    def refuse(sender: Any, **kwargs: Any) -> None:
        raise Refused("not today")

    with signal.connected_to(refuse):
        yield


@pytest.fixture
def book_cls(db: Mongo) -> type[Any]:
    class SignalBook(Document, mongo=db):
        title = StringField()
        year = IntField(required=False)

    return SignalBook


# -- typed documents -------------------------------------------------------------


def test_typed_save_remove_and_load_send_each_signal(
    book_cls: Any, app_ctx: None
) -> None:
    with recorded() as sent:
        book = book_cls(title="Dive")
        book.save()
        book.year = 2004
        book.save()
        loaded = book_cls.query.get(book.mongo_id)
        loaded.remove()
    assert [(name, sender, kw.get("created")) for name, sender, kw in sent] == [
        ("before_save", book_cls, True),
        ("after_save", book_cls, True),
        ("before_save", book_cls, False),
        ("after_save", book_cls, False),
        ("after_load", book_cls, None),
        ("before_remove", book_cls, None),
        ("after_remove", book_cls, None),
    ]
    documents = [kw["document"] for _, _, kw in sent]
    assert all(d is book for d in documents[:4])
    assert all(d is loaded for d in documents[4:])


def test_before_save_receiver_changes_are_saved(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    def stamp(sender: Any, document: Any, **kwargs: Any) -> None:
        document.year = 1999

    with signals.before_save.connected_to(stamp, sender=book_cls):
        book = book_cls(title="Dive")
        book.save()
    assert raw_db["SignalBook"].find_one({"_id": book.mongo_id}, {"_id": 0}) == {
        "title": "Dive",
        "year": 1999,
    }


def test_refusing_before_save_stops_insert_and_update(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    with refusing(signals.before_save), pytest.raises(Refused):
        book_cls(title="Never").save()
    assert raw_db["SignalBook"].count_documents({}) == 0

    book = book_cls(title="Kept")
    book.save()
    book.title = "Changed"
    with refusing(signals.before_save), pytest.raises(Refused):
        book.save()
    assert raw_db["SignalBook"].find_one()["title"] == "Kept"  # type: ignore[index]


def test_refusing_before_remove_keeps_the_document(
    book_cls: Any, app_ctx: None, raw_db: Database[Raw]
) -> None:
    book = book_cls(title="Kept")
    book.save()
    with refusing(signals.before_remove), pytest.raises(Refused):
        book.remove()
    assert raw_db["SignalBook"].count_documents({"_id": book.mongo_id}) == 1
    book.remove()  # still removable afterwards
    assert raw_db["SignalBook"].count_documents({}) == 0


def test_receivers_of_one_class_hear_only_it(
    db: Mongo, book_cls: Any, app_ctx: None
) -> None:
    class OtherDoc(Document, mongo=db):
        name: StringField = StringField()

    with recorded(sender=book_cls) as sent:
        OtherDoc(name="x").save()
        list(OtherDoc.query)
    assert sent == []


# -- structure documents (Flask-MongoKit) ------------------------------------------


@pytest.fixture
def task_cls(mk: MongoKit) -> type[Any]:
    @mk.register
    class SignalTask(DictDocument):
        __collection__ = "tasks"
        structure = {"title": str, "done": bool}  # noqa: RUF012
        required_fields = ["title"]  # noqa: RUF012

    return SignalTask


def test_structure_save_delete_load_and_reload_send_each_signal(
    mk: MongoKit, task_cls: Any, ctx: None
) -> None:
    with recorded() as sent:
        task = mk.SignalTask()
        task["title"] = "Write"
        task.save()
        task["done"] = True
        task.save()
        loaded = mk.SignalTask.find_one({"_id": task["_id"]})
        loaded.reload()
        loaded.delete()
    assert [(name, sender, kw.get("created")) for name, sender, kw in sent] == [
        ("before_save", task_cls, True),
        ("after_save", task_cls, True),
        ("before_save", task_cls, False),
        ("after_save", task_cls, False),
        ("after_load", task_cls, None),
        ("after_load", task_cls, None),
        ("before_remove", task_cls, None),
        ("after_remove", task_cls, None),
    ]
    assert all(kw["document"] is task for _, _, kw in sent[:4])
    assert all(kw["document"] is loaded for _, _, kw in sent[4:])


def test_structure_receiver_runs_before_validation(
    mk: MongoKit, task_cls: Any, ctx: None, raw_db: Database[Raw]
) -> None:
    def fill(sender: Any, document: Any, **kwargs: Any) -> None:
        document["title"] = "Filled in"

    with signals.before_save.connected_to(fill, sender=task_cls):
        task = mk.SignalTask()
        task.save()  # title is required: the receiver gave it
    assert raw_db["tasks"].find_one({}, {"_id": 0}) == {
        "title": "Filled in",
        "done": None,
    }


def test_structure_refusals_stop_the_writes(
    mk: MongoKit, task_cls: Any, ctx: None, raw_db: Database[Raw]
) -> None:
    task = mk.SignalTask()
    task["title"] = "Never"
    with refusing(signals.before_save), pytest.raises(Refused):
        task.save()
    assert raw_db["tasks"].count_documents({}) == 0
    assert "_id" not in task  # a retry inserts with a fresh _id
    task.save()
    with refusing(signals.before_remove), pytest.raises(Refused):
        task.delete()
    assert raw_db["tasks"].count_documents({}) == 1


# -- the Flask-MongoAlchemy front-end ---------------------------------------------


def test_mongoalchemy_session_sends_the_typed_signals(make_app: AppFactory) -> None:
    app = make_app("MONGOALCHEMY")
    ext = MongoAlchemy(app)

    class LegacyBook(ext.Document):  # type: ignore[name-defined,misc]
        title = ext.StringField()

    try:
        with app.app_context(), recorded(sender=LegacyBook) as sent:
            book = LegacyBook(title="Dive")
            session = ext.session
            assert session is not None
            session.save(book)
            (loaded,) = LegacyBook.query.all()
            session.remove(loaded)
    finally:
        ext.close(app)
    assert [name for name, _, _ in sent] == [
        "before_save",
        "after_save",
        "after_load",
        "before_remove",
        "after_remove",
    ]


def test_no_receiver_no_send(
    book_cls: Any, app_ctx: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing is sent (not even to blinker) while no receiver is connected."""
    sends = []

    def counting(name: str) -> Any:
        def send(*args: Any, **kwargs: Any) -> Any:
            sends.append(name)
            return []

        return send

    for name, signal in ALL.items():
        # No receiver of this process's other tests (FileField's) either.
        monkeypatch.setattr(signal, "receivers", {})
        monkeypatch.setattr(signal, "send", counting(name))
    book = book_cls(title="Dive")
    book.save()
    book_cls.query.get(book.mongo_id).remove()
    assert sends == []
