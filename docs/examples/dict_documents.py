"""Dict documents: the ToDo task of the Flask-MongoKit docs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_mongokit import Document, MongoKit

db = MongoKit()


def utcnow() -> datetime:
    return datetime.now(UTC)


@db.register
class Task(Document):
    __collection__ = "tasks"
    structure = {"title": str, "text": str, "creation": datetime, "done": bool}
    required_fields = ["title", "creation"]
    default_values = {"creation": utcnow, "done": False}
    use_dot_notation = True


def add_task(title: str, text: str) -> Any:
    task = db.Task()  # a new Task bound to db.tasks
    task.title = title
    task.text = text
    task.save()  # validated first: nothing invalid is written
    return task


def open_tasks() -> int:
    return int(db.Task.find({"done": False}).count())
