"""A Flask view returning 50 documents as JSON, through Flask's test client.

Two apps serve ``GET /books`` from the same collection of 50 ``Book``
documents (:func:`bench.data.typical`: an ObjectId, a datetime, an
embedded author, a list):

- Flask-Mongo: the app uses :class:`flask_mongo.Mongo` (``bench.models.db``),
  whose ``init_app`` installs the JSON provider of :mod:`flask_mongo.json`;
  the view is ``jsonify(Book.query.limit(50).all())``.
- raw PyMongo: a plain Flask app with its own ``MongoClient``; the view is
  what a raw-PyMongo user writes: ``coll.find().limit(50).to_list()`` (the
  whole batch at once, as ``query.all()`` reads it), then a
  small explicit loop turning each ``_id`` into a string (Flask's default
  provider cannot write an ObjectId) and the (naive, UTC) datetime into
  ISO 8601 with ``isoformat() + "Z"`` (as Flask-Mongo writes it; Flask's
  default would write an HTTP date), then ``jsonify``. Both views send the
  same JSON (checked before timing).
- ``bson.json_util`` (information): the raw view with
  ``json_util.dumps(docs)`` instead, the other thing a raw user may write.

The figure that counts is the client process's CPU per request (the server
runs in another process): request handling, the query, decoding, JSON.
"""

from __future__ import annotations

from typing import Any

from bson import json_util
from flask import Flask, Response, jsonify
from pymongo import MongoClient

from . import data
from . import models as m
from .report import MAPPER, RATIO_CPU, RAW, Row, Target
from .timing import Variant, measure_plan

DOCUMENTS = 50
JSON_UTIL = "json_util"


def _flask_mongo_app(uri: str, database: str) -> Flask:
    app = Flask("bench-view-flask-mongo")
    app.config.update(MONGO_URI=uri, MONGO_DATABASE=database)
    m.db.init_app(app)
    Book = m.Book

    @app.get("/books")
    def books() -> Response:
        return jsonify(Book.query.limit(DOCUMENTS).all())

    return app


def _raw_app(client: MongoClient[dict[str, Any]], database: str) -> Flask:
    app = Flask("bench-view-pymongo")
    coll = client[database][m.Book.get_collection_name()]

    @app.get("/books")
    def books() -> Response:
        docs = coll.find().limit(DOCUMENTS).to_list()
        for doc in docs:
            doc["_id"] = str(doc["_id"])
            doc["published"] = doc["published"].isoformat() + "Z"
        return jsonify(docs)

    @app.get("/books-json-util")
    def books_json_util() -> Response:
        docs = coll.find().limit(DOCUMENTS).to_list()
        return Response(json_util.dumps(docs), mimetype="application/json")

    return app


def json_view(plan: Any, uri: str, requests: int) -> Row:
    """``requests`` GETs of each view per iteration (target: client CPU
    ratio <= 1.1). Needs :func:`bench.wire.connected`'s app context for
    filling the collection."""
    from .wire import DATABASE

    coll = m.Book.get_collection()
    coll.drop()
    coll.insert_many([data.typical(i) for i in range(DOCUMENTS)])
    client: MongoClient[dict[str, Any]] = MongoClient(uri)
    ours = _flask_mongo_app(uri, DATABASE)
    raw = _raw_app(client, DATABASE)
    try:
        ours_client, raw_client = ours.test_client(), raw.test_client()
        same = ours_client.get("/books").data == raw_client.get("/books").data
        assert same, "the two views must send the same JSON to be compared"

        def get(test_client: Any, path: str) -> Any:
            def run() -> None:
                for _ in range(requests):
                    response = test_client.get(path)
                    assert response.status_code == 200, response.data[:200]

            return run

        timings = measure_plan(
            plan,
            {
                RAW: Variant(get(raw_client, "/books")),
                MAPPER: Variant(get(ours_client, "/books")),
                JSON_UTIL: Variant(get(raw_client, "/books-json-util")),
            },
            requests,
        )
    finally:
        m.db.close(ours)
        client.close()
        coll.drop()
    return Row.timed(
        "server",
        f"Flask view, {DOCUMENTS} documents as JSON (per request)",
        requests,
        timings,
        "us/op",
        [Target(RATIO_CPU, 1.1, label="CPU ratio <= 1.1")],
    )
