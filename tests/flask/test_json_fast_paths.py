"""The JSON provider's fast paths write what its full table writes.

``MongoJSONProvider.default`` answers an exact ``ObjectId``, ``datetime``
or document before the general :func:`~flask_mongo.json.to_json_value`
chain. The expected texts below are what the provider wrote before it had
those paths, byte for byte.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from bson import Binary, DBRef, Decimal128, ObjectId
from flask import Flask, Response

from flask_mongo import Document, Mongo
from flask_mongo.json import MongoJSONProvider, stored_dict, to_json_value
from flask_mongo.odm import (
    DateTimeField,
    DocumentField,
    IntField,
    ListField,
    ObjectIdField,
    StringField,
)
from tests.support import PlainMongo

OID = ObjectId("65f0a1b2c3d4e5f601234567")
NAIVE = datetime(2024, 5, 1, 12, 30, 15, 123000)
UID = uuid.UUID("12345678-1234-5678-1234-567812345678")
PLUS_0530 = timezone(timedelta(hours=5, minutes=30))


class SubId(ObjectId):
    """An ObjectId subclass: not the fast path's exact type."""


class Seconds(datetime):
    """A datetime subclass writing itself to the second."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        return super().isoformat(sep, "seconds")


class Zoned(datetime):
    """A datetime subclass writing its zone's name after an aware value."""

    def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
        text = super().isoformat(sep, timespec)
        return text if self.tzinfo is None else f"{text}[{self.tzname()}]"


def values() -> dict[str, Any]:
    """One of each value of the table (documents aside), and subclasses."""
    return {
        "oid": OID,
        "sub_oid": SubId(OID.binary),
        "naive": NAIVE,
        "naive_whole_second": NAIVE.replace(microsecond=0),
        "aware_utc": NAIVE.replace(tzinfo=UTC),
        "aware_0530": NAIVE.replace(tzinfo=PLUS_0530),
        "naive_sub": Seconds(2024, 5, 1, 12, 30, 15, 123000),
        "aware_sub": Seconds(2024, 5, 1, 12, 30, 15, 123000, tzinfo=PLUS_0530),
        "naive_zoned": Zoned(2024, 5, 1, 12, 30, 15),
        "aware_zoned": Zoned(2024, 5, 1, 12, 30, 15, tzinfo=PLUS_0530),
        "day": date(2024, 5, 1),
        "decimal128": Decimal128("19.990000000000000000001"),
        "decimal": Decimal("1.10"),
        "uuid": UID,
        "binary_uuid": Binary.from_uuid(UID),
        "binary_legacy_uuid": Binary.from_uuid(UID, uuid_representation=3),
        "bytes": b"\x00\x01\xfe",
        "bytearray": bytearray(b"ab"),
        "binary": Binary(b"ab", 0),
        "dbref": DBRef("people", OID, "other", extra=NAIVE),
    }


EXPECTED_UTC = (
    '{"aware_0530": "2024-05-01T07:00:15.123000Z", '
    '"aware_sub": "2024-05-01T07:00:15Z", '
    '"aware_utc": "2024-05-01T12:30:15.123000Z", '
    '"aware_zoned": "2024-05-01T07:00:15+00:00[UTC]", '
    '"binary": "YWI=", '
    '"binary_legacy_uuid": "12345678-1234-5678-1234-567812345678", '
    '"binary_uuid": "12345678-1234-5678-1234-567812345678", '
    '"bytearray": "YWI=", '
    '"bytes": "AAH+", '
    '"day": "2024-05-01", '
    '"dbref": {"$db": "other", '
    '"$id": "65f0a1b2c3d4e5f601234567", '
    '"$ref": "people", '
    '"extra": "2024-05-01T12:30:15.123000Z"}, '
    '"decimal": "1.10", '
    '"decimal128": "19.990000000000000000001", '
    '"naive": "2024-05-01T12:30:15.123000Z", '
    '"naive_sub": "2024-05-01T12:30:15Z", '
    '"naive_whole_second": "2024-05-01T12:30:15Z", '
    '"naive_zoned": "2024-05-01T12:30:15+00:00[UTC]", '
    '"oid": "65f0a1b2c3d4e5f601234567", '
    '"sub_oid": "65f0a1b2c3d4e5f601234567", '
    '"uuid": "12345678-1234-5678-1234-567812345678"}'
)

EXPECTED_PARIS = (
    '{"aware_0530": "2024-05-01T09:00:15.123000+02:00", '
    '"aware_sub": "2024-05-01T09:00:15+02:00", '
    '"aware_utc": "2024-05-01T14:30:15.123000+02:00", '
    '"aware_zoned": "2024-05-01T09:00:15+02:00[CEST]", '
    '"binary": "YWI=", '
    '"binary_legacy_uuid": "12345678-1234-5678-1234-567812345678", '
    '"binary_uuid": "12345678-1234-5678-1234-567812345678", '
    '"bytearray": "YWI=", '
    '"bytes": "AAH+", '
    '"day": "2024-05-01", '
    '"dbref": {"$db": "other", '
    '"$id": "65f0a1b2c3d4e5f601234567", '
    '"$ref": "people", '
    '"extra": "2024-05-01T14:30:15.123000+02:00"}, '
    '"decimal": "1.10", '
    '"decimal128": "19.990000000000000000001", '
    '"naive": "2024-05-01T14:30:15.123000+02:00", '
    '"naive_sub": "2024-05-01T14:30:15+02:00", '
    '"naive_whole_second": "2024-05-01T14:30:15+02:00", '
    '"naive_zoned": "2024-05-01T14:30:15+02:00[CEST]", '
    '"oid": "65f0a1b2c3d4e5f601234567", '
    '"sub_oid": "65f0a1b2c3d4e5f601234567", '
    '"uuid": "12345678-1234-5678-1234-567812345678"}'
)


@pytest.fixture
def models(db: Mongo) -> Any:
    class FastAuthor(Document, mongo=db):
        name = StringField()

    class FastBook(Document, mongo=db):
        title = StringField()
        author = DocumentField(FastAuthor)
        year = IntField()
        published = DateTimeField()

    class FastSpecialBook(FastBook):
        pass

    return FastAuthor, FastBook, FastSpecialBook


def stored_book(author_cls: Any, book_cls: Any) -> Any:
    """A FastBook as a query loads it (nothing converted yet)."""
    return book_cls.unwrap(
        {
            "_id": OID,
            "title": "Dive",
            "author": {"name": "Mark"},
            "year": 2004,
            "published": NAIVE,
        }
    )


def written(app: Flask, value: Any) -> str:
    """``value`` as ``jsonify`` writes it (compact, out of debug mode)."""
    response = app.json.response(value)
    assert isinstance(response, Response)
    assert response.mimetype == "application/json"
    text = response.get_data(as_text=True)
    assert text.endswith("\n")
    return text[:-1]


def test_values_are_written_as_before(app: Flask, db: Mongo) -> None:
    with app.app_context():
        assert app.json.dumps(values()) == EXPECTED_UTC


def test_values_in_a_timezone_are_written_as_before(
    plain_mongo: PlainMongo,
) -> None:
    app, _ = plain_mongo(MONGO_TIMEZONE="Europe/Paris")
    with app.app_context():
        assert app.json.dumps(values()) == EXPECTED_PARIS


def test_fast_answers_are_the_tables(app: Flask, db: Mongo, models: Any) -> None:
    author_cls, book_cls, special_cls = models
    provider = app.json
    assert isinstance(provider, MongoJSONProvider)
    with app.app_context():
        loaded = stored_book(author_cls, book_cls)
        special = special_cls(title="Special", year=1, published=NAIVE)
        for value in [*values().values(), loaded, special]:
            assert provider.default(value) == to_json_value(value, provider.timezone)


@pytest.mark.parametrize(
    "naive",
    [NAIVE, NAIVE.replace(microsecond=0), datetime.min, datetime.max],
)
def test_naive_is_written_as_the_same_time_in_utc(naive: datetime) -> None:
    # The shortcut for a naive value written in UTC against the general
    # steps an aware UTC value takes.
    assert to_json_value(naive) == to_json_value(naive.replace(tzinfo=UTC))


def test_loaded_document(app: Flask, db: Mongo, models: Any) -> None:
    author_cls, book_cls, _ = models
    with app.app_context():
        book = stored_book(author_cls, book_cls)
        assert written(app, book) == (
            '{"_id":"65f0a1b2c3d4e5f601234567","author":{"name":"Mark"},'
            '"published":"2024-05-01T12:30:15.123000Z","title":"Dive","year":2004}'
        )


def test_document_subclass(app: Flask, db: Mongo, models: Any) -> None:
    _, _, special_cls = models
    with app.app_context():
        book = special_cls.unwrap({"_id": OID, "title": "S", "published": NAIVE})
        assert written(app, [book]) == (
            '[{"_id":"65f0a1b2c3d4e5f601234567",'
            '"published":"2024-05-01T12:30:15.123000Z","title":"S"}]'
        )


def test_assigned_values_not_yet_converted(app: Flask, db: Mongo, models: Any) -> None:
    author_cls, book_cls, _ = models
    with app.app_context():
        book = stored_book(author_cls, book_cls)
        book.author.name = "Changed"  # converted on read, changed in place
        book.published = NAIVE.replace(tzinfo=PLUS_0530)
        second = stored_book(author_cls, book_cls)
        second.author = author_cls(name="New")
        assert written(app, [book, second]) == (
            '[{"_id":"65f0a1b2c3d4e5f601234567","author":{"name":"Changed"},'
            '"published":"2024-05-01T07:00:15.123000Z","title":"Dive","year":2004},'
            '{"_id":"65f0a1b2c3d4e5f601234567","author":{"name":"New"},'
            '"published":"2024-05-01T12:30:15.123000Z","title":"Dive","year":2004}]'
        )


def test_the_written_dict_is_a_copy(app: Flask, db: Mongo, models: Any) -> None:
    # A provider subclass may change what default() gives; the document
    # must not change with it.
    author_cls, book_cls, _ = models
    with app.app_context():
        book = stored_book(author_cls, book_cls)
        assert isinstance(app.json, MongoJSONProvider)
        given = app.json.default(book)
        given["title"] = "Other"
        assert book.title == "Dive"
        assert book._data["title"] == "Dive"


def test_an_overridden_default_still_sees_every_value(fresh: Flask) -> None:
    seen: list[type] = []

    class Tracing(MongoJSONProvider):
        def default(self, o: Any) -> Any:
            seen.append(type(o))
            return super().default(o)

    fresh.json = Tracing(fresh)
    with fresh.app_context():
        assert written(fresh, [OID, NAIVE]) == (
            '["65f0a1b2c3d4e5f601234567","2024-05-01T12:30:15.123000Z"]'
        )
    assert seen == [ObjectId, datetime]


@pytest.fixture
def fresh(plain_mongo: PlainMongo) -> Flask:
    app, _ = plain_mongo()
    return app


# -- documents converted before the encoder runs ------------------------------


@pytest.fixture
def dated(db: Mongo) -> Any:
    """A class with ids and datetimes beyond _id and one field, and a
    subclass declaring one more of each."""

    class Dated(Document, mongo=db):
        title = StringField()
        created = DateTimeField()
        owner_id = ObjectIdField(db_field="owner")
        stamps = ListField(DateTimeField())

    class MoreDated(Dated):
        reviewed = DateTimeField()
        reviewer = ObjectIdField()

    return Dated, MoreDated


def through_default(app: Flask, value: Any) -> str:
    """``value`` written by ``json.dumps`` calling :func:`to_json_value`
    back for each value it cannot write, documents included (what the
    provider wrote before it converted documents up front)."""
    provider = app.json
    assert isinstance(provider, MongoJSONProvider)
    zone = provider.timezone
    documents_as_stored = [
        stored_dict(item) if isinstance(item, Document) else item for item in value
    ]
    return json.dumps(
        documents_as_stored,
        default=lambda v: to_json_value(v, zone),
        sort_keys=True,
        separators=(",", ":"),
    )


def dated_documents(dated: Any) -> list[Any]:
    dated_cls, more_cls = dated
    plain = dated_cls.unwrap(
        {
            "_id": OID,
            "title": "t",
            "created": NAIVE,
            "owner": SubId(OID.binary),  # a subclass: the table's answer
            "stamps": [NAIVE, NAIVE.replace(tzinfo=PLUS_0530)],
        }
    )
    more = more_cls.unwrap(
        {
            "_id": "a-string-id",
            "created": Seconds(2024, 5, 1, 12, 30, 15, 123000),
            "reviewed": NAIVE.replace(tzinfo=PLUS_0530),
            "reviewer": OID,
        }
    )
    assigned = dated_cls(title="new", created=NAIVE.replace(tzinfo=UTC))
    return [plain, more, assigned, {"a": NAIVE, "b": OID}, 3]


def test_a_list_of_documents_is_written_as_the_table_writes_it(
    app: Flask, db: Mongo, dated: Any
) -> None:
    with app.app_context():
        documents = dated_documents(dated)
        assert written(app, documents) == through_default(app, documents)
        text = written(app, documents[1:2])
        assert '"reviewed":"2024-05-01T07:00:15.123000Z"' in text
        assert '"created":"2024-05-01T12:30:15Z"' in text  # Seconds' own form


def test_a_list_of_documents_in_a_timezone(plain_mongo: PlainMongo) -> None:
    app, db = plain_mongo(MONGO_TIMEZONE="Europe/Paris")

    class Zoned(Document, mongo=db):
        created = DateTimeField()

    with app.app_context():
        documents = [Zoned.unwrap({"_id": OID, "created": NAIVE})]
        assert written(app, documents) == through_default(app, documents)
        assert '"created":"2024-05-01T14:30:15.123000+02:00"' in written(app, documents)


def test_documents_in_a_page_are_written_as_the_table_writes_them(
    app: Flask, db: Mongo, dated: Any
) -> None:
    dated_cls, _ = dated
    with app.app_context():
        for i in range(3):
            dated_cls(title=f"t{i}", created=NAIVE, owner_id=OID, stamps=[NAIVE]).save()
        page = dated_cls.query.ascending(dated_cls.title).paginate(page=1, per_page=2)
        body = json.loads(written(app, page))
        assert [item["title"] for item in body["items"]] == ["t0", "t1"]
        assert body["items"] == json.loads(through_default(app, page.items))


def test_a_provider_writing_documents_its_own_way_is_asked_for_each(
    app: Flask, db: Mongo, models: Any
) -> None:
    author_cls, book_cls, _ = models

    class Summary(MongoJSONProvider):
        def default(self, o: Any) -> Any:
            if isinstance(o, Document):
                return {"kind": type(o).__name__}
            return super().default(o)

    app.json = Summary(app)
    with app.app_context():
        book = stored_book(author_cls, book_cls)
        assert written(app, [book, book]) == '[{"kind":"FastBook"},{"kind":"FastBook"}]'


def test_a_default_given_to_dumps_is_asked_for_each_document(
    app: Flask, db: Mongo, models: Any
) -> None:
    author_cls, book_cls, _ = models
    with app.app_context():
        book = stored_book(author_cls, book_cls)
        text = app.json.dumps([book], default=lambda o: type(o).__name__)
        assert text == '["FastBook"]'


def test_converting_for_json_leaves_the_document_alone(
    app: Flask, db: Mongo, dated: Any
) -> None:
    with app.app_context():
        document = dated_documents(dated)[0]
        written(app, [document])
        assert document._data["_id"] == OID
        assert document.created == NAIVE
        assert type(document.mongo_id) is ObjectId
