"""The embedded engine: mongoeco:// URIs run a wire server in-process."""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from pymongo import MongoClient

from flask_mongo import ImproperlyConfigured, Mongo
from flask_mongo.config import EmbeddedSpec, settings_from_config
from flask_mongo.embedded import EmbeddedServer
from tests.support import needs_embedded


def embedded_app(uri: str, instance: Path) -> Flask:
    app = Flask(__name__, instance_path=str(instance))
    app.config.update(MONGO_URI=uri, MONGO_DATABASE="shop")
    return app


@needs_embedded
def test_memory_engine_stores_and_reads(tmp_path: Path) -> None:
    app = embedded_app("mongoeco://", tmp_path)
    mongo = Mongo(app)
    try:
        with app.app_context():
            mongo["items"].insert_many([{"n": 1}, {"n": 2}])
            assert sorted(d["n"] for d in mongo["items"].find()) == [1, 2]
            host, _port = mongo.client.address or ("", 0)
            assert host == "127.0.0.1"
    finally:
        mongo.close(app)


@needs_embedded
def test_memory_engines_are_private_to_their_app(tmp_path: Path) -> None:
    first = embedded_app("mongoeco://memory", tmp_path)
    second = embedded_app("mongoeco://memory", tmp_path)
    mongo = Mongo()
    mongo.init_app(first)
    mongo.init_app(second)
    try:
        with first.app_context():
            mongo["items"].insert_one({"n": 1})
        with second.app_context():
            assert mongo["items"].count_documents({}) == 0
    finally:
        mongo.close(first)
        mongo.close(second)


@needs_embedded
def test_sqlite_data_survives_an_app_restart(tmp_path: Path) -> None:
    app = embedded_app("mongoeco:///shop.db", tmp_path)
    mongo = Mongo(app)
    with app.app_context():
        mongo["items"].insert_one({"name": "kept"})
    mongo.close(app)
    assert (tmp_path / "shop.db").exists()

    restarted = embedded_app("mongoeco:///shop.db", tmp_path)
    again = Mongo(restarted)
    with restarted.app_context():
        assert again["items"].find_one({}, {"_id": 0}) == {"name": "kept"}
    again.close(restarted)


@needs_embedded
def test_sqlite_absolute_path(tmp_path: Path) -> None:
    target = tmp_path / "data" / "abs.db"
    target.parent.mkdir()
    settings = settings_from_config(
        {"MONGO_URI": f"mongoeco:///{target}", "MONGO_DATABASE": "d"},
        instance_path="/nonexistent",
    )
    assert settings.embedded == EmbeddedSpec("sqlite", str(target))


@needs_embedded
def test_relative_sqlite_path_is_under_the_instance_folder(tmp_path: Path) -> None:
    settings = settings_from_config(
        {"MONGO_URI": "mongoeco:///sub/app.db", "MONGO_DATABASE": "d"},
        instance_path=str(tmp_path / "instance"),
    )
    assert settings.embedded == EmbeddedSpec(
        "sqlite", str(tmp_path / "instance" / "sub" / "app.db")
    )
    assert os.path.isdir(tmp_path / "instance")


@needs_embedded
def test_unreadable_embedded_uri_shows_the_forms(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"mongoeco:///file\.db"):
        settings_from_config(
            {"MONGO_URI": "mongoeco://somewhere", "MONGO_DATABASE": "d"},
            instance_path=str(tmp_path),
        )


def test_without_the_extra_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_find_spec = importlib.util.find_spec

    def missing_mongoeco(name: str, *args: object) -> object:
        return None if name == "mongoeco" else real_find_spec(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", missing_mongoeco)
    app = embedded_app("mongoeco://", tmp_path)
    with pytest.raises(ImproperlyConfigured, match=r"Flask-Mongo\[embedded\]"):
        Mongo(app)


@needs_embedded
def test_server_stops_cleanly_at_interpreter_exit(tmp_path: Path) -> None:
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        f"""
        from flask import Flask
        from flask_mongo import Mongo
        app = Flask("exiting", instance_path={str(tmp_path)!r})
        app.config.update(MONGO_URI="mongoeco:///exit.db", MONGO_DATABASE="shop")
        db = Mongo(app)
        with app.app_context():
            db["c"].insert_one({{"written": "before exit"}})
        print("done")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"
    assert "Traceback" not in result.stderr

    app = embedded_app("mongoeco:///exit.db", tmp_path)
    mongo = Mongo(app)
    with app.app_context():
        assert mongo["c"].find_one({}, {"_id": 0}) == {"written": "before exit"}
    mongo.close(app)


@needs_embedded
def test_an_unopenable_sqlite_file_fails_the_first_use(tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "app.db"
    app = embedded_app(f"mongoeco:///{target}", tmp_path)
    mongo = Mongo(app)  # init_app opens nothing, so the app is still created
    with (
        app.app_context(),
        pytest.raises(sqlite3.OperationalError, match="unable to open database"),
    ):
        mongo["c"].find_one()
    mongo.close(app)


@needs_embedded
def test_a_server_stopped_before_it_started_stays_usable() -> None:
    server = EmbeddedServer(EmbeddedSpec("memory"))
    server.stop()  # nothing to stop: no error
    host, port = server.start()
    assert host == "127.0.0.1"
    assert server.start() == (host, port)  # started once
    client: MongoClient[dict[str, object]] = MongoClient(host, port)
    try:
        assert client.admin.command("ping")["ok"] == 1
    finally:
        client.close()
        server.stop()
