"""Enum, geo, binary, computed, created and modified fields."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bson import Binary

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException, MissingValueException
from flask_mongo.odm import Index
from tests.support import found, reload, stored


def wait_a_millisecond() -> None:
    # Timestamps are kept to the millisecond: make the next one differ.
    time.sleep(0.003)


# -- EnumField -----------------------------------------------------------------


def test_enum_round_trip_validation_and_query(db: Mongo, app_ctx: None) -> None:
    class Task(db.Document):
        state = db.EnumField(db.StringField(), "todo", "doing", "done")
        level = db.EnumField(db.IntField(), 1, 2, 3, default=1)

    task = Task(state="todo")
    assert task.level == 1
    task.save()
    Task(state="done", level=3).save()
    again = reload(task)
    assert (again.state, again.level) == ("todo", 1)
    again.state = "doing"
    again.save()
    assert reload(task).state == "doing"
    assert Task.query.filter(Task.state == "doing").one() == task
    assert Task.query.filter(Task.level.in_(2, 3)).count() == 1
    with pytest.raises(BadValueException, match=r"Task\.state.*one of 'todo'"):
        again.state = "later"
    with pytest.raises(BadValueException, match=r"Task\.state.*a str"):
        again.state = 1  # type: ignore[assignment]
    with pytest.raises(BadValueException, match=r"Task\.level.*one of 1, 2, 3"):
        again.level = 4
    with pytest.raises(BadValueException, match=r"Task\.state.*one of"):
        Task.state == "nope"  # noqa: B015
    with pytest.raises(BadValueException, match="not None"):
        again.state = None  # type: ignore[assignment]


def test_enum_values_must_fit_the_item_type(db: Mongo) -> None:
    with pytest.raises(BadValueException, match=r"'two': expected an int"):
        db.EnumField(db.IntField(), 1, "two")  # type: ignore[misc]  # "two": no int


# -- GeoField ------------------------------------------------------------------


def test_geo_round_trip_validation_and_box_query(db: Mongo, app_ctx: None) -> None:
    class Place(db.Document):
        name = db.StringField()
        loc = db.GeoField()
        config_indexes = [Index().geo2d("loc")]  # noqa: RUF012

    home = Place(name="home", loc=[1, 2])  # a list is accepted
    assert home.loc == (1.0, 2.0)
    home.save()
    assert stored(home)["loc"] == [1.0, 2.0]
    again = reload(home)
    assert again.loc == (1.0, 2.0)
    assert isinstance(again.loc, tuple)
    Place(name="far", loc=(50.5, 60)).save()
    assert Place.query.filter(Place.loc == (50.5, 60)).one().name == "far"
    near_origin = Place.query.filter(Place.loc.within_box((0, 0), (5, 5)))
    assert [p.name for p in near_origin] == ["home"]
    for bad in ((1, 2, 3), (1, "2"), "1,2", (True, 1), [1]):
        with pytest.raises(BadValueException, match=r"Place\.loc.*\(x, y\) pair"):
            again.loc = bad  # type: ignore[assignment]
    again.loc = (3, 4)
    again.save()
    assert reload(home).loc == (3.0, 4.0)


# -- BinaryField ---------------------------------------------------------------


def test_binary_round_trip_and_query(db: Mongo, app_ctx: None) -> None:
    class Attachment(db.Document):
        data = db.BinaryField()

    payload = b"\x00\xffbinary\x00"
    file = Attachment(data=payload)
    file.save()
    raw = Attachment.get_collection().find_one({}, {"data": 1})
    assert raw is not None
    assert raw["data"] == payload  # stored as BSON binary (subtype 0)
    again = reload(file)
    assert again.data == payload
    assert type(again.data) is bytes
    again.data = bytearray(b"abc")  # type: ignore[assignment]  # accepted, kept as bytes
    assert again.data == b"abc"
    assert type(again.data) is bytes
    again.save()
    assert reload(file).data == b"abc"
    assert Attachment.query.filter(Attachment.data == b"abc").one() == file
    # Stored by someone else with another subtype: still read as bytes.
    oid = (
        Attachment.get_collection()
        .insert_one({"data": Binary(b"uuid-ish-bytes!!", 4)})
        .inserted_id
    )
    other = Attachment.query.get(oid)
    assert other is not None
    assert type(other.data) is bytes
    assert other.data == b"uuid-ish-bytes!!"
    with pytest.raises(BadValueException, match=r"Attachment\.data.*bytes"):
        again.data = "text"  # type: ignore[assignment]


# -- ComputedField -------------------------------------------------------------


def test_computed_field_recomputed_before_every_write(db: Mongo, app_ctx: None) -> None:
    calls: list[dict[str, Any]] = []

    class Order(db.Document):
        price = db.IntField()
        count = db.IntField(default=1)

        @db.computed_field(db.IntField(min_value=0), deps=[price, count])
        def total(obj: dict[str, Any]) -> int:
            calls.append(dict(obj))
            return int(obj["price"] * obj["count"])

    order = Order(price=5, count=2)
    assert order.total == 10  # current when read, before any save
    assert calls[-1] == {"price": 5, "count": 2}
    order.save()
    assert stored(order)["total"] == 10
    order.count = 3
    order.save()  # second save: recomputed from the new count
    assert stored(order)["total"] == 15
    again = reload(order)
    assert again.total == 15
    assert again.get_dirty_ops() == {}  # unchanged inputs: nothing to write
    assert Order.query.filter(Order.total > 12).one() == order
    with pytest.raises(BadValueException, match=r"Order\.total.*cannot be assigned"):
        again.total = 1
    with pytest.raises(BadValueException, match="cannot be assigned"):
        Order(price=1, total=3)
    again.price = -1
    with pytest.raises(BadValueException, match=r"Order\.total.*min_value=0"):
        again.save()  # the computed value is validated too
    assert stored(order)["total"] == 15


def test_computed_field_one_time(db: Mongo, app_ctx: None) -> None:
    class Account(db.Document):
        name = db.StringField()
        slug = db.ComputedField(
            db.StringField(), lambda d: d["name"].lower(), deps=["name"], one_time=True
        )

    account = Account(name="Ann")
    account.save()
    assert stored(account)["slug"] == "ann"
    account.name = "Annabel"
    account.save()
    assert stored(account)["slug"] == "ann"  # computed once only
    assert reload(account).slug == "ann"


def test_computed_field_with_a_missing_dependency(db: Mongo, app_ctx: None) -> None:
    class Order(db.Document):
        price = db.IntField()

        @db.computed_field(db.IntField(), deps=[price])
        def doubled(obj: dict[str, Any]) -> int:
            return int(obj["price"] * 2)

    with pytest.raises(MissingValueException, match=r"Order\.price is required"):
        Order().save()
    assert Order.query.count() == 0


def test_computed_field_keeps_stored_value_when_deps_not_loaded(
    db: Mongo, app_ctx: None
) -> None:
    class Order(db.Document):
        price = db.IntField()

        @db.computed_field(db.IntField(), deps=[price])
        def doubled(obj: dict[str, Any]) -> int:
            return int(obj["price"] * 2)

    Order(price=4).save()
    partial = Order.query.fields(Order.doubled).one()
    assert partial.doubled == 8


# -- CreatedField and ModifiedField --------------------------------------------


def test_created_and_modified_across_saves(db: Mongo, app_ctx: None) -> None:
    class Note(db.Document):
        text = db.StringField()
        created = db.CreatedField()
        modified = db.ModifiedField()

    note = Note(text="a")
    assert note.created is None  # not saved yet
    before = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=1)
    note.save()
    first = stored(note)
    assert first["created"] == first["modified"]
    assert before < first["created"] <= datetime.now(UTC).replace(tzinfo=None)
    assert note.created == first["created"]  # what was saved, to the ms

    wait_a_millisecond()
    again = reload(note)
    again.save()  # nothing changed: nothing written, modified kept
    assert stored(note)["modified"] == first["modified"]

    again.text = "b"
    again.save()
    second = stored(note)
    assert second["created"] == first["created"]  # set once
    assert second["modified"] > first["modified"]  # set by the save that wrote
    assert reload(note).modified == second["modified"]
    assert Note.query.filter(Note.modified > first["created"]).one() == note


def test_modified_counts_changes_made_in_place(db: Mongo, app_ctx: None) -> None:
    class Note(db.Document):
        tags = db.ListField(db.StringField())
        modified = db.ModifiedField(tz_aware=True)

    note = Note(tags=[])
    note.save()
    first = found(note.modified)
    assert first.tzinfo is not None
    wait_a_millisecond()
    note.tags.append("x")
    note.save()
    assert found(note.modified) > first
    assert reload(note).modified == note.modified
    assert found(reload(note).modified).tzinfo is not None


def test_created_keeps_a_given_value(db: Mongo, app_ctx: None) -> None:
    class Note(db.Document):
        created = db.CreatedField()

    when = datetime(2020, 1, 2, 3, 4, 5)
    note = Note(created=when)
    note.save()
    assert reload(note).created == when
