"""The pytest plugin for users' apps (flask_mongo.testing), run by pytester."""

from __future__ import annotations

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


def test_fixtures_give_each_test_a_fresh_database(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(userapp=FACTORY, test_app=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_inert_until_a_fixture_is_used(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_plain="""
        import sys
        import threading

        def test_nothing_started():
            names = [t.name for t in threading.enumerate()]
            assert not [n for n in names if n.startswith("flask-mongo")]
            assert "flask_mongo.embedded" not in sys.modules
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_opt_in_without_autoload(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeconftest('pytest_plugins = ["flask_mongo.testing"]')
    pytester.makepyfile(userapp=FACTORY, test_app=TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_no_fixtures_without_the_plugin(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makepyfile("def test_x(make_mongo_app):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'make_mongo_app' not found*"])
