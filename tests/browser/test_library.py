"""The library example's journeys in headless Chromium: list, filter,
paginate, add (bad input, then good), edit, delete with confirmation,
upload a cover, the 404 page. Each saves a screenshot of every page it
sees under build/screenshots/<test>/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from bson import ObjectId
from examples.library.app import create_app, db
from examples.library.models import Book
from examples.library.seed import BOOKS, seed_books
from flask import Flask

from tests.browser.support import (
    Shots,
    browser_marks,
    chromium,
    png,
    serve,
)
from tests.support import AppFactory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = browser_marks()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def app(make_app: AppFactory) -> Iterator[Flask]:
    app = create_app(
        {**make_app.keys(), "SECRET_KEY": "browser-tests", "LIBRARY_PER_PAGE": 10}
    )
    yield app
    db.close(app)


@pytest.fixture
def site(app: Flask) -> Iterator[str]:
    with serve(app) as url:
        yield url


@pytest.fixture
def seeded(app: Flask) -> None:
    with app.app_context():
        seed_books()


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=site, viewport={"width": 1000, "height": 800}
    )
    context.set_default_timeout(5000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(page: Page, request: pytest.FixtureRequest) -> Iterator[Shots]:
    shots = Shots(page, request.node.name)
    yield shots
    print(f"screenshots: {shots.folder}")


def listed(page: Page) -> list[str]:
    return page.locator("td.title a").all_inner_texts()


def fits_the_window(page: Page) -> bool:
    """No horizontal scrolling: nothing is wider than the viewport."""
    width: Any = page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth"
    )
    return bool(width)


def test_list_filter_and_paginate(page: Page, shot: Shots, seeded: None) -> None:
    page.goto("/")
    assert page.title() == "Library"
    assert len(listed(page)) == 10
    assert page.locator("p.count").inner_text() == f"Books 1 to 10 of {len(BOOKS)}."
    shot("list")

    page.get_by_role("link", name="Next").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert page.locator("p.count").inner_text() == f"Books 11 to 20 of {len(BOOKS)}."
    assert page.locator("[aria-current=page]").inner_text() == "2"
    shot("page-2")

    page.goto("/")
    page.get_by_label("Author").fill("Jane Austen")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"author=Jane"))
    assert listed(page) == ["Emma", "Persuasion", "Pride and Prejudice"]
    shot("by-author")

    page.get_by_label("Author").fill("")
    page.get_by_label("Genre").select_option("Mystery")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url(re.compile(r"genre=Mystery"))
    assert len(listed(page)) == 4
    shot("by-genre")

    page.get_by_role("link", name="1926").click()  # a year links to its filter
    page.wait_for_url(re.compile(r"year=1926"))
    assert listed(page) == ["The Murder of Roger Ackroyd"]
    shot("by-year")


def test_add_with_bad_then_good_input(page: Page, shot: Shots, app: Flask) -> None:
    page.goto("/")
    page.get_by_role("link", name="Add a book").click()
    assert page.locator("h1").inner_text() == "Add a book"
    shot("empty-form")

    page.get_by_label("Title").fill("   ")
    page.get_by_role("button", name="Save").click()
    assert page.locator(".banner").inner_text() == "Please correct the fields below."
    errors = page.locator("span.error").all_inner_texts()
    assert errors == [
        "Enter a title.",
        "Enter a name.",
        "Enter a year.",
    ]
    shot("field-errors")

    page.get_by_label("Year").fill("2101")
    # The title's max_length is the input's maxlength: no 301st character.
    title = page.get_by_label("Title")
    assert title.get_attribute("maxlength") == "300"
    title.fill("Mary Poppins")
    page.get_by_role("button", name="Save").click()
    errors = page.locator("span.error").all_inner_texts()
    assert errors == ["Enter a name.", "Enter a year from 0 to 2100."]
    assert page.get_by_label("Title").input_value() == "Mary Poppins"  # kept
    shot("more-errors")

    # A 300-character title without a space wraps: the page does not widen.
    long_title = "Supercalifragilistic" * 15
    page.get_by_label("Title").fill(long_title)
    page.get_by_label("Name").fill("Mary Poppins")
    page.get_by_label("Year").fill("1964")
    page.get_by_label("Genre").select_option("Children")
    page.get_by_label("Summary").fill("A practically perfect nanny. " * 20)
    page.get_by_role("button", name="Save").click()
    assert page.locator("p.flash").inner_text().startswith("Added “Supercali")
    assert page.locator("h1").inner_text() == long_title
    assert fits_the_window(page)
    shot("added")

    page.goto("/")
    assert listed(page) == [long_title]
    assert fits_the_window(page)
    shot("long-title-in-list")
    with app.app_context():
        assert Book.query.one().author.name == "Mary Poppins"


def test_edit(page: Page, shot: Shots, seeded: None, app: Flask) -> None:
    page.goto("/?author=Mary+Shelley")
    page.get_by_role("link", name="Frankenstein").click()
    shot("book")
    page.get_by_role("link", name="Edit").click()
    assert page.get_by_label("Year").input_value() == "1818"
    shot("edit-form")
    page.get_by_label("Year").fill("1831")
    page.get_by_label("Title").fill("Frankenstein; or, The Modern Prometheus")
    page.get_by_role("button", name="Save").click()
    assert page.locator("p.flash").inner_text() == (
        "Saved “Frankenstein; or, The Modern Prometheus”."
    )
    assert "1831" in page.locator("p.byline").inner_text()
    shot("saved")
    with app.app_context():
        assert Book.query.filter(Book.year == 1831).count() == 1


def test_delete_asks_first(page: Page, shot: Shots, seeded: None, app: Flask) -> None:
    page.goto("/?author=Herodotus")
    page.get_by_role("link", name="The Histories").click()
    url = page.url
    page.get_by_role("link", name="Delete…").click()
    assert page.locator("h1").inner_text() == "Delete “The Histories”?"
    shot("confirm")
    page.get_by_role("link", name="No, keep it").click()
    assert page.url == url
    page.get_by_role("link", name="Delete…").click()
    page.get_by_role("button", name="Yes, delete it").click()
    assert page.locator("p.flash").inner_text() == "Deleted “The Histories”."
    assert "The Histories" not in listed(page)
    shot("deleted")
    response = page.goto(url)
    assert response is not None
    assert response.status == 404
    with app.app_context():
        assert Book.query.count() == len(BOOKS) - 1


def test_upload_a_cover(page: Page, shot: Shots, seeded: None) -> None:
    page.goto("/?author=H.+G.+Wells")
    page.get_by_role("link", name="The Time Machine").click()
    shot("no-cover")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Cover image").set_input_files(
        {"name": "not-an-image.png", "mimeType": "image/png", "buffer": b"<svg/>"}
    )
    page.get_by_role("button", name="Save").click()
    assert (
        "Choose a PNG, JPEG, GIF or WebP image."
        in page.locator("span.error").all_inner_texts()
    )
    shot("refused-upload")
    cover = png(240, 360, (30, 60, 120), (220, 170, 90))
    page.get_by_label("Cover image").set_input_files(
        {"name": "time-machine.png", "mimeType": "image/png", "buffer": cover}
    )
    page.get_by_role("button", name="Save").click()
    image = page.locator("img.cover")
    image.wait_for()
    page.wait_for_function(
        "document.querySelector('img.cover').complete"
        " && document.querySelector('img.cover').naturalWidth > 0"
    )
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [240, 360]
    shot("with-cover")


def test_not_found_page(page: Page, shot: Shots) -> None:
    response = page.goto(f"/books/{ObjectId()}")
    assert response is not None
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Nothing here"
    shot("404")
    page.get_by_role("link", name="Back to the books").click()
    assert page.locator("h1").inner_text() == "Books"
    assert page.locator("p.empty").inner_text() == "No books."
    shot("empty-library")
