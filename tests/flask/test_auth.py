"""SCRAM authentication for real, with a password URIs cannot hold as is."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from pymongo.errors import OperationFailure

from flask_mongo import Mongo
from tests.support import SPECIAL_PASSWORD, AuthServer, everything_shown


def auth_app(server: AuthServer, database: str, **keys: object) -> Flask:
    app = Flask(__name__)
    app.config.update(
        MONGO_HOST=server.host,
        MONGO_PORT=server.port,
        MONGO_DATABASE=database,
        MONGO_PASSWORD=server.password,
        MONGO_CLIENT_OPTIONS={"serverSelectionTimeoutMS": 3000, **server.options},
    )
    app.config.update({f"MONGO_{k}": v for k, v in keys.items()})
    return app


def test_special_character_password_authenticates(
    auth_server: AuthServer, database_name: str
) -> None:
    app = auth_app(
        auth_server, database_name, USERNAME=auth_server.root, AUTH_SOURCE="admin"
    )
    mongo = Mongo(app)
    with app.app_context():
        mongo["c"].insert_one({"x": 1})
        assert mongo["c"].count_documents({}) == 1
        mongo.client.drop_database(database_name)
    mongo.close(app)


def test_auth_source_selects_the_users_database(
    auth_server: AuthServer, database_name: str
) -> None:
    good = auth_app(
        auth_server,
        database_name,
        USER=auth_server.scoped,
        AUTH_SOURCE=auth_server.scoped_source,
    )
    mongo = Mongo(good)
    with good.app_context():
        # What the driver will authenticate against.
        credentials = mongo.client.options.pool_options._credentials
        assert credentials is not None
        assert credentials.source == auth_server.scoped_source
        mongo["c"].insert_one({"x": 1})
        assert mongo["c"].find_one({}, {"_id": 0}) == {"x": 1}
    mongo.close(good)
    if not auth_server.honours_auth_source:
        return

    # Without it, the driver authenticates against "admin", where this user
    # does not exist.
    wrong = auth_app(
        auth_server, database_name, USER=auth_server.scoped, AUTH_SOURCE="admin"
    )
    other = Mongo(wrong)
    with (
        wrong.app_context(),
        pytest.raises(OperationFailure, match="Authentication failed"),
    ):
        other["c"].find_one()
    other.close(wrong)


def test_wrong_password_fails_and_is_never_shown(
    auth_server: AuthServer, database_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    app = auth_app(
        auth_server,
        database_name,
        USERNAME=auth_server.root,
        AUTH_SOURCE="admin",
        PASSWORD="not-" + SPECIAL_PASSWORD,
    )
    mongo = Mongo(app)
    with app.app_context():
        with pytest.raises(OperationFailure, match="Authentication failed") as info:
            mongo["c"].insert_one({"x": 1})
        shown = everything_shown(
            info.value, mongo.client, mongo.get_state().settings, log=caplog.text
        )
    assert "not-" + SPECIAL_PASSWORD not in shown
    assert "rd%+" not in shown
    mongo.close(app)


def test_credentials_alongside_a_uri(
    auth_server: AuthServer, database_name: str
) -> None:
    app = Flask(__name__)
    app.config.update(
        MONGO_URI=f"mongodb://{auth_server.host}:{auth_server.port}/{database_name}",
        MONGO_USERNAME=auth_server.root,
        MONGO_PASSWORD=SPECIAL_PASSWORD,
        MONGO_AUTH_SOURCE="admin",
        MONGO_OPTIONS={"serverSelectionTimeoutMS": 3000, **auth_server.options},
    )
    mongo = Mongo(app)
    with app.app_context():
        mongo["c"].insert_one({"x": 1})
        assert mongo.database.name == database_name
        mongo.client.drop_database(database_name)
    mongo.close(app)
