"""The ToDo application of the Flask-MongoKit documentation.

Run it with ``.venv/bin/flask --app examples.todo.app run`` (after ``./dev
test`` or ``./dev run`` created ``.venv``) and open http://127.0.0.1:5000/.
It stores its tasks with the embedded engine in ``instance/todo.db``; set
``TODO_MONGODB_URI`` (for example ``mongodb://localhost:27017``) to use a
real MongoDB instead.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from flask import Flask, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from flask_mongokit import Document, MongoKit, SchemaDocumentError

db = MongoKit()


def utcnow() -> datetime:
    """Now, in UTC, as the naive datetime MongoDB gives back
    (``datetime.utcnow`` is deprecated)."""
    return datetime.now(UTC).replace(tzinfo=None)


@db.register
class Task(Document):
    __collection__ = "tasks"
    structure = {
        "title": str,
        "text": str,
        "creation": datetime,
    }
    required_fields = ["title", "creation"]
    default_values = {"creation": utcnow}
    use_dot_notation = True


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MONGODB_URI=os.environ.get("TODO_MONGODB_URI", "mongoeco:///todo.db"),
        MONGODB_DATABASE="todo",
        # Filters refuse operators that came in as values ({'$ne': None}).
        MONGODB_SANITIZE_FILTERS=True,
    )
    app.config.update(config or {})
    db.init_app(app)

    @app.route("/")
    def show_all() -> str:
        tasks = db.Task.find().sort("creation", -1)
        return render_template("list.html", tasks=tasks)

    @app.route("/new", methods=["GET", "POST"])
    def new_task() -> Response | tuple[str, int] | str:
        if request.method == "POST":
            task = db.Task()
            task.title = request.form.get("title", "").strip() or None
            task.text = request.form.get("text", "")
            try:
                task.save()
            except SchemaDocumentError as error:
                return render_template("new.html", error=error, form=request.form), 400
            return redirect(url_for("show_all"))
        return render_template("new.html", error=None, form={})

    @app.route("/task/<ObjectId:task_id>")
    def show_task(task_id: ObjectId) -> str:
        task = db.Task.get_or_404(task_id)
        return render_template("task.html", task=task)

    return app
