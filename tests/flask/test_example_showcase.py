"""The library example's showcase parts: CSRF, covers in GridFS, the JSON
API, the error pages, the seed command and the sessions in MongoDB."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from bson import ObjectId
from examples.library.app import create_app, db
from examples.library.forms import image_type
from examples.library.models import Book
from examples.library.seed import BOOKS
from flask import Flask
from flask.testing import FlaskClient

from tests.support import AppFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
GIF = b"GIF89a" + b"\0" * 32


@pytest.fixture
def make(make_app: AppFactory) -> Iterator[Any]:
    apps: list[Flask] = []

    def make(**config: Any) -> Flask:
        app = create_app(
            {
                **make_app.keys(),
                "TESTING": True,
                "SECRET_KEY": "test",
                "WTF_CSRF_ENABLED": False,
                **config,
            }
        )
        apps.append(app)
        return app

    yield make
    for app in apps:
        db.close(app)


@pytest.fixture
def app(make: Any) -> Flask:
    app: Flask = make()
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def add(client: FlaskClient, **extra: Any) -> str:
    data = {"title": "Dune", "author-name": "Frank Herbert", "year": "1965", **extra}
    response = client.post("/books/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[1]


def test_csrf_refuses_a_post_without_the_token(make: Any) -> None:
    app = make(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    # A post from another site has no token (and no session to match one).
    response = client.post(
        "/books/new",
        data={"title": "Forged", "author-name": "X", "year": "2000"},
        headers={"Origin": "https://evil.example"},
    )
    assert response.status_code == 400
    assert "came from another site" in response.get_data(as_text=True)
    with app.app_context():
        assert Book.query.count() == 0

    # The same form from the page itself carries its token and is accepted.
    page = client.get("/books/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    response = client.post(
        "/books/new",
        data={
            "csrf_token": token.group(1),
            "title": "Real",
            "author-name": "X",
            "year": "2000",
        },
    )
    assert response.status_code == 302
    # Deleting needs the confirmation form's token too.
    book_id = response.headers["Location"].rsplit("/", 1)[1]
    assert client.post(f"/books/{book_id}/delete").status_code == 400
    with app.app_context():
        assert Book.query.count() == 1


def test_cover_upload_is_stored_in_gridfs_and_served(
    app: Flask, client: FlaskClient
) -> None:
    book_id = add(client, cover_image=(io.BytesIO(PNG), "cover.png"))
    page = client.get(f"/books/{book_id}").get_data(as_text=True)
    assert f'src="/books/{book_id}/cover"' in page
    image = client.get(f"/books/{book_id}/cover")
    assert image.status_code == 200
    assert image.mimetype == "image/png"
    assert image.data == PNG

    # A new cover replaces the old one (and its GridFS file).
    edit = {"title": "Dune", "author-name": "Frank Herbert", "year": "1965"}
    response = client.post(
        f"/books/{book_id}/edit",
        data={**edit, "cover_image": (io.BytesIO(GIF), "new.gif")},
    )
    assert response.status_code == 302
    image = client.get(f"/books/{book_id}/cover")
    assert (image.mimetype, image.data) == ("image/gif", GIF)
    with app.app_context():
        assert len(db.gridfs().find({}).to_list()) == 1
    # Deleting the book deletes its cover.
    client.post(f"/books/{book_id}/delete")
    with app.app_context():
        assert db.gridfs().find({}).to_list() == []


def test_a_cover_that_is_not_an_image_is_refused(
    app: Flask, client: FlaskClient
) -> None:
    response = client.post(
        "/books/new",
        data={
            "title": "Dune",
            "author-name": "Frank Herbert",
            "year": "1965",
            "cover_image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.png"),
        },
    )
    assert response.status_code == 400
    assert "Choose a PNG, JPEG, GIF or WebP image." in response.get_data(as_text=True)
    with app.app_context():
        assert Book.query.count() == 0


def test_a_book_without_a_cover_has_none(client: FlaskClient) -> None:
    book_id = add(client)
    response = client.get(f"/books/{book_id}/cover")
    assert response.status_code == 404
    assert "Nothing here" in response.get_data(as_text=True)


def test_image_types() -> None:
    assert image_type(PNG) == "image/png"
    assert image_type(b"\xff\xd8\xff\xe0") == "image/jpeg"
    assert image_type(GIF) == "image/gif"
    assert image_type(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert image_type(b"<svg") is None


def test_a_too_large_upload_is_a_413_page(make: Any) -> None:
    client = make(MAX_CONTENT_LENGTH=1000).test_client()
    response = client.post(
        "/books/new", data={"cover_image": (io.BytesIO(b"x" * 5000), "big.png")}
    )
    assert response.status_code == 413
    assert "That file is too large" in response.get_data(as_text=True)


def test_json_api(client: FlaskClient) -> None:
    ids = [add(client, title=f"Book {n}") for n in range(3)]
    listing = client.get("/api/books?per_page=2")
    assert listing.status_code == 200
    body = listing.get_json()
    assert [item["title"] for item in body["items"]] == ["Book 0", "Book 1"]
    assert (body["page"], body["pages"], body["total"]) == (1, 2, 3)
    assert body["items"][0]["author"] == {"name": "Frank Herbert"}
    second = client.get("/api/books?per_page=2&page=2").get_json()
    assert [item["_id"] for item in second["items"]] == [ids[2]]

    one = client.get(f"/api/books/{ids[0]}").get_json()
    assert one == {
        "_id": ids[0],
        "title": "Book 0",
        "author": {"name": "Frank Herbert"},
        "year": 1965,
    }
    missing = client.get(f"/api/books/{ObjectId()}")
    assert missing.status_code == 404
    assert missing.get_json()["error"] == "Not Found"
    assert client.get("/api/books?per_page=500").status_code == 400
    assert client.get("/api/books?page=9").status_code == 404


def test_json_api_keyset_pages(client: FlaskClient) -> None:
    for n in (3, 1, 4, 0, 2):
        add(client, title=f"Book {n}")
    first = client.get("/api/books/keyset?per_page=2").get_json()
    assert [item["title"] for item in first["items"]] == ["Book 0", "Book 1"]
    assert (first["has_prev"], first["has_next"]) == (False, True)
    token = first["next_token"]
    second = client.get(f"/api/books/keyset?per_page=2&after={token}").get_json()
    assert [item["title"] for item in second["items"]] == ["Book 2", "Book 3"]
    back = client.get(
        f"/api/books/keyset?per_page=2&before={second['prev_token']}"
    ).get_json()
    assert back["items"] == first["items"]
    last = client.get(
        f"/api/books/keyset?per_page=2&after={second['next_token']}"
    ).get_json()
    assert [item["title"] for item in last["items"]] == ["Book 4"]
    assert (last["has_next"], last["next_token"]) == (False, None)
    # A tampered token is a JSON 400, never a 500 or another page.
    bad = client.get(f"/api/books/keyset?after={token[:-2]}xx")
    assert bad.status_code == 400
    assert client.get("/api/books/keyset?per_page=0").status_code == 400


def test_friendly_error_pages(app: Flask) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("kaput")

    @app.get("/api/boom")
    def api_boom() -> str:
        raise RuntimeError("kaput")

    client = app.test_client()
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    html = missing.get_data(as_text=True)
    assert "Nothing here" in html
    assert "Back to the books" in html
    broken = client.get("/boom")
    assert broken.status_code == 500
    assert "Something went wrong" in broken.get_data(as_text=True)
    assert "kaput" not in broken.get_data(as_text=True)
    assert client.get("/api/boom").get_json()["error"] == "Internal Server Error"
    bad = client.get("/?genre=Cookery")
    assert bad.status_code == 400
    assert "there is no genre &#39;Cookery&#39;" in bad.get_data(as_text=True)


def test_genre_filter(client: FlaskClient) -> None:
    add(client, title="A", genre="Science fiction")
    add(client, title="B", genre="Poetry")
    html = client.get("/?genre=Poetry").get_data(as_text=True)
    assert re.findall(r'<td class="title"><a href="[^"]+">([^<]*)</a>', html) == ["B"]


def test_seed_command(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert f"Added {len(BOOKS)} sample books" in result.output
    again = runner.invoke(args=["seed", "--if-empty"])
    assert f"The library has {len(BOOKS)} books; no sample books added." in again.output
    with app.app_context():
        assert Book.query.count() == len(BOOKS)
        assert Book.query.filter(Book.author.name == "Jane Austen").count() == 3


def test_sessions_live_in_mongodb(app: Flask, client: FlaskClient) -> None:
    book_id = add(client)
    client.get(f"/books/{book_id}")
    html = client.get("/").get_data(as_text=True)
    assert "Recently viewed" in html
    with app.app_context():
        stored = db["sessions"].find_one({})
    assert stored is not None
    assert stored["data"]["recent"] == [[book_id, "Dune"]]


def test_the_secret_key_is_made_once_in_the_instance_folder(
    make_app: AppFactory, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    first = create_app({**make_app.keys(), "TESTING": True})
    second = create_app({**make_app.keys(), "TESTING": True})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    db.close(first)
    db.close(second)
