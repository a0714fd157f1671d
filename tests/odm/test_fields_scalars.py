"""Scalar fields: strings, numbers, booleans, ids, datetimes, anything.

Each field is saved through the wire server, read back, validated on
assignment and used in a query on stored data.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from bson import ObjectId

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException, MissingValueException
from tests.support import reload, stored


def test_string_round_trip_bounds_and_query(db: Mongo, app_ctx: None) -> None:
    class Person(db.Document):
        name = db.StringField(min_length=2, max_length=10)
        nick = db.StringField(required=False)

    ann = Person(name="Ann")
    ann.save()
    Person(name="Bob", nick="b").save()
    assert reload(ann).name == "Ann"
    assert reload(ann).nick is None  # not required: unset reads as None
    assert [p.name for p in Person.query.filter(Person.name == "Bob")] == ["Bob"]
    assert Person.query.filter(Person.name.startswith("A")).one().name == "Ann"
    with pytest.raises(BadValueException, match=r"Person\.name.*expected a str"):
        ann.name = 3  # type: ignore[assignment]
    with pytest.raises(BadValueException, match=r"Person\.name.*min_length=2"):
        ann.name = "A"
    with pytest.raises(BadValueException, match=r"Person\.name.*max_length=10"):
        ann.name = "A" * 11
    with pytest.raises(BadValueException, match=r"Person\.name.*not None"):
        ann.name = None  # type: ignore[assignment]
    with pytest.raises(BadValueException, match=r"Person\.name"):
        Person.name == 3  # noqa: B015  (a bad query value is refused too)
    assert reload(ann).name == "Ann"


def test_regex_string(db: Mongo, app_ctx: None) -> None:
    class Code(db.Document):
        value = db.RegExStringField(r"[A-Z]{3}-\d+")

    code = Code(value="ABC-12")
    code.save()
    assert reload(code).value == "ABC-12"
    assert Code.query.filter(Code.value == "ABC-12").count() == 1
    with pytest.raises(BadValueException, match=r"Code\.value.*does not match"):
        code.value = "abc-12"
    with pytest.raises(BadValueException, match="does not match"):
        code.value = "ABC-12x"  # the whole value must match


def test_bool(db: Mongo, app_ctx: None) -> None:
    class Flag(db.Document):
        on = db.BoolField()

    Flag(on=True).save()
    off = Flag(on=False)
    off.save()
    assert reload(off).on is False
    assert Flag.query.filter(Flag.on == False).one().mongo_id == off.mongo_id  # noqa: E712
    with pytest.raises(BadValueException, match=r"Flag\.on.*a bool"):
        off.on = 1  # type: ignore[assignment]


def test_int_bounds_and_range_query(db: Mongo, app_ctx: None) -> None:
    class Item(db.Document):
        n = db.IntField(min_value=0, max_value=100)
        big = db.IntField(required=False)

    for n in (1, 50, 99):
        Item(n=n).save()
    item = Item(n=7, big=2**62)
    item.save()
    again = reload(item)
    assert (again.n, again.big) == (7, 2**62)
    mid = Item.query.filter(Item.n > 5, Item.n < 60).ascending(Item.n)
    assert [i.n for i in mid] == [7, 50]
    assert sorted(i.n for i in Item.query.filter(Item.n.in_(1, 99))) == [1, 99]
    with pytest.raises(BadValueException, match=r"Item\.n.*min_value=0"):
        item.n = -1
    with pytest.raises(BadValueException, match=r"Item\.n.*max_value=100"):
        item.n = 101
    with pytest.raises(BadValueException, match="an int"):
        item.n = True  # bool is not an int here
    with pytest.raises(BadValueException, match="an int"):
        item.n = 1.5  # type: ignore[assignment]
    with pytest.raises(BadValueException, match="64 bits"):
        item.big = 2**63


def test_float_accepts_int_and_stores_float(db: Mongo, app_ctx: None) -> None:
    class Price(db.Document):
        value = db.FloatField(min_value=0)

    price = Price(value=3)
    price.save()
    assert stored(price)["value"] == 3.0
    assert isinstance(stored(price)["value"], float)
    assert reload(price).value == 3.0
    Price(value=9.5).save()
    assert Price.query.filter(Price.value >= 4).one().value == 9.5
    with pytest.raises(BadValueException, match=r"Price\.value.*min_value=0"):
        price.value = -0.5
    with pytest.raises(BadValueException, match="a float"):
        price.value = "3.0"  # type: ignore[assignment]


def test_object_id_accepts_hex_and_bytes(db: Mongo, app_ctx: None) -> None:
    class Link(db.Document):
        target = db.ObjectIdField()
        token = db.ObjectIdField(auto=True)

    oid = ObjectId()
    link = Link(target=str(oid))
    assert isinstance(link.token, ObjectId)  # auto: a fresh id per document
    assert link.token != Link(target=oid).token
    link.save()
    assert reload(link).target == oid
    assert stored(link)["target"] == oid  # stored as an ObjectId, not a str
    link.target = oid.binary  # type: ignore[assignment]  # its 12 bytes: accepted
    link.save()
    assert reload(link).target == oid
    assert Link.query.filter(Link.target == str(oid)).count() == 1
    with pytest.raises(BadValueException, match=r"Link\.target.*ObjectId"):
        link.target = "not-an-id"  # type: ignore[assignment]
    with pytest.raises(BadValueException, match="ObjectId"):
        link.target = 12  # type: ignore[assignment]


def test_datetime_round_trip_bounds_and_query(db: Mongo, app_ctx: None) -> None:
    class Event(db.Document):
        at = db.DateTimeField(min_date=datetime(2000, 1, 1))

    event = Event(at=datetime(2024, 5, 6, 7, 8, 9, 123456))
    event.save()
    # BSON keeps milliseconds.
    assert reload(event).at == datetime(2024, 5, 6, 7, 8, 9, 123000)
    Event(at=datetime(2001, 1, 1)).save()
    assert Event.query.filter(Event.at > datetime(2020, 1, 1)).one() == event
    with pytest.raises(BadValueException, match=r"Event\.at.*min_date"):
        event.at = datetime(1999, 12, 31)
    with pytest.raises(BadValueException, match="a datetime"):
        event.at = "2024-01-01"  # type: ignore[assignment]


def test_datetime_use_tz_reads_aware_utc(db: Mongo, app_ctx: None) -> None:
    class Event(db.Document):
        at = db.DateTimeField(use_tz=True)

    paris = timezone(timedelta(hours=2))
    event = Event(at=datetime(2024, 5, 6, 9, 0, tzinfo=paris))
    event.save()
    again = reload(event).at
    assert again == datetime(2024, 5, 6, 7, 0, tzinfo=UTC)
    assert again.tzinfo is not None


def test_anything_keeps_any_bson_and_sees_changes_in_place(
    db: Mongo, app_ctx: None
) -> None:
    class Blob(db.Document):
        data = db.AnythingField()

    blob = Blob(data={"a": [1, 2], "b": "x"})
    blob.save()
    again = reload(blob)
    assert again.data == {"a": [1, 2], "b": "x"}
    again.data["a"].append(3)  # changed in place, not assigned
    again.save()
    assert reload(blob).data == {"a": [1, 2, 3], "b": "x"}
    Blob(data=5).save()
    assert Blob.query.filter(Blob.data == 5).count() == 1
    assert Blob.query.filter({"data.b": "x"}).count() == 1


def test_allow_none_and_required(db: Mongo, app_ctx: None) -> None:
    class Note(db.Document):
        text = db.StringField(allow_none=True)
        count = db.IntField(default=None)  # default=None implies allow_none

    note = Note(text=None)
    note.save()
    again = reload(note)
    assert (again.text, again.count) == (None, None)  # unset: None
    assert Note.query.filter(Note.text == None).count() == 1  # noqa: E711
    with pytest.raises(MissingValueException, match=r"Note\.text is required"):
        Note().save()
