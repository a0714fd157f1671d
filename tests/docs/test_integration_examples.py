"""The integration pages' examples (files, sessions, forms, query recording,
testing your app), run against the test server."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from docs.examples import (
    book_form,
    login,
    recording,
    typed_models,
    uploads,
)
from flask import Flask
from pymongo.database import Database

from flask_mongo import Mongo, signals
from tests.support import AppFactory, TestServer, found

pytest_plugins = ["pytester"]
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Database[Any]]:
    client = mongo_server.client()
    database: Database[Any] = client[database_name]
    yield database
    client.close()


def test_upload_then_download(app: Flask, db: Mongo, raw: Database[Any]) -> None:
    uploads.register_views(app, db)
    client = app.test_client()
    data = {"avatar": (io.BytesIO(b"\x89PNG-bytes"), "me.png")}
    answer = client.post("/avatars/ada", data=data)
    assert (answer.status_code, answer.location) == (302, "/files/avatars/ada.png")
    stored = found(raw["fs.files"].find_one({"filename": "avatars/ada.png"}))
    assert stored["metadata"]["owner"] == "ada"
    download = client.get("/files/avatars/ada.png")
    assert (download.data, download.mimetype) == (b"\x89PNG-bytes", "image/png")
    assert client.get("/files/avatars/nobody.png").status_code == 404


def test_login_keeps_the_session_in_mongodb(
    app: Flask, db: Mongo, raw: Database[Any]
) -> None:
    app.secret_key = "test"
    login.register_views(app, db)
    client = app.test_client()
    assert client.get("/").get_json() == {"user": None}
    client.post("/login", data={"user": "ada"})
    assert client.get("/").get_json() == {"user": "ada"}
    assert [d["data"] for d in raw["sessions"].find()] == [{"user": "ada"}]
    client.post("/logout")
    assert client.get("/").get_json() == {"user": None}
    assert raw["sessions"].count_documents({"data.user": "ada"}) == 0


@pytest.fixture
def typed_app(make_app: AppFactory) -> Iterator[Flask]:
    app = make_app(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    typed_models.db.init_app(app)
    with app.app_context():
        yield app
    typed_models.db.close(app)


def test_book_form_saves_good_input_and_refuses_bad(
    typed_app: Flask, raw: Database[Any]
) -> None:
    book_form.register_views(typed_app)
    book = typed_models.add_book("Dive", "Mark Pilgrim", 2004)
    client = typed_app.test_client()
    url = f"/books/{book.mongo_id}/edit"
    bad = client.post(url, data={"title": "Dive Into Python", "year": "-3"})
    assert bad.status_code == 400
    assert "year" in bad.get_json()["errors"]
    assert found(raw["books"].find_one())["year"] == 2004
    good = client.post(url, data={"title": "Dive Into Python", "year": "2009"})
    assert good.status_code == 302
    stored = found(raw["books"].find_one())
    assert (stored["title"], stored["year"]) == ("Dive Into Python", 2009)


def test_recorded_queries(typed_app: Flask) -> None:
    typed_models.add_book("Dive", "Mark Pilgrim", 2004)
    assert ("find", "books") in recording.commands_of_a_query()


def test_the_testing_page_conftest(pytester: pytest.Pytester) -> None:
    """The conftest of the testing page, on the quick start's app, run by
    pytest with the plugin as a user's suite runs it."""
    quickstart = (EXAMPLES / "quickstart.py").read_text()
    conftest = (EXAMPLES / "testing_conftest.py").read_text()
    pytester.makepyfile(myapp=quickstart, test_app=conftest)
    pytester.makeini("[pytest]\nflask_mongo = true\n")  # the page's opt-in
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert re.search(r"2 passed", result.stdout.str())


@pytest.fixture
def signals_stamp() -> Iterator[ModuleType]:
    """The example module, imported here (its receivers connect when it is
    imported) and disconnected afterwards, so that no other test hears them."""
    from docs.examples import signals_stamp

    yield signals_stamp
    signals.before_save.disconnect(signals_stamp.stamp)
    signals.before_remove.disconnect(signals_stamp.keep_pinned)


def test_signal_receivers_stamp_and_stop(
    make_app: AppFactory, raw: Database[Any], signals_stamp: ModuleType
) -> None:
    app = make_app()
    signals_stamp.db.init_app(app)
    with app.app_context():
        note = signals_stamp.Note(text="!keep")
        note.save()
        stored = found(raw["Note"].find_one())
        assert stored["updated"] is not None
        with pytest.raises(PermissionError, match="pinned notes stay"):
            note.remove()
        assert raw["Note"].count_documents({}) == 1
    signals_stamp.db.close(app)
