"""Server-side sessions (db.init_sessions) through Flask's test client."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask, session
from flask.sessions import SecureCookieSession
from flask.testing import FlaskClient
from pymongo import monitoring
from pymongo.collection import Collection

from flask_mongo import (
    ImproperlyConfigured,
    Mongo,
    MongoSessionInterface,
    SessionDataError,
)
from tests.support import TestServer

WRITES = {"insert", "update", "delete", "findAndModify", "createIndexes"}


class Recorder(monitoring.CommandListener):
    """The commands sent to the sessions collection."""

    def __init__(self) -> None:
        self.commands: list[tuple[str, Any]] = []

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        if isinstance(target, str) and target.endswith("sessions"):
            self.commands.append((event.command_name, event.command))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    def names(self) -> list[str]:
        return [name for name, _ in self.commands]

    def writes(self) -> list[str]:
        return [name for name in self.names() if name in WRITES]


@pytest.fixture
def recorder(app: Flask) -> Recorder:
    # Before the `db` fixture builds the client.
    listener = Recorder()
    app.config["MONGO_CLIENT_OPTIONS"] = {
        "serverSelectionTimeoutMS": 5000,
        "event_listeners": [listener],
    }
    return listener


@pytest.fixture
def raw(mongo_server: TestServer, database_name: str) -> Iterator[Collection[Any]]:
    client = mongo_server.client()
    yield client[database_name]["sessions"]
    client.close()


@pytest.fixture
def client(app: Flask, recorder: Recorder, db: Mongo) -> FlaskClient:
    app.secret_key = "a test secret"
    db.init_sessions(app)

    @app.post("/set/<key>/<value>")
    def set_value(key: str, value: str) -> str:
        session[key] = value
        return ""

    @app.get("/get")
    def get() -> dict[str, Any]:
        return dict(session)

    @app.get("/nothing")
    def nothing() -> str:
        return ""

    @app.post("/clear")
    def clear() -> str:
        session.clear()
        return ""

    @app.post("/login")
    def login() -> str:
        db.regenerate_session()
        session["user"] = "ada"
        return ""

    @app.post("/permanent")
    def permanent() -> str:
        session.permanent = True
        return ""

    @app.post("/ended-elsewhere")
    def ended_elsewhere() -> str:
        db["sessions"].delete_many({})  # a logout in another tab, meanwhile
        session["late"] = "write"
        return ""

    return app.test_client()


def cookie(client: FlaskClient) -> str | None:
    found = client.get_cookie("session")
    return None if found is None else found.value


def sid_of(client: FlaskClient) -> str:
    value = cookie(client)
    assert value is not None
    return value.rpartition(".")[0]


def test_values_persist_across_requests(client: FlaskClient, app: Flask) -> None:
    client.post("/set/colour/blue")
    client.post("/set/size/9")
    assert client.get("/get").json == {"colour": "blue", "size": "9"}
    assert app.test_client().get("/get").json == {}


def test_the_cookie_holds_only_the_signed_id(
    client: FlaskClient, raw: Collection[Any]
) -> None:
    client.post("/set/secret/hunter2")
    value = cookie(client)
    assert value is not None
    assert "hunter2" not in value
    sid = sid_of(client)
    assert len(sid) >= 43  # 32 random bytes in URL-safe base64
    stored = raw.find_one()
    assert stored is not None
    assert stored["_id"] == sid
    assert stored["data"] == {"secret": "hunter2"}
    assert stored["expires"] > datetime.now(UTC).replace(tzinfo=None)


def test_ids_are_random(client: FlaskClient, app: Flask) -> None:
    other = app.test_client()
    client.post("/set/a/1")
    other.post("/set/a/1")
    assert sid_of(client) != sid_of(other)


@pytest.mark.parametrize("tamper", ["signature", "id", "garbage", "empty-signature"])
def test_a_tampered_cookie_starts_a_new_empty_session(
    client: FlaskClient, app: Flask, raw: Collection[Any], tamper: str
) -> None:
    victim = app.test_client()
    victim.post("/set/user/ada")
    victim_sid = sid_of(victim)
    sid, _, signature = (cookie(victim) or "").rpartition(".")
    forged = {
        "signature": f"{sid}.{signature[:-2]}xx",
        "id": f"{sid[:-1]}{'A' if sid[-1] != 'A' else 'B'}.{signature}",
        "garbage": "not a session cookie",
        "empty-signature": f"{sid}.",
    }[tamper]
    client.set_cookie("session", forged)
    assert client.get("/get").json == {}
    client.post("/set/user/eve")
    assert sid_of(client) != victim_sid
    assert victim.get("/get").json == {"user": "ada"}
    assert raw.count_documents({}) == 2


def test_an_expired_document_starts_a_new_session(
    client: FlaskClient, raw: Collection[Any]
) -> None:
    client.post("/set/user/ada")
    old = sid_of(client)
    raw.update_one({}, {"$set": {"expires": datetime.now(UTC) - timedelta(seconds=1)}})
    assert client.get("/get").json == {}
    client.post("/set/user/bob")
    assert sid_of(client) != old


def test_the_expiry_date_is_checked_when_reading(
    client: FlaskClient, app: Flask, raw: Collection[Any]
) -> None:
    # No TTL index yet (it comes with the first write), so nothing deletes
    # these documents: only the check on reading can refuse the expired one.
    now = datetime.now(UTC)
    raw.insert_many(
        [
            {"_id": "expired", "data": {"user": "eve"}, "expires": now - timedelta(1)},
            {"_id": "live", "data": {"user": "ada"}, "expires": now + timedelta(1)},
        ]
    )
    assert list(raw.index_information()) == ["_id_"]
    interface = app.session_interface
    assert isinstance(interface, MongoSessionInterface)
    signer = interface.get_signer(app)
    assert signer is not None
    client.set_cookie("session", signer.sign("expired").decode())
    assert client.get("/get").json == {}
    client.set_cookie("session", signer.sign("live").decode())
    assert client.get("/get").json == {"user": "ada"}


def test_the_ttl_index_is_created_once(
    client: FlaskClient, recorder: Recorder, raw: Collection[Any]
) -> None:
    for n in range(3):
        client.post(f"/set/n/{n}")
    assert recorder.names().count("createIndexes") == 1
    ttl = [i for i in raw.index_information().values() if i["key"] == [("expires", 1)]]
    assert [index["expireAfterSeconds"] for index in ttl] == [0]


def test_an_emptied_session_deletes_its_document_and_cookie(
    client: FlaskClient, raw: Collection[Any]
) -> None:
    client.post("/set/user/ada")
    assert raw.count_documents({}) == 1
    response = client.post("/clear")
    assert raw.count_documents({}) == 0
    assert cookie(client) is None
    assert "session=;" in response.headers["Set-Cookie"]


def test_an_unmodified_session_is_not_written(
    client: FlaskClient, recorder: Recorder
) -> None:
    client.post("/set/user/ada")
    assert recorder.writes() == ["createIndexes", "insert"]
    recorder.commands.clear()
    assert client.get("/get").json == {"user": "ada"}
    client.get("/nothing")
    assert recorder.names() == ["find", "find"]


def test_a_new_session_left_empty_writes_nothing(
    client: FlaskClient, recorder: Recorder
) -> None:
    client.get("/get")
    client.post("/clear")
    assert recorder.names() == []
    assert cookie(client) is None


def test_permanent_sessions_are_refreshed_each_request(
    client: FlaskClient, recorder: Recorder, raw: Collection[Any], app: Flask
) -> None:
    app.permanent_session_lifetime = timedelta(hours=2)
    client.post("/set/user/ada")
    browser_cookie = client.get_cookie("session")
    assert browser_cookie is not None
    assert browser_cookie.expires is None  # a browser session
    client.post("/permanent")
    stored = raw.find_one()
    assert stored is not None
    expected = datetime.now(UTC) + timedelta(hours=2)
    assert abs(stored["expires"].replace(tzinfo=UTC) - expected) < timedelta(minutes=1)
    permanent_cookie = client.get_cookie("session")
    assert permanent_cookie is not None
    assert permanent_cookie.expires is not None
    recorder.commands.clear()
    client.get("/get")
    assert recorder.writes() == ["update"]
    update = recorder.commands[-1][1]["updates"][0]["u"]
    assert list(update) == ["$set"]
    assert list(update["$set"]) == ["expires"]  # the data is left alone


def test_without_refresh_each_request_permanent_sessions_are_not_written(
    client: FlaskClient, recorder: Recorder, app: Flask
) -> None:
    app.config["SESSION_REFRESH_EACH_REQUEST"] = False
    client.post("/permanent")
    client.post("/set/user/ada")
    recorder.commands.clear()
    assert client.get("/get").json == {"_permanent": True, "user": "ada"}
    assert recorder.writes() == []


def test_regeneration_moves_the_data_to_a_new_id(
    client: FlaskClient, raw: Collection[Any], app: Flask
) -> None:
    client.post("/set/cart/3-books")
    old_cookie, old_sid = cookie(client), sid_of(client)
    client.post("/login")
    assert sid_of(client) != old_sid
    assert [d["_id"] for d in raw.find()] == [sid_of(client)]
    assert client.get("/get").json == {"cart": "3-books", "user": "ada"}
    attacker = app.test_client()
    attacker.set_cookie("session", old_cookie or "")
    assert attacker.get("/get").json == {}


def test_a_session_ended_elsewhere_is_not_recreated(
    client: FlaskClient, raw: Collection[Any]
) -> None:
    client.post("/set/user/ada")
    client.post("/ended-elsewhere")
    assert raw.count_documents({}) == 0
    assert cookie(client) is None


def test_bson_values_round_trip(client: FlaskClient, app: Flask) -> None:
    token = uuid.uuid4()
    when = datetime(2024, 5, 1, 12, 30, tzinfo=UTC)

    @app.post("/store")
    def store() -> str:
        session.update(
            token=token, when=when, raw=b"\x00\x01", pair=(1, 2), nested={"a": [1]}
        )
        return ""

    @app.get("/types")
    def types() -> dict[str, Any]:
        return {key: repr(value) for key, value in session.items()}

    client.post("/store")
    assert client.get("/types").json == {
        "token": repr(token),
        "when": repr(when),
        "raw": repr(b"\x00\x01"),
        "pair": "[1, 2]",  # BSON has arrays, not tuples
        "nested": "{'a': [1]}",
    }


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (object(), r"the session value 'bad' \(object\) cannot be stored in MongoDB"),
        ({1: "a"}, r"the session key 'bad\.1' cannot be stored"),
        ({"a.b": 1}, r"the session key 'bad\.a\.b' cannot be stored"),
        ([{"$where": 1}], r"the session key 'bad\.0\.\$where' cannot be stored"),
        (2**70, r"the session value 'bad' \(int\) cannot be stored"),
    ],
)
def test_values_bson_cannot_store_are_refused_at_save(
    client: FlaskClient, app: Flask, raw: Collection[Any], value: Any, message: str
) -> None:
    @app.post("/bad")
    def bad() -> str:
        session["bad"] = value
        return ""

    with pytest.raises(SessionDataError, match=message):
        client.post("/bad")
    assert raw.count_documents({}) == 0


def test_sessions_need_a_secret_key(app: Flask, db: Mongo) -> None:
    db.init_sessions(app)

    @app.post("/set")
    def set_value() -> str:
        session["a"] = 1
        return ""

    with pytest.raises(RuntimeError, match="no secret key was set"):
        app.test_client().post("/set")


def test_old_secret_keys_still_verify(client: FlaskClient, app: Flask) -> None:
    client.post("/set/user/ada")
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "the new secret"
    assert client.get("/get").json == {"user": "ada"}
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert client.get("/get").json == {}


def test_a_read_session_varies_on_cookie(client: FlaskClient) -> None:
    client.post("/set/user/ada")
    assert "Cookie" in client.get("/get").headers["Vary"]
    assert "Vary" not in client.get("/nothing").headers


def test_regenerate_needs_server_side_sessions(app: Flask, db: Mongo) -> None:
    app.secret_key = "a test secret"
    with (
        app.test_request_context("/"),
        pytest.raises(RuntimeError, match=r"call db\.init_sessions\(app\)"),
    ):
        db.regenerate_session()


def test_the_collection_comes_from_the_config_or_the_call(
    app: Flask, mongo_server: TestServer, database_name: str
) -> None:
    app.config["MONGO_SESSIONS_COLLECTION"] = "web_sessions"
    app.secret_key = "a test secret"
    mongo = Mongo(app)
    try:
        assert mongo.init_sessions(app).collection_name == "web_sessions"

        @app.post("/set")
        def set_value() -> str:
            session["a"] = 1
            return ""

        app.test_client().post("/set")
        assert mongo.init_sessions(app, "other").collection_name == "other"
    finally:
        mongo.close(app)
    raw = mongo_server.client()
    try:
        assert raw[database_name]["web_sessions"].count_documents({}) == 1
    finally:
        raw.close()


def test_the_cookie_follows_flasks_cookie_settings(
    client: FlaskClient, app: Flask
) -> None:
    app.config.update(
        SESSION_COOKIE_NAME="sid",
        SESSION_COOKIE_SECURE=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_PATH="/app",
    )
    header = client.post("/set/user/ada").headers["Set-Cookie"]
    assert header.startswith("sid=")
    for attribute in ("Secure", "HttpOnly", "Path=/app", "SameSite=Strict"):
        assert attribute in header
    cleared = client.post("/clear", headers={"Cookie": header.split(";")[0]})
    assert cleared.headers["Set-Cookie"].startswith("sid=;")


def test_only_mongo_sessions_are_saved(client: FlaskClient, app: Flask) -> None:
    interface = app.session_interface
    with app.test_request_context("/"), pytest.raises(TypeError, match="MongoSession"):
        interface.save_session(app, SecureCookieSession({"a": 1}), app.response_class())


@pytest.mark.parametrize("value", ["", ["sessions"], "a\x00b"])
def test_a_bad_collection_name_is_a_config_error(app: Flask, value: object) -> None:
    app.config["MONGO_SESSIONS_COLLECTION"] = value
    with pytest.raises(ImproperlyConfigured, match="MONGO_SESSIONS_COLLECTION must"):
        Mongo(app)


def test_the_settings_show_a_chosen_collection(app: Flask) -> None:
    app.config.update(MONGO_SESSIONS_COLLECTION="web", MONGO_GRIDFS_BUCKET="media")
    mongo = Mongo(app)
    shown = repr(mongo.get_state(app).settings)
    assert "gridfs_bucket='media'" in shown
    assert "sessions_collection='web'" in shown
    defaults = Flask(__name__)
    defaults.config["MONGO_URI"] = "mongodb://localhost/shop"
    shown = repr(Mongo().load_settings(defaults))
    assert "gridfs_bucket" not in shown
    assert "sessions_collection" not in shown
