"""The pytest entry point of Flask-Mongo: off until a project opts in.

Installing Flask-Mongo registers this module (``pytest11`` entry point
``flask_mongo``). It imports nothing but pytest, so that the test runs of a
project that does not use the fixtures neither import Flask-Mongo nor
start anything. A project opts in to the fixtures of
:mod:`flask_mongo.testing` with any one of:

- ``pytest_plugins = ["flask_mongo.testing"]`` in its root ``conftest.py``;
- ``flask_mongo = true`` in its pytest configuration (``[tool.pytest.ini_options]``);
- ``--flask-mongo`` on the command line (or ``-p flask_mongo.testing``).
"""

from __future__ import annotations

import pytest

#: The plugin this entry point loads when asked to.
FIXTURES = "flask_mongo.testing"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--flask-mongo",
        action="store_true",
        default=None,
        help="load Flask-Mongo's fixtures (make_mongo_app, mongo_test_config,"
        " mongo_test_server)",
    )
    parser.addini(
        "flask_mongo",
        type="bool",
        default=False,
        help="load Flask-Mongo's fixtures (flask_mongo.testing)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("flask_mongo") or config.getini("flask_mongo"):
        config.pluginmanager.import_plugin(FIXTURES)
