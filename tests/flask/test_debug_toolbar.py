"""``flask_mongo.debug_toolbar.MongoPanel``: the request's MongoDB commands in
Flask-DebugToolbar, rendered by the toolbar itself around a real view."""

from __future__ import annotations

import contextlib
import importlib
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask_debugtoolbar import DebugToolbarExtension
from pymongo.errors import OperationFailure

from flask_mongo import Mongo
from tests.support import AppFactory

PANEL = "flask_mongo.debug_toolbar.MongoPanel"
PAGE = "<!doctype html><html><body><p>page</p></body></html>"


def toolbar_app(make_app: AppFactory, **config: Any) -> Flask:
    app = make_app(
        DEBUG_TB_ENABLED=True,
        DEBUG_TB_PANELS=["flask_debugtoolbar.panels.timer.TimerDebugPanel", PANEL],
        DEBUG_TB_INTERCEPT_REDIRECTS=False,
        SECRET_KEY="test",
        **config,
    )
    DebugToolbarExtension(app)
    return app


@pytest.fixture
def app_with_toolbar(make_app: AppFactory) -> Iterator[tuple[Flask, Mongo]]:
    app = toolbar_app(make_app)
    mongo = Mongo(app)

    @app.route("/")
    def index() -> str:
        notes = mongo.database["tb_notes"]
        notes.insert_one({"text": "<b>hello</b>"})
        notes.find_one({"text": {"$exists": True}})
        with contextlib.suppress(OperationFailure):  # recorded with its error
            mongo.database.command("noSuchCommand")
        return PAGE

    @app.route("/quiet")
    def quiet() -> str:
        return PAGE

    yield app, mongo
    mongo.close(app)


def panel_html(page: str) -> str:
    """The MongoDB panel's content in the toolbar's HTML (the last panel)."""
    start = page.index('id="flDebugMongoDBPanel-content"')
    return page[start : page.index('id="flDebugWindow"', start)]


def test_the_toolbar_lists_the_request_s_commands(
    app_with_toolbar: tuple[Flask, Mongo],
) -> None:
    app, _ = app_with_toolbar
    page = app.test_client().get("/").get_data(as_text=True)
    assert "<p>page</p>" in page
    # The nav: the count and the total time of the request's commands.
    nav = re.search(r"MongoDB\s*<br /><small>([^<]*)</small>", page)
    assert nav is not None
    assert re.fullmatch(r"3 commands in \d+\.\d\d ms, 1 failed", nav.group(1))
    panel = panel_html(page)
    assert "MongoDB commands" in panel
    rows = re.findall(r"<tr class=\"flDebug(?:Odd|Even)\">(.*?)</tr>", panel, re.S)
    assert len(rows) == 3
    cells = [re.findall(r"<td>(.*?)</td>", row, re.S) for row in rows]
    database = app.config["MONGO_DATABASE"]
    assert [c[1:4] for c in cells] == [
        ["insert", database, "tb_notes"],
        ["find", database, "tb_notes"],
        ["noSuchCommand", database, ""],
    ]
    assert all(re.fullmatch(r"\d+\.\d\d", c[4]) for c in cells)
    assert cells[0][5] == cells[1][5] == ""
    assert "noSuchCommand" in cells[2][5]  # the server's error message
    # Each command's document, escaped.
    assert "&lt;b&gt;hello&lt;/b&gt;" in cells[0][6]
    assert "<b>hello</b>" not in panel
    assert "&#34;$exists&#34;: true" in cells[1][6]


def test_a_request_without_commands(app_with_toolbar: tuple[Flask, Mongo]) -> None:
    app, _ = app_with_toolbar
    page = app.test_client().get("/quiet").get_data(as_text=True)
    assert re.search(r"MongoDB\s*<br /><small>0 commands in 0.00 ms</small>", page)
    assert "No MongoDB command was sent during this request." in panel_html(page)


def page_after_one_find(make_app: AppFactory, **config: Any) -> str:
    """The page of a view that ran one find, with the toolbar."""
    app = toolbar_app(make_app, **config)
    mongo = Mongo(app)

    @app.route("/")
    def index() -> str:
        mongo.database["tb_notes"].find_one()
        return PAGE

    try:
        return app.test_client().get("/").get_data(as_text=True)
    finally:
        mongo.close(app)


def test_one_command_is_singular(make_app: AppFactory) -> None:
    page = page_after_one_find(make_app)
    assert re.search(r"<small>1 command in \d+\.\d\d ms</small>", page)


def test_the_panel_says_when_recording_is_off(make_app: AppFactory) -> None:
    page = page_after_one_find(make_app, MONGO_RECORD_QUERIES=False)
    assert "Recording is off: set <code>MONGO_RECORD_QUERIES = True</code>" in page


def test_importing_the_panel_without_the_toolbar_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "flask_debugtoolbar.panels", None)
    monkeypatch.delitem(sys.modules, "flask_mongo.debug_toolbar", raising=False)
    with pytest.raises(ImportError, match=r'pip install "Flask-Mongo\[toolbar\]"'):
        importlib.import_module("flask_mongo.debug_toolbar")


def test_flask_mongo_does_not_import_the_toolbar() -> None:
    code = (
        "import sys, flask_mongo, flask_mongo.cli, flask_mongokit;"
        " sys.exit('flask_debugtoolbar' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
