"""Credentials: refused ones raise AuthenticationIncorrect on first use."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from pymongo.errors import OperationFailure

from flask_mongokit import AuthenticationIncorrect, Document, MongoKit
from tests.support import SPECIAL_PASSWORD, AuthServer


class Secret(Document):
    __collection__ = "secrets"
    structure = {"value": int}


def auth_app(server: AuthServer, password: str) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MONGODB_HOST=server.host,
        MONGODB_PORT=server.port,
        # Flask-MongoKit authenticates against MONGODB_DATABASE: the scoped
        # user lives there.
        MONGODB_DATABASE=server.scoped_source,
        MONGODB_USERNAME=server.scoped,
        MONGODB_PASSWORD=password,
        MONGODB_OPTIONS={"serverSelectionTimeoutMS": 3000, **server.options},
    )
    return app


def test_good_credentials(auth_server: AuthServer) -> None:
    app = auth_app(auth_server, SPECIAL_PASSWORD)
    db = MongoKit(app)
    db.register([Secret])
    with app.app_context():
        db.connect()
        secret = db.Secret({"value": 42})
        secret.save()
        assert db.Secret.get_from_id(secret["_id"])["value"] == 42
        secret.delete()
    db.close(app)


@pytest.mark.parametrize(
    "first_use",
    [
        lambda db: db["secrets"].insert({"value": 1}),
        lambda db: db.secrets.find_one(),
        lambda db: db.Secret.find_one(),
        lambda db: db.database.list_collection_names(),
        lambda db: db.connect(),
    ],
    ids=["item", "attribute", "document", "database", "connect"],
)
def test_bad_credentials_on_first_use(
    auth_server: AuthServer, first_use: object, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = auth_app(auth_server, "wrong-" + SPECIAL_PASSWORD)
    db = MongoKit(app)  # no connection is made here
    db.register([Secret])
    with app.app_context():
        with pytest.raises(
            AuthenticationIncorrect,
            match=r"refused the credentials of user 'scoped'.*check MONGODB_USERNAME",
        ) as info:
            first_use(db)  # type: ignore[operator]
        assert isinstance(info.value, OperationFailure)  # legacy handlers still work
        assert "MONGODB_PASSWORD" in str(info.value)
        # Still refused on the next use: nothing was cached.
        with pytest.raises(
            AuthenticationIncorrect, match="check MONGODB_USERNAME and MONGODB_PASSWORD"
        ):
            db["secrets"].find_one()
    shown = str(info.value) + repr(info.value) + caplog.text
    assert "wrong-" not in shown
    assert "rd%+" not in shown
    db.close(app)
