"""A DocumentCursor chains like PyMongo's cursor, and custom types are
converted through every kind of container a structure can declare."""

from __future__ import annotations

import datetime

import pytest

from flask_mongokit import CustomType, Document, MongoKit


class Item(Document):
    __collection__ = "items"
    structure = {"n": int, "name": str}


@pytest.fixture
def items(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Item])
    mk["items"].insert_many([{"n": n, "name": f"item{n}"} for n in range(10)])
    mk["items"].create_index("n")
    return mk


def test_chained_options_return_the_same_cursor(items: MongoKit) -> None:
    cursor = items.Item.find({"n": {"$gte": 2}})
    chained = (
        cursor.sort("n", -1)
        .skip(1)
        .limit(3)
        .hint([("n", 1)])
        .batch_size(2)
        .max_time_ms(5000)
        .comment("test")
        .allow_disk_use(True)
    )
    assert chained is cursor
    assert [i["n"] for i in cursor] == [8, 7, 6]
    assert cursor.count() == 8
    assert cursor.count(with_limit_and_skip=True) == 3
    assert not cursor.alive


def test_indexing_slicing_and_lists(items: MongoKit) -> None:
    cursor = items.Item.find().sort("n")
    assert cursor[3]["n"] == 3
    page = items.Item.find().sort("n")[2:5]
    assert page.count(with_limit_and_skip=True) == 3
    assert [i["n"] for i in page.to_list()] == [2, 3, 4]
    fresh = items.Item.find().sort("n")
    assert fresh.next()["n"] == 0
    assert [i["n"] for i in fresh.rewind().to_list(2)] == [0, 1]
    with items.Item.find({"n": {"$lt": 3}}) as closing:
        assert sorted(closing.distinct("n")) == [0, 1, 2]
    assert not closing.alive
    assert isinstance(items.Item.find().explain(), dict)
    shown = repr(items.Item.find({"n": 1}))
    assert shown.startswith("<DocumentCursor ")
    assert shown.endswith(".items filter={'n': 1}>")


def test_a_clone_keeps_the_filter_and_sort_but_starts_again(items: MongoKit) -> None:
    cursor = items.Item.find({"n": {"$lt": 4}}).sort("n", -1)
    assert next(cursor)["n"] == 3
    clone = cursor.clone()
    assert [i["n"] for i in clone] == [3, 2, 1, 0]
    assert clone.count() == 4


class Day(CustomType):
    """A date in Python, an ISO string in MongoDB."""

    mongo_type = str
    python_type = datetime.date

    def to_bson(self, value: datetime.date) -> str:
        return value.isoformat()

    def to_python(self, value: str) -> datetime.date:
        return datetime.date.fromisoformat(value)


class Calendar(Document):
    __collection__ = "calendars"
    structure = {
        "name": str,
        "opened": Day(),
        "holidays": {str: Day()},
        "days": [Day()],
        "span": (Day(), Day()),
        "events": [{"title": str, "on": Day()}],
        "plain": {"x": int},
    }


def test_custom_types_round_trip_through_every_container(
    mk: MongoKit, ctx: None
) -> None:
    mk.register([Calendar])
    jan1, jan2 = datetime.date(2024, 1, 1), datetime.date(2024, 1, 2)
    calendar = mk.Calendar(
        {
            "name": "2024",
            "opened": jan1,
            "holidays": {"new year": jan1, "unknown": None},
            "days": [jan1, jan2],
            "span": [jan1, jan2],
            "events": [{"title": "party", "on": jan2}],
            "plain": {"x": 1},
        }
    )
    calendar.save()
    stored = mk["calendars"].find_one({"_id": calendar["_id"]})
    assert stored is not None
    assert stored["opened"] == "2024-01-01"
    assert stored["holidays"] == {"new year": "2024-01-01", "unknown": None}
    assert stored["days"] == ["2024-01-01", "2024-01-02"]
    assert stored["span"] == ["2024-01-01", "2024-01-02"]
    assert stored["events"] == [{"title": "party", "on": "2024-01-02"}]
    # The document itself keeps its Python values.
    assert calendar["opened"] == jan1
    loaded = mk.Calendar.get_from_id(calendar["_id"])
    assert loaded is not None
    assert loaded["holidays"]["new year"] == jan1
    assert loaded["days"] == [jan1, jan2]
    assert loaded["span"] == [jan1, jan2]
    assert loaded["events"][0]["on"] == jan2
    assert loaded == calendar
