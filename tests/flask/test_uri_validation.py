"""Connection strings are checked by PyMongo's parser at init_app, not at
the first query, and no error ever shows the password."""

from __future__ import annotations

import pytest
from flask import Flask

from flask_mongo import ImproperlyConfigured, Mongo
from flask_mongoalchemy import MongoAlchemy
from flask_mongokit import MongoKit


def _app(**config: object) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    return app


@pytest.mark.parametrize(
    ("uri", "reason"),
    [
        ("mongodb://localhost/shop.books", "names the collection 'books'"),
        ("mongodb://u:p@ss@host/db", "must be escaped"),
        ("mongodb://localhost:99999/db", "Port must be an integer"),
        ("mongodb://localhost/db?nosuchoption=1", "Unknown option"),
    ],
)
def test_bad_uris_fail_at_init_app_naming_the_key(uri: str, reason: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=rf"^MONGO_URI .*{reason}"):
        Mongo(_app(MONGO_URI=uri))


@pytest.mark.parametrize(
    "uri",
    [
        "mongodb://user:s3cr%2Ft@host:99999/db",
        "mongodb://user:s3cr@t@host/db",
        "mongodb://user:s3cr%2Ft@host/db?nosuchoption=s3cr%2Ft",
    ],
)
def test_the_password_never_appears_in_the_error(uri: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="not a valid MongoDB URI") as raised:
        Mongo(_app(MONGO_URI=uri))
    message = str(raised.value)
    assert "s3cr" not in message
    assert "***" in message


def test_options_are_checked_with_the_uri() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"MONGO_OPTIONS.*Unknown option"):
        Mongo(
            _app(
                MONGO_URI="mongodb://localhost/db",
                MONGO_OPTIONS="appname=x&wtimeout_typo=5",
            )
        )


def test_host_and_port_keys_are_checked_too() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"MONGO_HOST/PORT .*Port must be"):
        Mongo(_app(MONGO_HOST="h1:27017,h2:99999", MONGO_DATABASE="db"))


def test_srv_uris_are_checked_without_a_dns_lookup() -> None:
    db = Mongo(_app(MONGO_URI="mongodb+srv://cluster.example.com/shop"))
    assert db.config_prefix == "MONGO"


def test_good_uris_keep_their_parts() -> None:
    app = _app(
        MONGO_URI="mongodb://u:p%40ss@h1,h2:27018/shop?replicaSet=rs&authSource=admin",
        MONGO_REPLICA_SET="rs",
    )
    settings = Mongo(app).get_state(app).settings
    assert settings.database == "shop"
    assert "p@ss" not in repr(settings)


def test_front_ends_check_their_connection_strings() -> None:
    with pytest.raises(ImproperlyConfigured, match="MONGOALCHEMY_CONNECTION_STRING"):
        MongoAlchemy(
            _app(
                MONGOALCHEMY_DATABASE="db",
                MONGOALCHEMY_CONNECTION_STRING="mongodb://localhost:99999/db",
            )
        )
    with pytest.raises(ImproperlyConfigured, match="MONGODB_URI"):
        MongoKit(_app(MONGODB_URI="mongodb://localhost/db.tasks"))
