"""Fixtures of the MongoAlchemy front-end's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from flask_mongoalchemy import MongoAlchemy
from tests.support import AppFactory


@pytest.fixture
def db(make_app: AppFactory) -> Iterator[MongoAlchemy]:
    """A MongoAlchemy extension on a fresh test database, its app context pushed."""
    app: Flask = make_app("MONGOALCHEMY")
    ext = MongoAlchemy(app)
    with app.app_context():
        yield ext
    ext.close(app)
