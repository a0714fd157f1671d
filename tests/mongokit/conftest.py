"""Fixtures for the Flask-MongoKit front-end: an app configured with the
``MONGODB_*`` keys against the test wire server, and its ``MongoKit``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from flask_mongokit import MongoKit
from tests.support import TestServer, mongokit_config


@pytest.fixture
def mk_app(mongo_server: TestServer, database_name: str) -> Flask:
    app = Flask(__name__)
    app.config.update(TESTING=True, **mongokit_config(mongo_server, database_name))
    return app


@pytest.fixture
def mk(mk_app: Flask) -> Iterator[MongoKit]:
    db = MongoKit(mk_app)
    yield db
    db.close(mk_app)


@pytest.fixture
def ctx(mk_app: Flask, mk: MongoKit) -> Iterator[None]:
    with mk_app.app_context():
        yield
