"""The quick start: a Flask app on the embedded engine."""

from __future__ import annotations

from typing import Any

from flask import Flask

from flask_mongo import Mongo

db = Mongo()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config["MONGO_URI"] = "mongoeco://"  # the embedded engine, in memory
    app.config["MONGO_DATABASE"] = "shop"
    app.config.update(config or {})  # tests point it at their own server
    db.init_app(app)

    @app.post("/books")
    def add() -> dict[str, int]:
        db["books"].insert_one({"title": "Dive Into Python"})
        return {"books": db["books"].count_documents({})}

    @app.get("/count")
    def count() -> dict[str, int]:
        return {"books": db["books"].count_documents({})}

    return app
