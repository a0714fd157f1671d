"""The todo example in headless Chromium: add a task with a long title and
text (they wrap), edit it, mark it done, delete it. Screenshots under
build/screenshots/<test>/."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from examples.todo.app import create_app, db

from tests.browser.support import (
    Shots,
    browser_marks,
    chromium,
    serve,
)
from tests.support import AppFactory

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = browser_marks()


@pytest.fixture
def page(make_app: AppFactory) -> Iterator[Page]:
    app = create_app(
        {"MONGODB_URI": make_app.server.uri, "MONGODB_DATABASE": make_app.database}
    )
    with serve(app) as url, chromium() as browser:
        context = browser.new_context(
            base_url=url, viewport={"width": 800, "height": 700}
        )
        context.set_default_timeout(5000)
        yield context.new_page()
    db.close(app)


def test_task_journey(page: Page, request: pytest.FixtureRequest) -> None:
    shot = Shots(page, request.node.name)
    page.goto("/")
    assert page.locator(".tasks li").inner_text() == "Nothing to do."
    page.get_by_role("link", name="New task").click()
    title = "Refactor" * 40  # 320 characters, no space
    page.get_by_label("Title").fill(title)
    page.get_by_label("Text").fill("Step " * 400 + "\n" + "z" * 600)
    shot("new-task")
    page.get_by_role("button", name="Add").click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("list")

    page.get_by_role("link", name=title).click()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("task")
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Title").fill("Refactor the forms")
    page.get_by_role("button", name="Save").click()
    assert page.locator("h2").inner_text() == "Refactor the forms"
    page.get_by_role("button", name="Mark done").click()
    assert "done" in page.locator("p.created").inner_text()
    shot("done")
    page.get_by_role("link", name="ToDo").click()
    assert page.locator("li.done a").inner_text() == "Refactor the forms"
    shot("list-done")
    page.get_by_role("link", name="Refactor the forms").click()
    page.get_by_role("button", name="Delete").click()
    assert page.locator(".tasks li").inner_text() == "Nothing to do."
    shot("deleted")
    print(f"screenshots: {shot.folder}")
