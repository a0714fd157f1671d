"""Forms made from MongoKit documents: model_form over a ``structure``,
its ``required_fields`` and ``validators``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import pytest
from flask import Flask

pytest.importorskip("flask_wtf")

from flask_mongo.wtf import model_form
from flask_mongokit import Document as KitDocument
from tests.support import form_errors, post_form


def positive(value: int) -> bool:
    return value > 0


def no_spam(value: str) -> None:
    if "spam" in value:
        raise ValueError("%s must not mention spam")


class Task(KitDocument):
    structure: ClassVar[dict[Any, Any]] = {
        "title": str,
        "text": str,
        "priority": int,
        "weight": float,
        "done": bool,
        "due": datetime,
        "place": {"city": str, "zip": str},
        "labels": [str],
        "anything": None,
        "links": [dict],
    }
    required_fields: ClassVar[list[str]] = ["title", "place.city"]
    validators: ClassVar[dict[str, Any]] = {"priority": positive, "text": [no_spam]}
    default_values: ClassVar[dict[str, Any]] = {"done": False}
    use_dot_notation = True


def test_structure_fields(form_app: Flask) -> None:
    form = model_form(Task)()
    assert [field.name for field in form] == [
        "title",
        "text",
        "priority",
        "weight",
        "done",
        "due",
        "place",
        "labels",
    ]
    assert form.priority.type == "IntegerField"
    assert form.place.type == "FormField"
    assert form.labels.type == "FieldList"


def test_structure_required_and_types(form_app: Flask) -> None:
    errors = form_errors(
        post_form(model_form(Task), {"priority": "high", "place-zip": "1"})
    )
    assert errors == {
        "title": ["Enter a title."],
        "priority": ["Enter the priority as a whole number."],
        "place": {"city": ["Enter a city."]},
    }


def test_structure_populates_the_dict(form_app: Flask) -> None:
    data = {
        "title": "Write",
        "priority": "2",
        "done": "y",
        "due": "2030-01-02T03:04",
        "place-city": "Lyon",
        "labels-0": "home",
    }
    form = post_form(model_form(Task), data)
    assert form.validate(), form.errors
    task = Task()
    assert form.populate_obj(task)
    assert task["title"] == "Write"
    assert task["text"] is None
    assert task["priority"] == 2
    assert task["done"] is True
    assert task["due"] == datetime(2030, 1, 2, 3, 4)
    assert task["place"] == {"city": "Lyon", "zip": None}
    assert task["labels"] == ["home"]
    task.validate()  # what the form wrote is what the structure declares


def test_structure_validators_become_field_errors(form_app: Flask) -> None:
    form = post_form(
        model_form(Task),
        {"title": "t", "text": "spam", "priority": "0", "place-city": "c"},
    )
    assert form.validate()
    assert form.populate_obj(Task()) is False
    assert form.text.errors == [
        "This text is not accepted: text must not mention spam."
    ]
    assert form.priority.errors == [
        "This priority is not accepted: positive refused it."
    ]


def test_structure_prefill_from_a_document(form_app: Flask) -> None:
    task = Task({"title": "T", "place": {"city": "Paris", "zip": "75"}})
    form = model_form(Task)(obj=task)
    assert form.title.data == "T"
    assert form.place.form.city.data == "Paris"
    assert form.done.data is False


def test_structure_only(form_app: Flask) -> None:
    with pytest.raises(TypeError, match=r"cannot make a form field for Task\.anything"):
        model_form(Task, only=["anything"])
    assert [f.name for f in model_form(Task, only=["text"])()] == ["text"]
