"""The MongoKit extension: configuration, contexts, registration, connection."""

from __future__ import annotations

import pytest
from flask import Flask
from pymongo import ReadPreference

from flask_mongo import AppState, ImproperlyConfigured
from flask_mongo.structure import BoundDocument, LegacyCollection
from flask_mongokit import (
    BSONObjectIdConverter,
    Document,
    MongoKit,
    SchemaDocumentError,
)
from tests.support import TestServer, found, needs_embedded


class Note(Document):
    __collection__ = "notes"
    structure = {"text": str}


class Archived(Document):
    __collection__ = "archive"
    __database__ = "fmtest_mongokit_other"
    structure = {"text": str}


class Nowhere(Document):
    structure = {"text": str}


def settings_of(app: Flask, db: MongoKit) -> AppState:
    return db.get_state(app)


def test_legacy_defaults() -> None:
    app = Flask(__name__)
    db = MongoKit(app)
    settings = settings_of(app, db).settings
    assert (settings.host, settings.port, settings.database) == (
        "localhost",
        27017,
        "flask",
    )
    assert settings.username is None
    assert app.extensions["mongokit"] is db
    assert app.url_map.converters["ObjectId"] is BSONObjectIdConverter
    db.close(app)


def test_legacy_keys() -> None:
    app = Flask(__name__)
    app.config.update(
        MONGODB_HOST="db.example",
        MONGODB_PORT="27018",
        MONGODB_DATABASE="tasks",
        MONGODB_USERNAME="ann",
        MONGODB_PASSWORD="s3cret:@/",
        MONGODB_SLAVE_OKAY=True,
        MONGODB_TZ_AWARE=True,
    )
    db = MongoKit(app)
    state = settings_of(app, db)
    settings = state.settings
    assert (settings.host, settings.port, settings.database) == (
        "db.example",
        27018,
        "tasks",
    )
    # Flask-MongoKit authenticated against MONGODB_DATABASE.
    assert (settings.username, settings.auth_source) == ("ann", "tasks")
    assert "s3cret" not in repr(settings)
    options = state.client.options
    assert options.read_preference == ReadPreference.SECONDARY_PREFERRED
    assert options.codec_options.tz_aware is True
    db.close(app)


def test_a_uri_in_the_host_key_and_in_the_uri_key() -> None:
    app = Flask(__name__)
    app.config["MONGODB_HOST"] = "mongodb://a.example:1,b.example:2/shop?replicaSet=rs"
    db = MongoKit(app)
    settings = settings_of(app, db).settings
    assert settings.uri is not None
    assert settings.database == "shop"
    db.close(app)


@needs_embedded
def test_the_uri_key_may_name_the_embedded_engine() -> None:
    other = Flask(__name__)
    other.config["MONGODB_URI"] = "mongoeco://"
    db = MongoKit(other)
    assert settings_of(other, db).settings.database == "flask"
    assert settings_of(other, db).settings.embedded is not None
    db.close(other)


def test_bad_settings_name_the_mongodb_keys() -> None:
    app = Flask(__name__)
    app.config["MONGODB_PORT"] = "not a port"
    with pytest.raises(ImproperlyConfigured, match="MONGODB_PORT"):
        MongoKit(app)


def test_runtime_error_without_an_app(mk_app: Flask, mk: MongoKit) -> None:
    for use in (
        lambda: mk["notes"],
        lambda: mk.connected,
        mk.connect,
        mk.disconnect,
        lambda: mk.Note,
    ):
        with pytest.raises(RuntimeError, match="app"):
            use()


def test_connect_disconnect_connected(mk_app: Flask, mk: MongoKit) -> None:
    with mk_app.app_context():
        assert mk.connected is False  # the client is created on first use
        mk.connect()
        assert mk.connected is True
        client = mk.client
        mk["notes"].insert({"text": "x"})
        assert mk.client is client
        mk.disconnect()
        assert mk.connected is False
        assert mk["notes"].count() == 1  # reconnects on use
        assert mk.connected is True


def test_one_client_per_app_across_requests(mk_app: Flask, mk: MongoKit) -> None:
    clients = []

    @mk_app.get("/")
    def index() -> str:
        clients.append(mk.client)
        mk["hits"].insert({})
        return str(mk["hits"].count())

    http = mk_app.test_client()
    assert [http.get("/").get_data(as_text=True) for _ in range(3)] == ["1", "2", "3"]
    assert clients[0] is clients[1] is clients[2]


def test_register_forms(mk: MongoKit, ctx: None) -> None:
    assert mk.register([Note]) is None
    mk.register((Note, Archived))
    mk.register({Nowhere})
    assert mk.registered_documents == [Note, Archived, Nowhere]
    with pytest.raises(TypeError, match="Document subclasses"):
        mk.register([dict])  # type: ignore[list-item]


def test_attribute_access(mk: MongoKit, ctx: None) -> None:
    mk.register([Note, Archived, Nowhere])
    bound = mk.Note
    assert isinstance(bound, BoundDocument)
    assert bound.collection.name == "notes"
    note = mk.Note({"text": "hello"})
    assert isinstance(note, Note)
    assert isinstance(note, mk.Note)
    note.save()
    assert mk.Note.find_one({"text": "hello"}) == note
    assert isinstance(mk.Note.get_from_id(note["_id"]), Note)
    assert [type(n) for n in mk.Note.find()] == [Note]

    # collections: by item and by attribute; documents on any collection
    assert isinstance(mk.notes, LegacyCollection)
    assert found(mk.notes.find_one())["text"] == "hello"
    assert mk["elsewhere"].Note().collection.name == "elsewhere"

    archived = mk.Archived({"text": "old"})
    assert archived.collection.database.name == "fmtest_mongokit_other"
    archived.save()
    assert mk.client["fmtest_mongokit_other"]["archive"].count_documents({}) == 1
    mk.client.drop_database("fmtest_mongokit_other")

    with pytest.raises(SchemaDocumentError, match="__collection__"):
        mk.Nowhere()


class Moving(Document):
    __collection__ = "moving_a"
    structure = {"text": str}


def test_bound_classes_follow_the_client_and_the_class(
    mk_app: Flask, mk: MongoKit, ctx: None
) -> None:
    mk.register([Note, Moving])
    first = mk.Note
    assert mk.Note is first  # made once, not per use
    assert mk.database is mk.database

    mk.disconnect()  # a new client: the old one's collections are not kept
    mk.Note({"text": "after"}).save()
    assert mk.Note is not first
    assert mk.Note.collection.database.client is mk.client
    assert mk.client[mk.database.name]["notes"].count_documents({}) == 1

    try:
        Moving.__collection__ = "moving_b"
        mk.Moving({"text": "b"}).save()
        Moving.__database__ = "fmtest_mongokit_moved"
        mk.Moving({"text": "c"}).save()
        assert mk.client[mk.database.name]["moving_b"].count_documents({}) == 1
        moved = mk.client["fmtest_mongokit_moved"]["moving_b"]
        assert [d["text"] for d in moved.find()] == ["c"]
    finally:
        Moving.__collection__, Moving.__database__ = "moving_a", None
        mk.client.drop_database("fmtest_mongokit_moved")
    assert mk.Moving.collection.full_name == f"{mk.database.name}.moving_a"


def test_one_instance_on_two_apps(mongo_server: TestServer, database_name: str) -> None:
    first, second = Flask("first"), Flask("second")
    for app, db_name in ((first, database_name), (second, database_name + "_2")):
        app.config.update(MONGODB_URI=mongo_server.uri, MONGODB_DATABASE=db_name)
    db = MongoKit()
    db.init_app(first)
    db.init_app(second)
    db.register([Note])
    with first.app_context():
        db.Note({"text": "first"}).save()
    with second.app_context():
        assert db.Note.find_one() is None
        db.client.drop_database(database_name + "_2")
    db.close(first)
    db.close(second)


def test_unknown_keys_warn_and_unregistered_classes_say_so(
    mk: MongoKit, ctx: None
) -> None:
    from flask_mongo import ConfigWarning

    app = Flask(__name__)
    app.config["MONGODB_HOSTNAME"] = "typo"
    with pytest.warns(ConfigWarning, match="MONGODB_HOSTNAME"):
        db = MongoKit(app)
    db.close(app)
    with pytest.raises(
        TypeError, match=r"register it first \(db\.register\(\[Note\]\)\)"
    ):
        mk.Note()
