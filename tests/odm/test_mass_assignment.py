"""A request body passed to a document's constructor can set fields, and
nothing else: never mark the document as loaded, never aim save() at
another stored document."""

from __future__ import annotations

import pytest
from bson import json_util
from flask import Flask, request

from flask_mongo import Document, Mongo
from flask_mongo.errors import ExtraValueException
from flask_mongo.odm import StringField


class Book(Document):
    title: StringField = StringField()


@pytest.fixture
def books_app(app: Flask, db: Mongo) -> Flask:
    @app.post("/books")
    def create() -> tuple[dict[str, str], int]:
        try:
            # Extended JSON, as a client would send an ObjectId.
            book = Book(**json_util.loads(request.get_data(as_text=True)))
        except ExtraValueException as error:
            return {"error": str(error)}, 400
        book.save()
        return {"id": str(book.mongo_id)}, 201

    return app


@pytest.mark.parametrize(
    "internal", [{"loading_from_db": True}, {"retrieved_fields": ["title"]}]
)
def test_the_loading_keywords_never_reach_the_document(
    books_app: Flask, db: Mongo, internal: dict[str, object]
) -> None:
    with books_app.app_context():
        victim = Book(title="victim")
        victim.save()
        victim_id = victim.mongo_id
    body = {**internal, "_id": {"$oid": str(victim_id)}, "title": "x"}
    response = books_app.test_client().post("/books", json=body)
    assert response.status_code == 400
    assert response.json is not None
    assert "is refused" in response.json["error"]
    with books_app.app_context():
        stored = list(db["Book"].find())
    assert stored == [{"_id": victim_id, "title": "victim"}]


def test_fields_from_a_body_still_work(books_app: Flask, db: Mongo) -> None:
    response = books_app.test_client().post("/books", json={"title": "Dune"})
    assert response.status_code == 201
    with books_app.app_context():
        assert [d["title"] for d in db["Book"].find()] == ["Dune"]
