"""The README's main job: the library example, driven by the test client."""

from __future__ import annotations

from examples.library.app import create_app, db

from tests.conftest import TestServer


def test_add_and_list_books(mongo_server: TestServer, database_name: str) -> None:
    app = create_app({"MONGO_URI": mongo_server.uri, "MONGO_DATABASE": database_name})
    client = app.test_client()
    assert client.post("/", data={"title": "Dive Into Python"}).status_code == 302
    client.post("/", data={"title": "Fluent Python"})
    page = client.get("/").get_data(as_text=True)
    assert page.index("Dive Into Python") < page.index("Fluent Python")
    db.close(app)
