"""The README's main job: the library example, driven by the test client.

CSRF protection is off here (``WTF_CSRF_ENABLED=False``) except in the
tests of it; the browser tests (tests/browser/) drive the real forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from bson import ObjectId
from examples.library.app import create_app, db
from examples.library.models import Author, Book
from flask import Flask
from flask.testing import FlaskClient

from tests.support import AppFactory


@pytest.fixture
def app(make_app: AppFactory) -> Iterator[Flask]:
    app = create_app(
        {
            **make_app.keys(),
            "LIBRARY_PER_PAGE": 3,
            "TESTING": True,
            "SECRET_KEY": "test",
            "WTF_CSRF_ENABLED": False,
        }
    )
    yield app
    db.close(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


BOOKS = [
    ("Dive Into Python", "Mark Pilgrim", 2004),
    ("Dive Into Python 3", "Mark Pilgrim", 2009),
    ("Fluent Python", "Luciano Ramalho", 2015),
    ("Learning Python", "Mark Lutz", 2013),
    ("Programming Python", "Mark Lutz", 2010),
    ("Python Cookbook", "David Beazley", 2013),
    ("Python Essential Reference", "David Beazley", 2009),
]


def add(client: FlaskClient, title: str, author: str, year: object) -> str:
    """Post the add form; the id of the new book."""
    response = client.post(
        "/books/new",
        data={"title": title, "author-name": author, "year": str(year), "genre": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    match = re.fullmatch(r"/books/([0-9a-f]{24})", response.headers["Location"])
    assert match is not None
    return match.group(1)


def titles(html: str) -> list[str]:
    """The titles listed (not those of "Recently viewed")."""
    return re.findall(
        r'<td class="title"><a href="/books/[0-9a-f]{24}">([^<]*)</a>', html
    )


def test_add_and_show(app: Flask, client: FlaskClient) -> None:
    book_id = add(client, "Dive Into Python", "Mark Pilgrim", 2004)
    page = client.get(f"/books/{book_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<h1>Dive Into Python</h1>" in html
    assert "Mark Pilgrim" in html
    assert "2004" in html
    # Stored as the Book model says: the author embedded, the year an int.
    with app.app_context():
        stored = Book.get_collection().find_one({"_id": ObjectId(book_id)})
    assert stored is not None
    assert stored["author"] == {"name": "Mark Pilgrim"}
    assert stored["year"] == 2004


def test_list_is_sorted_and_paginated(client: FlaskClient) -> None:
    for book in BOOKS:
        add(client, *book)
    first = client.get("/").get_data(as_text=True)
    assert titles(first) == ["Dive Into Python", "Dive Into Python 3", "Fluent Python"]
    assert "Books 1 to 3 of 7." in first
    assert 'href="/?page=2" rel="next"' in first
    assert 'rel="prev"' not in first

    second = client.get("/?page=2").get_data(as_text=True)
    assert titles(second) == [
        "Learning Python",
        "Programming Python",
        "Python Cookbook",
    ]
    assert 'href="/?page=1" rel="prev"' in second
    assert 'href="/?page=3" rel="next"' in second
    # iter_pages: every page number, the current one not a link.
    assert '<span aria-current="page">2</span>' in second
    assert 'href="/?page=3">3</a>' in second

    last = client.get("/?page=3").get_data(as_text=True)
    assert titles(last) == ["Python Essential Reference"]
    assert 'rel="next"' not in last

    assert client.get("/?page=4").status_code == 404
    assert client.get("/?page=0").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_empty_library(client: FlaskClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "No books." in page.get_data(as_text=True)


def test_filter_by_author_and_year(client: FlaskClient) -> None:
    for book in BOOKS:
        add(client, *book)
    by_lutz = client.get("/?author=Mark+Lutz").get_data(as_text=True)
    assert titles(by_lutz) == ["Learning Python", "Programming Python"]
    in_2013 = client.get("/?year=2013").get_data(as_text=True)
    assert titles(in_2013) == ["Learning Python", "Python Cookbook"]
    both = client.get("/?author=David+Beazley&year=2013").get_data(as_text=True)
    assert titles(both) == ["Python Cookbook"]
    assert "No books match." in client.get("/?year=1999").get_data(as_text=True)
    # An empty filter is no filter.
    many = client.get("/?author=Mark+Pilgrim&year=").get_data(as_text=True)
    assert titles(many) == ["Dive Into Python", "Dive Into Python 3"]


def test_filter_pages_keep_the_filter(client: FlaskClient) -> None:
    for n in range(4):
        add(client, f"Volume {n}", "Anon", 2000)
    add(client, "Other", "Someone", 2000)
    first = client.get("/?author=Anon").get_data(as_text=True)
    assert 'href="/?page=2&amp;author=Anon" rel="next"' in first
    second = client.get("/?page=2&author=Anon").get_data(as_text=True)
    assert titles(second) == ["Volume 3"]


@pytest.mark.parametrize("year", ["abc", "20x4", "2004.5", "9" * 5000])
def test_a_year_that_is_not_a_number_is_a_400_with_a_message(
    client: FlaskClient, year: str
) -> None:
    add(client, "Dive Into Python", "Mark Pilgrim", 2004)
    response = client.get("/", query_string={"year": year})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "No year filter" in html
    assert "not a whole number" in html
    # The filter is left out; the list is still shown.
    assert titles(html) == ["Dive Into Python"]


def test_a_year_the_model_refuses_is_a_400_with_a_message(
    client: FlaskClient,
) -> None:
    response = client.get("/?year=99999")
    assert response.status_code == 400
    assert "more than max_value=2100" in response.get_data(as_text=True)
    response = client.get("/", query_string={"author": "x" * 201})
    assert response.status_code == 400
    assert "longer than max_length=200" in response.get_data(as_text=True)


def test_edit(app: Flask, client: FlaskClient) -> None:
    book_id = add(client, "Dive Into Pyhton", "Mark Pilgrim", 2004)
    form = client.get(f"/books/{book_id}/edit").get_data(as_text=True)
    assert 'value="Dive Into Pyhton"' in form
    assert 'value="2004"' in form
    assert 'value="Mark Pilgrim"' in form
    response = client.post(
        f"/books/{book_id}/edit",
        data={
            "title": "Dive Into Python",
            "author-name": "Mark Pilgrim",
            "year": "2009",
            "genre": "Programming",
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/books/{book_id}"
    with app.app_context():
        book = Book.query.get(book_id)
        assert book is not None
        assert (book.title, book.author.name, book.year) == (
            "Dive Into Python",
            "Mark Pilgrim",
            2009,
        )
        assert Book.query.count() == 1


def test_bad_edit_changes_nothing(app: Flask, client: FlaskClient) -> None:
    book_id = add(client, "Dive Into Python", "Mark Pilgrim", 2004)
    response = client.post(
        f"/books/{book_id}/edit",
        data={"title": "New title", "author-name": "Mark Pilgrim", "year": "-5"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Edit: Dive Into Python" in html
    assert "Enter a year from 0 to 2100." in html
    assert 'value="New title"' in html  # what was typed is kept
    with app.app_context():
        book = Book.query.get_or_404(book_id)
        assert (book.title, book.year) == ("Dive Into Python", 2004)


def test_delete(app: Flask, client: FlaskClient) -> None:
    keep = add(client, "Fluent Python", "Luciano Ramalho", 2015)
    gone = add(client, "Dive Into Python", "Mark Pilgrim", 2004)
    confirm = client.get(f"/books/{gone}/delete")  # asks first
    assert confirm.status_code == 200
    assert "Delete “Dive Into Python”?" in confirm.get_data(as_text=True)
    assert client.get(f"/books/{gone}").status_code == 200
    response = client.post(f"/books/{gone}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "Deleted “Dive Into Python”." in client.get("/").get_data(as_text=True)
    assert client.get(f"/books/{gone}").status_code == 404
    assert client.post(f"/books/{gone}/delete").status_code == 404
    assert titles(client.get("/").get_data(as_text=True)) == ["Fluent Python"]
    assert client.get(f"/books/{keep}").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/books/{missing}",
        "/books/{missing}/edit",
        "/books/123",
        "/books/not-an-object-id",
        "/books/{missing}zz",
        "/books/123/edit",
    ],
)
def test_missing_and_malformed_ids_are_404(client: FlaskClient, path: str) -> None:
    add(client, "Dive Into Python", "Mark Pilgrim", 2004)
    url = path.format(missing=ObjectId())
    assert client.get(url).status_code == 404
    if "edit" in url:
        assert client.post(url, data={"title": "x"}).status_code == 404
    assert client.post(path.format(missing=ObjectId()) + "/delete").status_code == 404


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Enter a title.", "Enter a name.", "Enter a year."]),
        (
            {"title": "  ", "author-name": "Mark Pilgrim", "year": "2004"},
            ["Enter a title."],
        ),
        (
            {"title": "Dive", "author-name": "Mark Pilgrim", "year": "two thousand"},
            ["Enter the year as a whole number."],
        ),
        (
            {"title": "Dive", "author-name": "Mark Pilgrim", "year": "3000"},
            ["Enter a year from 0 to 2100."],
        ),
        (
            {"title": "x" * 301, "author-name": "y" * 201, "year": "-1"},
            [
                "Enter at most 300 characters.",
                "Enter at most 200 characters.",
                "Enter a year from 0 to 2100.",
            ],
        ),
        (
            {"title": "D", "author-name": "M", "year": "1", "genre": "Cookery"},
            ["Choose one of: Fiction, Science fiction,"],
        ),
    ],
)
def test_bad_form_input_shows_errors(
    app: Flask, client: FlaskClient, data: dict[str, str], errors: list[str]
) -> None:
    response = client.post("/books/new", data=data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Please correct the fields below." in html
    for error in errors:
        assert error in html
    with app.app_context():
        assert Book.query.count() == 0


def test_author_model_is_the_docs_author(app: Flask) -> None:
    with app.app_context():
        author = Author(name="Mark Pilgrim")
        author.save()
        assert Author.query.filter(Author.name == "Mark Pilgrim").one() == author
