"""The todo example (the seed doc's ToDo app), driven by the test client."""

from __future__ import annotations

import re

from bson import ObjectId
from examples.todo.app import Task, create_app, db

from tests.support import TestServer, needs_embedded


def test_todo_app(mongo_server: TestServer, database_name: str) -> None:
    app = create_app(
        {"MONGODB_URI": mongo_server.uri, "MONGODB_DATABASE": database_name}
    )
    http = app.test_client()

    assert "Nothing to do." in http.get("/").get_data(as_text=True)
    assert '<form action="/new" method="post">' in http.get("/new").get_data(
        as_text=True
    )

    response = http.post("/new", data={"title": "Buy milk", "text": "Two litres"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    http.post("/new", data={"title": "Write <docs>", "text": ""})

    listing = http.get("/").get_data(as_text=True)
    assert listing.index("Write &lt;docs&gt;") < listing.index(
        "Buy milk"
    )  # newest first
    links = re.findall(r'href="/task/([0-9a-f]{24})"', listing)
    assert len(links) == 2

    page = http.get(f"/task/{links[1]}").get_data(as_text=True)
    assert "<h2>Buy milk</h2>" in page
    assert "Two litres" in page

    assert http.get("/task/not-an-object-id").status_code == 404
    assert http.get(f"/task/{ObjectId()}").status_code == 404

    refused = http.post("/new", data={"title": "  ", "text": "no title"})
    assert refused.status_code == 400
    assert "title is required" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.Task.find().count() == 2
        assert all(isinstance(task, Task) for task in db.Task.find())
    db.close(app)


@needs_embedded
def test_the_default_is_the_embedded_engine() -> None:
    app = create_app()
    settings = db.get_state(app).settings
    assert settings.embedded is not None
    assert settings.embedded.path is not None
    assert settings.embedded.path.endswith("todo.db")
    db.close(app)
