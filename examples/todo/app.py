"""The ToDo application of the Flask-MongoKit documentation.

Run it with ``.venv/bin/flask --app examples.todo.app run`` (after ``./dev
test`` or ``./dev run`` created ``.venv``) and open http://127.0.0.1:5000/.
It stores its tasks with the embedded engine in ``instance/todo.db``; set
``TODO_MONGODB_URI`` (for example ``mongodb://localhost:27017``) to use a
real MongoDB instead.

Tasks are added, edited, marked done (and not done) and deleted; the forms
are plain HTML, as in the Flask-MongoKit docs (the library example shows
forms made by ``flask_mongo.wtf.model_form``, with CSRF protection).
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
        "done": bool,
    }
    required_fields = ["title", "creation"]
    default_values = {"creation": utcnow, "done": False}
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
            return save(task, "new.html") or redirect(url_for("show_all"))
        return render_template("new.html", error=None, form={})

    @app.route("/task/<ObjectId:task_id>")
    def show_task(task_id: ObjectId) -> str:
        task = db.Task.get_or_404(task_id)
        return render_template("task.html", task=task)

    @app.route("/task/<ObjectId:task_id>/edit", methods=["GET", "POST"])
    def edit_task(task_id: ObjectId) -> Response | tuple[str, int] | str:
        task = db.Task.get_or_404(task_id)
        if request.method == "POST":
            failed = save(task, "edit.html")
            return failed or redirect(url_for("show_task", task_id=task_id))
        return render_template("edit.html", error=None, form=task, task=task)

    @app.post("/task/<ObjectId:task_id>/done")
    def toggle_done(task_id: ObjectId) -> Response:
        """Mark the task done, or not done again."""
        task = db.Task.get_or_404(task_id)
        task.done = not task.get("done")
        task.save()
        back = request.form.get("next", "")
        if not back.startswith("/") or back.startswith(("//", "/\\")):
            back = url_for("show_all")  # only a page of this site
        return redirect(back)

    @app.post("/task/<ObjectId:task_id>/delete")
    def delete_task(task_id: ObjectId) -> Response:
        db.Task.get_or_404(task_id).delete()
        return redirect(url_for("show_all"))

    return app


def save(task: Task, template: str) -> tuple[str, int] | None:
    """Copy the posted title and text to ``task`` and save it; the form
    again (a 400) with the error when the document refuses them."""
    task.title = request.form.get("title", "").strip() or None
    task.text = request.form.get("text", "")
    task.done = bool(task.get("done"))  # tasks saved before "done" existed
    try:
        task.save()
    except SchemaDocumentError as error:
        page = render_template(template, error=error, form=request.form, task=task)
        return page, 400
    return None
