"""The snippets of the Flask-MongoKit 0.6 documentation, run as written.

Changes from the text: ``flask.ext.mongokit`` is ``flask_mongokit``,
``unicode`` is ``str``, ``print x`` is ``print(x)``; the config points at
the test server; the ToDo view saves the task (the doc's snippet forgets
to) and ``show_all`` gets the route the doc's ``url_for('show_all')`` needs.

The doc's ``Task`` has ``default_values = {'creation': datetime.utcnow}``.
``datetime.utcnow`` is deprecated since Python 3.12 and the suite turns
warnings into errors, so the tests that create tasks ignore exactly that
DeprecationWarning: the point is that the doc's code runs unchanged.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from bson import ObjectId
from flask import Flask, redirect, render_template_string, request, url_for
from flask.typing import ResponseReturnValue

from flask_mongokit import Document, MongoKit
from tests.support import AppFactory

utcnow_deprecated = pytest.mark.filterwarnings(
    "ignore:datetime.datetime.utcnow:DeprecationWarning"
)

NEW = '<form method="post"><input name="title"><textarea name="text"></textarea></form>'
LIST = "{% for task in tasks %}<li>{{ task.title }}: {{ task.text }}</li>{% endfor %}"


def render_template(name: str, **context: object) -> str:
    return render_template_string({"new.html": NEW, "list.html": LIST}[name], **context)


@utcnow_deprecated
def test_your_first_document(make_app: AppFactory) -> None:
    app = Flask(__name__)
    app.config.update(make_app.keys("MONGODB"))

    class Task(Document):
        __collection__ = "tasks"
        structure = {
            "title": str,
            "text": str,
            "creation": datetime,
        }
        required_fields = ["title", "creation"]
        default_values = {"creation": datetime.utcnow}
        use_dot_notation = True

    db = MongoKit(app)
    db.register([Task])

    @app.route("/new", methods=["GET", "POST"])
    def new_task() -> ResponseReturnValue:
        if request.method == "POST":
            task = db.Task()
            task.title = request.form["title"]
            task.text = request.form["text"]
            task.save()
            return redirect(url_for("show_all"))
        return render_template("new.html")

    @app.route("/")
    def show_all() -> str:
        tasks = db.Task.find()
        return render_template("list.html", tasks=tasks)

    client = app.test_client()
    assert "<form" in client.get("/new").get_data(as_text=True)
    response = client.post("/new", data={"title": "Buy milk", "text": "2 litres"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    assert "<li>Buy milk: 2 litres</li>" in client.get("/").get_data(as_text=True)
    with app.app_context():
        (task,) = list(db.Task.find())
        assert isinstance(task, Task)
        assert isinstance(task.creation, datetime)
    db.close(app)


def test_register_as_a_decorator(mk: MongoKit, ctx: None) -> None:
    db = mk

    @db.register
    class Task(Document):
        __collection__ = "tasks"
        structure = {
            "title": str,
            "text": str,
            "creation": datetime,
        }

    assert Task in db.registered_documents
    task = db.Task()
    assert isinstance(task, Task)
    assert task == {"title": None, "text": None, "creation": None}


def test_app_context(make_app: AppFactory, capsys: pytest.CaptureFixture[str]) -> None:
    app = Flask(__name__)
    app.config.update(make_app.keys("MONGODB"))
    db = MongoKit(app)

    with app.app_context():
        db["my_collection"].insert({"x": 5})
        print(db["my_collection"].find_one({"x": 5}))

    printed = capsys.readouterr().out
    assert "'x': 5" in printed
    assert "ObjectId(" in printed
    db.close(app)


def test_request_context(
    make_app: AppFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    app = Flask(__name__)
    app.config.update(make_app.keys("MONGODB"))
    db = MongoKit(app)

    with app.test_request_context("/"):
        db["my_collection"].insert({"x": 5})
        print(db["my_collection"].find_one({"x": 5}))

    assert "'x': 5" in capsys.readouterr().out
    db.close(app)


def test_bson_objectid_converter_show_task(mk_app: Flask, mk: MongoKit) -> None:
    app, db = mk_app, mk

    class Task(Document):
        __collection__ = "tasks"
        structure = {"title": str}

    db.register([Task])
    seen: list[object] = []

    @app.route("/task/<ObjectId:task_id>")
    def show_task(task_id: ObjectId) -> str:
        seen.append(task_id)
        task = db.Task.get_from_id(task_id)
        return render_template_string("{{ task.title }}", task=task)

    with app.app_context():
        task = db.Task({"title": "Write tests"})
        task.save()
    client = app.test_client()
    response = client.get(f"/task/{task['_id']}")
    assert response.get_data(as_text=True) == "Write tests"
    assert seen == [task["_id"]]
    assert client.get("/task/not-an-id").status_code == 404
    assert seen == [task["_id"]]  # the malformed id never reached the view
