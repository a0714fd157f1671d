"""A minimal library app on the embedded engine.

Run it with ``./dev run`` and open http://127.0.0.1:5000/. Set
``LIBRARY_MONGO_URI`` to use a real MongoDB instead of the embedded SQLite
file under ``instance/``.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, redirect, render_template_string, request, url_for
from werkzeug.wrappers import Response

from flask_mongo import Mongo

db = Mongo()

PAGE = """<!doctype html>
<title>Library</title>
<h1>Books</h1>
<form method="post"><input name="title" placeholder="Title" required>
<button>Add</button></form>
<ul>{% for book in books %}<li>{{ book.title }}</li>{% endfor %}</ul>
"""


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=os.environ.get("LIBRARY_MONGO_URI", "mongoeco:///library.db"),
        MONGO_DATABASE="library",
    )
    app.config.update(config or {})
    db.init_app(app)

    @app.get("/")
    def index() -> str:
        books = db["books"].find({}, {"_id": 0}).sort("title", 1)
        return render_template_string(PAGE, books=list(books))

    @app.post("/")
    def add() -> Response:
        title = request.form.get("title", "").strip()
        if title:
            db["books"].insert_one({"title": title})
        return redirect(url_for("index"))

    return app
