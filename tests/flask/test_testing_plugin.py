"""The pytest plugin for users' apps (flask_mongo.testing), run by pytester."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

FACTORY = """
from flask import Flask
from flask_mongo import Mongo
from flask_mongokit import MongoKit

def create_app(config):
    app = Flask("userapp")
    app.config["MONGO_URI"] = "mongodb://production.invalid/"
    app.config.update(config)
    db = Mongo(app)

    @app.post("/books")
    def add():
        db["books"].insert_one({"title": "Dive"})
        return {"count": db["books"].count_documents({})}

    return app

def create_kit_app(config):
    app = Flask("kitapp")
    app.config.update(config)
    kit = MongoKit(app)

    @app.get("/name")
    def name():
        return {"name": kit.database.name}

    return app
"""

TESTS = """
import pytest
from pymongo import MongoClient
from userapp import create_app, create_kit_app

used = []

@pytest.fixture
def app(make_mongo_app):
    return make_mongo_app(create_app)

def test_first(app):
    assert app.testing
    assert app.test_client().post("/books").json == {"count": 1}
    used.append(app.config["MONGO_DATABASE"])

def test_second_gets_a_fresh_database(app, mongo_test_server):
    assert app.test_client().post("/books").json == {"count": 1}
    client = MongoClient(mongo_test_server.uri)
    try:
        assert used[0] not in client.list_database_names()
    finally:
        client.close()

def test_mongokit_prefix(make_mongo_app, mongo_test_config):
    app = make_mongo_app(create_kit_app, prefix="MONGODB")
    body = app.test_client().get("/name").json
    assert body == {"name": mongo_test_config["MONGO_DATABASE"]}
"""


OPT_IN = 'pytest_plugins = ["flask_mongo.testing"]\n'


def test_fixtures_give_each_test_a_fresh_database(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(OPT_IN)
    pytester.makepyfile(userapp=FACTORY, test_app=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_off_and_not_imported_until_opted_in(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plain="""
        import sys

        def test_nothing_imported():
            assert "pytest_flask_mongo" in sys.modules  # the entry point
            assert not [m for m in sys.modules if m.startswith("flask_mongo")]

        def test_no_fixtures(make_mongo_app):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*fixture 'make_mongo_app' not found*"])


@pytest.mark.parametrize(
    ("ini", "args"),
    [("[pytest]\nflask_mongo = true\n", ()), ("", ("--flask-mongo",))],
    ids=["ini", "option"],
)
def test_opt_in_by_config_or_option(
    pytester: pytest.Pytester, ini: str, args: tuple[str, ...]
) -> None:
    if ini:
        pytester.makeini(ini)
    pytester.makepyfile(
        test_inert="""
        import sys
        import threading

        def test_fixtures_start_nothing_until_used():
            names = [t.name for t in threading.enumerate()]
            assert not [n for n in names if n.startswith("flask-mongo")]
            assert "flask_mongo.embedded" not in sys.modules

        def test_config(mongo_test_config):
            assert mongo_test_config["MONGO_DATABASE"].startswith("fmtest_")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", *args)
    result.assert_outcomes(passed=2)


def test_opt_in_without_autoload(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest(OPT_IN)
    pytester.makepyfile(userapp=FACTORY, test_app=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


README_APP = """
from flask import Flask, redirect
from flask_mongo import Mongo

def create_app(config):
    app = Flask("myapp")
    app.config.update(config)
    db = Mongo(app)

    @app.post("/books")
    def add():
        db["books"].insert_one({"title": "Dive"})
        return redirect("/books")

    return app
"""


def test_the_readme_example_runs(pytester: pytest.Pytester) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Testing your app", 1)[1]
    example = section.split("```python\n", 1)[1].split("```", 1)[0]
    conftest, tests = example.split("# test_books.py\n")
    assert len(example.strip().splitlines()) <= 14
    pytester.makeconftest(conftest)
    pytester.makepyfile(myapp=README_APP, test_books=tests)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
