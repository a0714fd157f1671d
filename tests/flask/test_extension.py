"""The extension against a real wire server: contexts, apps, instances."""

from __future__ import annotations

import pytest
from flask import Flask
from pymongo.collection import Collection
from pymongo.database import Database
from pymongo.errors import InvalidOperation

from flask_mongo import Document, ImproperlyConfigured, Mongo
from flask_mongo.odm import StringField
from tests.support import PlainMongo, TestServer


def plain_app(server: TestServer, database: str, prefix: str = "MONGO") -> Flask:
    app = Flask(f"app_{database}_{prefix}")
    app.config[f"{prefix}_URI"] = server.uri
    app.config[f"{prefix}_DATABASE"] = database
    return app


def test_write_and_read_in_app_context(
    app: Flask, db: Mongo, database_name: str
) -> None:
    with app.app_context():
        db["books"].insert_one({"title": "Dive Into Python"})
        assert isinstance(db.database, Database)
        assert db.database.name == database_name
        assert isinstance(db.get_collection("books"), Collection)
        assert db.get_collection("books").find_one({}, {"_id": 0}) == {
            "title": "Dive Into Python"
        }


def test_works_in_request_context(app: Flask, db: Mongo) -> None:
    @app.post("/items/<name>")
    def add(name: str) -> dict[str, int]:
        db["items"].insert_one({"name": name})
        return {"count": db["items"].count_documents({})}

    client = app.test_client()
    assert client.post("/items/a").json == {"count": 1}
    assert client.post("/items/b").json == {"count": 2}


def test_outside_app_context_says_to_push_one(db: Mongo) -> None:
    with pytest.raises(RuntimeError, match=r"app\.app_context"):
        _ = db.database


def test_before_init_app_says_to_call_it(app: Flask) -> None:
    mongo = Mongo()
    with app.app_context(), pytest.raises(RuntimeError, match="init_app"):
        _ = mongo.client


def test_state_lives_in_app_extensions(app: Flask, db: Mongo) -> None:
    state = app.extensions["flask_mongo"]["MONGO"]
    assert state.extension is db
    assert not hasattr(db, "app")


def test_client_is_lazy_and_reused(app: Flask, db: Mongo) -> None:
    state = db.get_state(app)
    assert not state.has_client  # init_app opened nothing
    with app.app_context():
        first = db.client
    with app.app_context():
        assert db.client is first  # nothing is opened per context
    with app.test_request_context("/"):
        assert db.client is first


def test_client_names_flask_mongo_to_the_server(app: Flask, db: Mongo) -> None:
    with app.app_context():
        # The handshake metadata the server logs for each connection.
        driver = db.client.options.pool_options.metadata["driver"]
        assert "Flask-Mongo" in driver["name"]


def test_one_instance_serves_two_apps(mongo_server: TestServer) -> None:
    mongo = Mongo()
    first = plain_app(mongo_server, "fmtest_multi_a")
    second = plain_app(mongo_server, "fmtest_multi_b")
    mongo.init_app(first)
    mongo.init_app(second)
    try:
        with first.app_context():
            mongo["c"].insert_one({"app": "first"})
        with second.app_context():
            mongo["c"].insert_one({"app": "second"})
            assert mongo.database.name == "fmtest_multi_b"
            assert [d["app"] for d in mongo["c"].find()] == ["second"]
        with first.app_context():
            assert [d["app"] for d in mongo["c"].find()] == ["first"]
            assert mongo.client is not mongo.get_state(second).client
    finally:
        for app in (first, second):
            with app.app_context():
                mongo.client.drop_database(mongo.database.name)
            mongo.close(app)


def test_two_instances_on_one_app(mongo_server: TestServer, database_name: str) -> None:
    app = plain_app(mongo_server, database_name)
    app.config["ARCHIVE_URI"] = mongo_server.uri
    app.config["ARCHIVE_DATABASE"] = database_name + "_archive"
    main, archive = Mongo(app), Mongo(app, config_prefix="ARCHIVE")
    try:
        with app.app_context():
            main["c"].insert_one({"x": 1})
            assert archive["c"].count_documents({}) == 0
            archive["c"].insert_one({"x": 2})
            assert main["c"].find_one({}, {"_id": 0}) == {"x": 1}
            assert archive.database.name == database_name + "_archive"
            archive.client.drop_database(database_name + "_archive")
    finally:
        main.close(app)
        archive.close(app)


def test_same_prefix_for_two_instances_is_refused(app: Flask, db: Mongo) -> None:
    with pytest.raises(RuntimeError, match="config prefix 'MONGO'"):
        Mongo(app)


def test_bad_config_fails_at_init_app(mongo_server: TestServer) -> None:
    app = Flask(__name__)
    app.config["MONGO_URI"] = mongo_server.uri  # no database in it
    with pytest.raises(ImproperlyConfigured, match="MONGO_DATABASE"):
        Mongo(app)


def test_session_is_per_context_and_ended_at_teardown(app: Flask, db: Mongo) -> None:
    with app.app_context():
        session = db.session
        assert db.session is session
        db["c"].insert_one({"x": 1}, session=session)
        assert db["c"].find_one({"x": 1}, session=session) is not None
    assert session.has_ended
    with app.app_context():
        assert db.session is not session


def test_close_then_reuse_creates_a_new_client(app: Flask, db: Mongo) -> None:
    with app.app_context():
        first = db.client
        db["c"].insert_one({"x": 1})
        db.close()
        assert db.client is not first
        assert db["c"].count_documents({}) == 1


def test_timezone_returns_aware_datetimes(plain_mongo: PlainMongo) -> None:
    from datetime import UTC, datetime

    app, mongo = plain_mongo(MONGO_TIMEZONE="Asia/Tokyo")
    with app.app_context():
        mongo["c"].insert_one({"at": datetime(2024, 1, 1, 12, tzinfo=UTC)})
        got = mongo["c"].find_one()
        assert got is not None
        assert str(got["at"].tzinfo) == "Asia/Tokyo"
        assert got["at"].hour == 21


def test_options_string_reaches_the_driver(plain_mongo: PlainMongo) -> None:
    app, mongo = plain_mongo(
        MONGO_OPTIONS="appname=shop&serverSelectionTimeoutMS=1500",
        MONGO_CLIENT_OPTIONS={},
    )
    with app.app_context():
        assert mongo.client.options.pool_options.metadata["application"] == {
            "name": "shop"
        }
        assert mongo.client.options.server_selection_timeout == 1.5
        mongo["c"].insert_one({"ok": True})


def test_init_app_again_replaces_the_client(app: Flask, db: Mongo) -> None:
    with app.app_context():
        first = db.client
        db["c"].insert_one({"x": 1})
    db.init_app(app)  # e.g. after changing app.config
    with app.app_context():
        assert db.client is not first
        assert db["c"].count_documents({}) == 1
    with pytest.raises(InvalidOperation, match="after close"):
        first["any"]["c"].find_one()  # the old one was closed, not leaked


def test_documents_without_mongo_use_the_apps_only_extension(
    app: Flask, db: Mongo
) -> None:
    class Shelf(Document):
        label: StringField = StringField()

    with pytest.raises(RuntimeError, match=r"outside of application context"):
        Shelf.query.count()
    with app.app_context():
        Shelf(label="poetry").save()
        assert [s.label for s in Shelf.query.all()] == ["poetry"]
        assert Shelf.get_collection().database.name == db.database.name


def test_documents_without_mongo_refuse_to_guess(
    mongo_server: TestServer, database_name: str
) -> None:
    class Drawer(Document):
        label = StringField()

    bare = plain_app(mongo_server, database_name)
    with bare.app_context(), pytest.raises(RuntimeError, match="0 Mongo extensions"):
        Drawer.query.count()
    app = plain_app(mongo_server, database_name)
    app.config["ARCHIVE_URI"] = mongo_server.uri
    app.config["ARCHIVE_DATABASE"] = database_name
    main, archive = Mongo(app), Mongo(app, config_prefix="ARCHIVE")
    with (
        app.app_context(),
        pytest.raises(RuntimeError, match=r"2 Mongo extensions.*mongo=db"),
    ):
        Drawer.query.count()
    main.close(app)
    archive.close(app)
