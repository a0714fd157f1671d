"""Flask-MongoAlchemy's configuration keys: defaults, meanings and errors.

Most tests read the settings only (no server); the rest check the effect on
a real connection: authentication, ``authSource`` and write concerns.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from bson import ObjectId
from flask import Flask
from pymongo.errors import DuplicateKeyError, OperationFailure

from flask_mongo import ConfigWarning, ConnectionSettings
from flask_mongo.config import EmbeddedSpec
from flask_mongoalchemy import ImproperlyConfiguredError, MongoAlchemy
from tests.support import (
    SPECIAL_PASSWORD,
    AppFactory,
    AuthServer,
    CommandLog,
    TestServer,
    everything_shown,
    needs_embedded,
)


def author_class(db: MongoAlchemy) -> Any:
    """The Author document of the legacy docs, on ``db``."""

    class Author(db.Document):
        name = db.StringField()

    return Author


def make_app(**keys: Any) -> Flask:
    app = Flask(__name__)
    app.config.update({f"MONGOALCHEMY_{k}": v for k, v in keys.items()})
    return app


def settings(**keys: Any) -> ConnectionSettings:
    keys.setdefault("DATABASE", "library")
    return MongoAlchemy().load_settings(make_app(**keys))


def client_arguments(**keys: Any) -> tuple[str, dict[str, Any]]:
    return settings(**keys).client_arguments()


# -- reading the keys (no server) -------------------------------------------


def test_database_is_required() -> None:
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_DATABASE"):
        MongoAlchemy(make_app())
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_DATABASE"):
        MongoAlchemy(make_app(DATABASE=""))
    # Even with a connection string, as in the legacy code.
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_DATABASE"):
        MongoAlchemy(make_app(CONNECTION_STRING="mongodb://db.example.com/library"))


def test_defaults_connect_to_localhost_27017() -> None:
    loaded = settings()
    assert loaded.database == "library"
    assert client_arguments() == ("mongodb://localhost:27017/", {})


@pytest.mark.parametrize("port", ["27018", 27018])
def test_server_and_port(port: object) -> None:
    assert client_arguments(SERVER="db.example.com", PORT=port) == (
        "mongodb://db.example.com:27018/",
        {},
    )


def test_empty_server_and_port_mean_the_defaults() -> None:
    assert client_arguments(SERVER="", PORT="")[0] == "mongodb://localhost:27017/"


@pytest.mark.parametrize("port", ["abc", "0", 70000, True])
def test_bad_port(port: object) -> None:
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_PORT"):
        settings(PORT=port)


def test_credentials_are_keyword_arguments_with_server_auth() -> None:
    target, kwargs = client_arguments(USER="mark", PASSWORD=SPECIAL_PASSWORD)
    assert target == "mongodb://localhost:27017/"
    assert kwargs == {
        "username": "mark",
        "password": SPECIAL_PASSWORD,
        "authSource": "admin",
    }


def test_server_auth_false_authenticates_against_the_database() -> None:
    _, kwargs = client_arguments(USER="mark", PASSWORD="x", SERVER_AUTH=False)
    assert kwargs["authSource"] == "library"
    _, kwargs = client_arguments(USER="mark", PASSWORD="x", SERVER_AUTH=True)
    assert kwargs["authSource"] == "admin"


@pytest.mark.parametrize("key", ["SERVER_AUTH", "SAFE_SESSION"])
def test_flags_must_be_booleans(key: str) -> None:
    # The string 'False' is true in Python: refused rather than misread.
    with pytest.raises(ImproperlyConfiguredError, match=f"MONGOALCHEMY_{key}"):
        settings(**{key: "False"})


def test_password_without_user() -> None:
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_USER"):
        settings(PASSWORD="secret")


def test_password_is_never_shown() -> None:
    loaded = settings(USER="mark", PASSWORD=SPECIAL_PASSWORD)
    target, _ = loaded.client_arguments()
    for shown in (repr(loaded), str(loaded), target):
        assert SPECIAL_PASSWORD not in shown
        assert "rd%+" not in shown


def test_replica_set() -> None:
    assert "replicaSet" not in client_arguments(REPLICA_SET="")[1]
    assert client_arguments(REPLICA_SET="rs0")[1] == {"replicaSet": "rs0"}
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_REPLICA_SET"):
        settings(REPLICA_SET=1)


def test_options_are_uri_options() -> None:
    target, _ = client_arguments(OPTIONS="w=1&appname=x")
    assert target == "mongodb://localhost:27017/?w=1&appname=x"


def test_options_keep_their_escaping() -> None:
    query = "readPreference=secondary&readPreferenceTags=dc:ny,rack:1"
    assert client_arguments(OPTIONS=query)[0].endswith("/?" + query)


def test_options_as_a_dict_are_keyword_arguments() -> None:
    assert client_arguments(OPTIONS={"appname": "x"})[1] == {"appname": "x"}


def test_bad_options() -> None:
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_OPTIONS"):
        settings(OPTIONS="not an option string")
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_OPTIONS"):
        settings(OPTIONS=42)


@pytest.mark.parametrize(("safe", "w"), [("true", "1"), ("false", "0")])
def test_legacy_safe_option_becomes_w(safe: str, w: str) -> None:
    with pytest.warns(ConfigWarning, match=f"safe={safe} is read as w={w}"):
        target, _ = client_arguments(OPTIONS=f"safe={safe}&appname=x")
    assert target == f"mongodb://localhost:27017/?appname=x&w={w}"
    with pytest.warns(ConfigWarning, match="safe"):
        assert client_arguments(OPTIONS={"safe": True})[1] == {"w": 1}


def test_legacy_safe_option_with_w_or_junk_is_refused() -> None:
    with pytest.raises(ImproperlyConfiguredError, match="both safe= and w="):
        settings(OPTIONS="safe=true&w=2")
    with pytest.raises(ImproperlyConfiguredError, match="safe must be true or false"):
        settings(OPTIONS="safe=yes")


def test_safe_session_asks_for_w1() -> None:
    assert "w" not in client_arguments()[1]
    assert "w" not in client_arguments(SAFE_SESSION=False)[1]
    assert client_arguments(SAFE_SESSION=True)[1] == {"w": 1}


def test_safe_session_keeps_a_stronger_write_concern() -> None:
    target, kwargs = client_arguments(SAFE_SESSION=True, OPTIONS="w=majority")
    assert target.endswith("?w=majority")
    assert "w" not in kwargs
    _, kwargs = client_arguments(SAFE_SESSION=True, CLIENT_OPTIONS={"w": 2})
    assert kwargs == {"w": 2}


@pytest.mark.parametrize(
    "keys",
    [
        {"OPTIONS": "w=0"},
        {"CLIENT_OPTIONS": {"w": 0}},
        {"CONNECTION_STRING": "mongodb://db.example.com/?w=0"},
    ],
)
def test_safe_session_with_w0_is_refused(keys: dict[str, Any]) -> None:
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_SAFE_SESSION"):
        settings(SAFE_SESSION=True, **keys)


def test_connection_string_replaces_the_separate_keys() -> None:
    uri = "mongodb://db1.example.com,db2.example.com/?replicaSet=rs0"
    assert client_arguments(CONNECTION_STRING=uri) == (uri, {})
    with pytest.warns(ConfigWarning) as caught:
        loaded = settings(
            CONNECTION_STRING=uri,
            SERVER="ignored.example.com",
            PORT=1234,
            USER="ignored",
            PASSWORD="ignored",
            SERVER_AUTH=False,
            OPTIONS="appname=ignored",
        )
    message = str(caught[0].message)
    for key in ("SERVER", "PORT", "USER", "PASSWORD", "SERVER_AUTH", "OPTIONS"):
        assert f"MONGOALCHEMY_{key}" in message
    assert "ignored" not in repr(loaded)
    assert loaded.client_arguments() == (uri, {})


def test_connection_string_may_hold_credentials() -> None:
    uri = "mongodb://mark:s3cret@db.example.com/?authSource=admin"
    loaded = settings(CONNECTION_STRING=uri)
    assert "s3cret" not in repr(loaded)
    assert loaded.client_arguments()[0] == uri


@needs_embedded
def test_connection_string_may_be_the_embedded_engine(tmp_path: Any) -> None:
    loaded = settings(CONNECTION_STRING="mongoeco://")
    assert loaded.embedded == EmbeddedSpec("memory")
    app = make_app(DATABASE="library", CONNECTION_STRING="mongoeco:///lib.db")
    app.instance_path = str(tmp_path)
    loaded = MongoAlchemy().load_settings(app)
    assert loaded.embedded == EmbeddedSpec("sqlite", str(tmp_path / "lib.db"))


def test_bad_connection_string() -> None:
    with pytest.raises(
        ImproperlyConfiguredError, match="MONGOALCHEMY_CONNECTION_STRING"
    ):
        settings(CONNECTION_STRING="localhost:27017")


def test_timezone() -> None:
    assert settings(TIMEZONE="Europe/Paris").timezone == ZoneInfo("Europe/Paris")
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_TIMEZONE"):
        settings(TIMEZONE="Mars/Olympus")


def test_client_options_pass_through() -> None:
    assert client_arguments(CLIENT_OPTIONS={"maxPoolSize": 5})[1] == {"maxPoolSize": 5}
    with pytest.raises(ImproperlyConfiguredError, match="MONGOALCHEMY_CLIENT_OPTIONS"):
        settings(CLIENT_OPTIONS="maxPoolSize=5")


def test_unknown_keys_are_named() -> None:
    with pytest.warns(ConfigWarning, match="MONGOALCHEMY_SEVRER"):
        settings(SEVRER="db.example.com")


def test_config_prefix() -> None:
    app = Flask(__name__)
    app.config.update(OTHER_DATABASE="other", OTHER_SERVER="db.example.com")
    # Upper-cased, trailing "_" dropped, as in the legacy code.
    db = MongoAlchemy(app, config_prefix="other_")
    assert db.config_prefix == "OTHER"
    assert db.get_state(app).settings.client_arguments()[0] == (
        "mongodb://db.example.com:27017/"
    )
    later = MongoAlchemy()
    app2 = Flask(__name__)
    app2.config.update(ARCHIVE_DATABASE="archive")
    later.init_app(app2, config_prefix="ARCHIVE")
    assert later.config_prefix == "ARCHIVE"
    assert later.get_state(app2).settings.database == "archive"
    with pytest.raises(ImproperlyConfiguredError, match="config_prefix"):
        MongoAlchemy(config_prefix="")


def test_fields_and_helpers_are_attributes_of_the_extension() -> None:
    db = MongoAlchemy()
    names = [
        *("StringField", "RegExStringField", "BinaryField", "BoolField"),
        *("IntField", "FloatField", "DateTimeField", "TupleField", "GeoField"),
        *("EnumField", "AnythingField", "ObjectIdField", "ComputedField"),
        *("computed_field", "CreatedField", "ModifiedField", "ListField"),
        *("SetField", "DictField", "KVField", "DocumentField", "RefField"),
        *("SRefField", "Index", "Document", "BaseQuery", "ObjectId"),
        *("Pagination", "BadValueException"),
    ]
    assert [name for name in names if not hasattr(db, name)] == []
    assert db.ObjectId is ObjectId


# -- the effect on a real connection ----------------------------------------


def auth_keys(server: AuthServer, database: str, **keys: Any) -> dict[str, Any]:
    options = "&".join(f"{k}={v}" for k, v in server.options.items())
    return {
        "DATABASE": database,
        "SERVER": server.host,
        "PORT": str(server.port),
        "PASSWORD": server.password,
        "OPTIONS": options or None,
        "CLIENT_OPTIONS": {"serverSelectionTimeoutMS": 3000},
        **keys,
    }


def test_user_and_password_authenticate(
    auth_server: AuthServer, database_name: str
) -> None:
    app = make_app(**auth_keys(auth_server, database_name, USER=auth_server.root))
    db = MongoAlchemy(app)

    Author = author_class(db)

    with app.app_context():
        credentials = db.client.options.pool_options._credentials
        assert credentials is not None
        assert credentials.source == "admin"
        Author(name="Mark Pilgrim").save()
        assert Author.query.one().name == "Mark Pilgrim"
        db.client.drop_database(database_name)
    db.close(app)


def test_server_auth_false_sets_the_drivers_auth_source(
    auth_server: AuthServer, database_name: str
) -> None:
    # The scoped user lives in scoped_source: make it the database.
    database = auth_server.scoped_source
    app = make_app(
        **auth_keys(auth_server, database, USER=auth_server.scoped, SERVER_AUTH=False)
    )
    db = MongoAlchemy(app)
    with app.app_context():
        credentials = db.client.options.pool_options._credentials
        assert credentials is not None
        assert credentials.source == database
        db["c"].insert_one({"x": 1})
        assert db["c"].find_one({}, {"_id": 0}) == {"x": 1}
        db.client.drop_database(database)
    db.close(app)


def test_wrong_password_fails_and_is_never_shown(
    auth_server: AuthServer, database_name: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-" + SPECIAL_PASSWORD
    app = make_app(
        **auth_keys(auth_server, database_name, USER=auth_server.root, PASSWORD=wrong)
    )
    db = MongoAlchemy(app)
    with app.app_context():
        with pytest.raises(OperationFailure, match="Authentication failed") as info:
            db["c"].insert_one({"x": 1})
        shown = everything_shown(
            info.value, db, db.client, db.get_state().settings, log=caplog.text
        )
    assert wrong not in shown
    assert "rd%+" not in shown
    db.close(app)


@pytest.fixture
def logged(make_app: AppFactory, commands: CommandLog) -> tuple[Flask, CommandLog]:
    return make_app("MONGOALCHEMY"), commands


def test_default_writes_are_acknowledged(logged: tuple[Flask, CommandLog]) -> None:
    app, log = logged
    db = MongoAlchemy(app)

    Author = author_class(db)

    with app.app_context():
        mark = Author(name="Mark Pilgrim")
        mark.save()
        # The driver's default: acknowledged, so no writeConcern is sent...
        assert "writeConcern" not in log.named("insert")[-1]
        assert Author.get_collection().write_concern.acknowledged
        # ...and errors reach the caller instead of being lost.
        with pytest.raises(DuplicateKeyError, match="duplicate key"):
            Author(mongo_id=mark.mongo_id, name="Mark Twain").save()
    db.close(app)


def test_safe_session_sends_w1_and_safe_arguments_override_it(
    logged: tuple[Flask, CommandLog],
) -> None:
    app, log = logged
    app.config["MONGOALCHEMY_SAFE_SESSION"] = True
    db = MongoAlchemy(app)

    Author = author_class(db)

    with app.app_context():
        mark = Author(name="Mark Pilgrim")
        mark.save()
        assert log.named("insert")[-1]["writeConcern"] == {"w": 1}
        mark.name = "Mark Stalone"
        mark.save(safe=False)
        assert log.named("update")[-1]["writeConcern"] == {"w": 0}
        other = Author(name="Dave")
        other.save(safe=False)
        assert log.named("insert")[-1]["writeConcern"] == {"w": 0}
        mark.remove(safe=True)
        assert log.named("delete")[-1]["writeConcern"] == {"w": 1}
        other.remove(safe=False)
        assert log.named("delete")[-1]["writeConcern"] == {"w": 0}
    db.close(app)


@needs_embedded
def test_embedded_connection_string_stores_documents() -> None:
    app = make_app(DATABASE="library", CONNECTION_STRING="mongoeco://")
    db = MongoAlchemy(app)

    Author = author_class(db)

    with app.app_context():
        Author(name="Mark Pilgrim").save()
        assert [a.name for a in Author.query] == ["Mark Pilgrim"]
    db.close(app)


def test_timezone_gives_aware_datetimes(
    mongo_server: TestServer, database_name: str
) -> None:
    app = make_app(
        DATABASE=database_name,
        SERVER=mongo_server.host,
        PORT=mongo_server.port,
        TIMEZONE="Europe/Paris",
    )
    db = MongoAlchemy(app)

    class Event(db.Document):
        at = db.DateTimeField()

    with app.app_context():
        Event(at=datetime(2024, 6, 1, 12, 0)).save()  # naive: UTC
        at = Event.query.one().at
        assert at.tzinfo == ZoneInfo("Europe/Paris")
        assert at.hour == 14  # summer time: UTC+2
        assert at == datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    db.close(app)


def test_ids_are_object_ids(mongo_server: TestServer, database_name: str) -> None:
    app = make_app(
        DATABASE=database_name, SERVER=mongo_server.host, PORT=mongo_server.port
    )
    db = MongoAlchemy(app)

    Author = author_class(db)

    with app.app_context():
        mark = Author(name="Mark Pilgrim")
        mark.save()
        assert isinstance(mark.mongo_id, db.ObjectId)
        assert Author.query.get(db.ObjectId(str(mark.mongo_id))) == mark
    db.close(app)


def test_connection_defaults_are_written_back_into_the_config() -> None:
    app = Flask(__name__)
    app.config["MONGOALCHEMY_DATABASE"] = "library"
    app.config["MONGOALCHEMY_PORT"] = 27018
    MongoAlchemy(app)
    assert app.config["MONGOALCHEMY_SERVER"] == "localhost"
    assert app.config["MONGOALCHEMY_PORT"] == 27018  # given values stay
    assert app.config["MONGOALCHEMY_USER"] is None
    assert app.config["MONGOALCHEMY_PASSWORD"] is None
    assert app.config["MONGOALCHEMY_OPTIONS"] is None
    assert app.config["MONGOALCHEMY_REPLICA_SET"] == ""

    with_uri = Flask(__name__)
    with_uri.config["MONGOALCHEMY_DATABASE"] = "library"
    with_uri.config["MONGOALCHEMY_CONNECTION_STRING"] = "mongodb://db.example:27017"
    MongoAlchemy(with_uri)
    assert "MONGOALCHEMY_SERVER" not in with_uri.config  # the URI says where
