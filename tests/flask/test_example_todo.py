"""The todo example's edit, done and delete (its list and add are tested in
tests/mongokit/test_example_todo.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from bson import ObjectId
from examples.todo.app import create_app, db
from flask import Flask
from flask.testing import FlaskClient

from tests.support import AppFactory


@pytest.fixture
def app(make_app: AppFactory) -> Iterator[Flask]:
    app = create_app(
        {"MONGODB_URI": make_app.server.uri, "MONGODB_DATABASE": make_app.database}
    )
    yield app
    db.close(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def add(client: FlaskClient, title: str, text: str = "") -> str:
    assert client.post("/new", data={"title": title, "text": text}).status_code == 302
    listing = client.get("/").get_data(as_text=True)
    found: list[str] = re.findall(r'href="/task/([0-9a-f]{24})"', listing)
    return found[0]


def test_edit(app: Flask, client: FlaskClient) -> None:
    task_id = add(client, "Buy mlik", "Two litres")
    form = client.get(f"/task/{task_id}/edit").get_data(as_text=True)
    assert 'value="Buy mlik"' in form
    assert ">Two litres</textarea>" in form
    response = client.post(
        f"/task/{task_id}/edit", data={"title": "Buy milk", "text": "Three"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/task/{task_id}"
    page = client.get(f"/task/{task_id}").get_data(as_text=True)
    assert "<h2>Buy milk</h2>" in page
    assert "Three" in page

    refused = client.post(f"/task/{task_id}/edit", data={"title": " ", "text": "x"})
    assert refused.status_code == 400
    assert "title is required" in refused.get_data(as_text=True)
    with app.app_context():
        task = db.Task.get_from_id(ObjectId(task_id))
        assert task is not None
        assert task["title"] == "Buy milk"


def test_done_and_not_done_again(app: Flask, client: FlaskClient) -> None:
    task_id = add(client, "Write docs")
    assert client.post(f"/task/{task_id}/done").headers["Location"] == "/"
    assert '<li class="done">' in client.get("/").get_data(as_text=True)
    back = client.post(f"/task/{task_id}/done", data={"next": f"/task/{task_id}"})
    assert back.headers["Location"] == f"/task/{task_id}"
    assert '<li class="done">' not in client.get("/").get_data(as_text=True)
    # "next" only leads to a page of this site.
    for elsewhere in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = client.post(f"/task/{task_id}/done", data={"next": elsewhere})
        assert response.headers["Location"] == "/"
    with app.app_context():
        task = db.Task.get_from_id(ObjectId(task_id))
        assert task is not None
        assert task["done"] is True


def test_delete(app: Flask, client: FlaskClient) -> None:
    keep = add(client, "Keep")
    gone = add(client, "Gone")
    assert client.post(f"/task/{gone}/delete").headers["Location"] == "/"
    assert client.get(f"/task/{gone}").status_code == 404
    assert client.post(f"/task/{gone}/delete").status_code == 404
    assert client.post(f"/task/{gone}/done").status_code == 404
    assert client.get(f"/task/{keep}").status_code == 200


def test_long_text_wraps(client: FlaskClient) -> None:
    task_id = add(client, "x" * 500, "y" * 5000)
    page = client.get(f"/task/{task_id}").get_data(as_text=True)
    assert "overflow-wrap: anywhere" in page
    assert 'class="text"' in page
