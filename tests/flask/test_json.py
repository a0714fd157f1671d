"""JSON responses made of MongoDB values, through the test client."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from bson import Binary, DBRef, Decimal128, ObjectId
from flask import Flask, jsonify
from flask.json.provider import DefaultJSONProvider

from flask_mongo import Document, Mongo
from flask_mongo.json import MongoJSONProvider, to_json_value
from flask_mongo.odm import DocumentField, IntField, ModifiedField, StringField
from flask_mongo.structure import Document as DictDocument
from flask_mongokit import MongoKit
from tests.support import AppFactory, PlainMongo

OID = ObjectId("65f0a1b2c3d4e5f601234567")
WHEN = datetime(2024, 5, 1, 12, 30, 15, 123000)
UID = uuid.UUID("12345678-1234-5678-1234-567812345678")


@pytest.fixture
def models(db: Mongo) -> Any:
    class JsonAuthor(Document, mongo=db):
        name = StringField()

    class JsonBook(Document, mongo=db):
        title = StringField()
        author = DocumentField(JsonAuthor)
        year = IntField()
        modified = ModifiedField()

    return JsonAuthor, JsonBook


def get_json(app: Flask, view: Any) -> Any:
    app.add_url_rule("/t", view_func=view)
    response = app.test_client().get("/t")
    assert response.status_code == 200, response.text
    assert response.mimetype == "application/json"
    return response.get_json()


def test_find_one_with_bson_values(app: Flask, db: Mongo) -> None:
    ref_id = ObjectId()
    with app.app_context():
        db["things"].insert_one(
            {
                "_id": OID,
                "when": WHEN,
                "price": Decimal128("19.990000000000000000001"),
                "uid": Binary.from_uuid(
                    uuid.UUID("12345678-1234-5678-1234-567812345678")
                ),
                "raw": b"\x00\x01\xfe",
                "owner": DBRef("people", ref_id, "other"),
            }
        )

    def view() -> Any:
        return jsonify(db["things"].find_one())

    # Without a uuidRepresentation, PyMongo reads a UUID back as a Binary.
    assert get_json(app, view) == {
        "_id": "65f0a1b2c3d4e5f601234567",
        "when": "2024-05-01T12:30:15.123000Z",
        "price": "19.990000000000000000001",
        "uid": "12345678-1234-5678-1234-567812345678",
        "raw": base64.b64encode(b"\x00\x01\xfe").decode(),
        "owner": {"$ref": "people", "$id": str(ref_id), "$db": "other"},
    }


def test_timezone_writes_datetimes_with_its_offset(plain_mongo: PlainMongo) -> None:
    app, mongo = plain_mongo(MONGO_TIMEZONE="Europe/Paris")
    with app.app_context():
        mongo["events"].insert_one({"_id": 1, "at": WHEN.replace(tzinfo=UTC)})

    def view() -> Any:
        return jsonify(mongo["events"].find_one())

    assert get_json(app, view) == {
        "_id": 1,
        "at": "2024-05-01T14:30:15.123000+02:00",
    }


def test_typed_document_is_its_stored_dict(app: Flask, models: Any) -> None:
    author_cls, book_cls = models
    with app.app_context():
        book = book_cls(title="Dive", author=author_cls(name="Mark"), year=2004)
        book.save()
        book_id = book.mongo_id

    def view() -> Any:
        loaded = book_cls.query.get(book_id)
        return jsonify(loaded)

    body = get_json(app, view)
    assert body.pop("modified").endswith("Z")
    assert body == {
        "_id": str(book_id),
        "title": "Dive",
        "author": {"name": "Mark"},
        "year": 2004,
    }


def test_writing_json_does_not_change_the_document(app: Flask, models: Any) -> None:
    _, book_cls = models
    with app.app_context():
        book = book_cls(title="Draft", year=1)
        app.json.dumps(book)
        # The ModifiedField is set by save(), not by writing JSON.
        assert "modified" not in app.json.loads(app.json.dumps(book))
        book.year = 2
        assert app.json.loads(app.json.dumps(book)) == {"title": "Draft", "year": 2}


def test_list_of_documents_and_projection(app: Flask, models: Any) -> None:
    author_cls, book_cls = models
    with app.app_context():
        for n in range(3):
            book_cls(title=f"b{n}", author=author_cls(name="A"), year=n).save()

    def view() -> Any:
        books = book_cls.query.fields(book_cls.title).ascending(book_cls.year).all()
        return jsonify(books)

    body = get_json(app, view)
    assert [b["title"] for b in body] == ["b0", "b1", "b2"]
    assert all(set(b) == {"_id", "title"} for b in body)


def test_pagination(app: Flask, models: Any) -> None:
    author_cls, book_cls = models
    with app.app_context():
        for n in range(5):
            book_cls(title=f"b{n}", author=author_cls(name="A"), year=n).save()

    def view() -> Any:
        page = book_cls.query.ascending(book_cls.year).paginate(page=2, per_page=2)
        return jsonify(page)

    body = get_json(app, view)
    assert [item["year"] for item in body.pop("items")] == [2, 3]
    assert body == {
        "page": 2,
        "per_page": 2,
        "total": 5,
        "pages": 3,
        "has_next": True,
        "has_prev": True,
    }


def test_mongokit_document(app: Flask) -> None:
    app.config.update(MONGODB_URI=app.config["MONGO_URI"])
    app.config["MONGODB_DATABASE"] = app.config["MONGO_DATABASE"]
    kit = MongoKit(app)

    @kit.register
    class JsonTask(DictDocument):
        __collection__ = "tasks"
        structure = {"title": str, "due": datetime}  # noqa: RUF012
        use_dot_notation = True

    try:
        with app.app_context():
            task = kit.JsonTask()
            task.title = "Write docs"
            task.due = WHEN
            task.save()

        def view() -> Any:
            return kit.JsonTask.find_one({"title": "Write docs"})

        assert get_json(app, view) == {
            "_id": str(task["_id"]),
            "title": "Write docs",
            "due": "2024-05-01T12:30:15.123000Z",
        }
    finally:
        kit.close(app)


def test_dict_with_object_id_returned_from_a_view(app: Flask, db: Mongo) -> None:
    def view() -> dict[str, Any]:
        result = db["things"].insert_one({"n": 1})
        return {"id": result.inserted_id, "price": Decimal("1.10")}

    body = get_json(app, view)
    assert ObjectId.is_valid(body["id"])
    assert body["price"] == "1.10"


def test_unknown_values_still_fail(app: Flask, db: Mongo) -> None:
    with app.app_context(), pytest.raises(TypeError, match="object is not JSON"):
        app.json.dumps({"x": object()})


def test_flask_values_still_work(app: Flask, db: Mongo) -> None:
    from markupsafe import Markup

    with app.app_context():
        assert app.json.dumps([Markup("<b>")]) == '["<b>"]'


def test_uuid_subtype_3_and_plain_values() -> None:
    value = uuid.UUID("12345678-1234-5678-1234-567812345678")
    legacy = Binary.from_uuid(value, uuid_representation=3)  # PYTHON_LEGACY
    assert to_json_value(legacy) == str(value)
    assert to_json_value(Binary(b"ab", 0)) == "YWI="


@pytest.fixture
def fresh_app(make_app: AppFactory) -> Flask:
    return make_app.plain()


def test_provider_off(fresh_app: Flask) -> None:
    fresh_app.config["MONGO_JSON_PROVIDER"] = False
    Mongo(fresh_app)
    assert type(fresh_app.json) is DefaultJSONProvider


def test_settings_of_the_default_provider_are_kept(fresh_app: Flask) -> None:
    fresh_app.json.sort_keys = False  # type: ignore[attr-defined]
    Mongo(fresh_app)
    assert isinstance(fresh_app.json, MongoJSONProvider)
    assert fresh_app.json.dumps({"b": 1, "a": OID}) == (
        '{"b": 1, "a": "65f0a1b2c3d4e5f601234567"}'
    )


def test_another_provider_is_left_alone(fresh_app: Flask) -> None:
    class OtherProvider(DefaultJSONProvider):
        pass

    fresh_app.json = OtherProvider(fresh_app)
    Mongo(fresh_app)
    assert type(fresh_app.json) is OtherProvider


def test_bad_flag_is_refused(fresh_app: Flask) -> None:
    from flask_mongo import ImproperlyConfigured

    fresh_app.config["MONGO_JSON_PROVIDER"] = "no"
    with pytest.raises(ImproperlyConfigured, match="MONGO_JSON_PROVIDER must be"):
        Mongo(fresh_app)
