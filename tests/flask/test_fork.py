"""After os.fork() (gunicorn, uWSGI pre-fork) each process has its own
client: the child never uses the parent's, and PyMongo does not warn."""

from __future__ import annotations

import json
import os
import signal
import time
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from flask_mongo import Mongo
from flask_mongoalchemy import MongoAlchemy
from flask_mongokit import MongoKit
from tests.support import TestServer

pytestmark = pytest.mark.skipif(
    not hasattr(os, "fork"), reason="os.fork() is POSIX only"
)


def _in_child(work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run ``work`` in a forked child; its result (or error) comes back as JSON."""
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns that the test process has threads (the wire
        # server's); the child below touches none of their locks.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, reported through the pipe
        os.close(read_end)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = work()
            result["warnings"] = [str(w.message) for w in caught]
        except BaseException as error:
            result = {"error": f"{type(error).__name__}: {error}"}
        os.write(write_end, json.dumps(result).encode())
        os._exit(0)
    os.close(write_end)
    deadline = time.monotonic() + 30
    while os.waitpid(pid, os.WNOHANG) == (0, 0):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child did not finish within 30 s")
        time.sleep(0.01)
    with os.fdopen(read_end, "rb") as pipe:
        return dict(json.loads(pipe.read() or b'{"error": "no result"}'))


def _check_fork(app: Flask, db: Mongo) -> None:
    with app.app_context():
        parent_client = db.client
        db["things"].insert_one({"who": "parent"})

        def child() -> dict[str, Any]:
            client = db.client
            db["things"].insert_one({"who": "child", "pid": os.getpid()})
            return {
                "same_client": client is parent_client,
                "again_same": db.client is client,
                "whos": sorted(d["who"] for d in db["things"].find()),
            }

        result = _in_child(child)
        assert "error" not in result, result
        assert result["same_client"] is False
        assert result["again_same"] is True
        assert result["whos"] == ["child", "parent"]
        assert not [w for w in result["warnings"] if "fork" in w.lower()]
        # The parent's client is untouched and still works.
        assert db.client is parent_client
        assert db["things"].count_documents({}) == 2


def test_mongo_child_gets_its_own_client(
    mongo_server: TestServer, database_name: str
) -> None:
    app = Flask(__name__)
    app.config.update(MONGO_URI=mongo_server.uri, MONGO_DATABASE=database_name)
    db = Mongo(app)
    _check_fork(app, db)
    db.close(app)


def test_front_ends_child_gets_its_own_client(
    mongo_server: TestServer, database_name: str
) -> None:
    app = Flask(__name__)
    app.config.update(
        MONGOALCHEMY_DATABASE=database_name,
        MONGOALCHEMY_SERVER=mongo_server.host,
        MONGOALCHEMY_PORT=mongo_server.port,
        MONGODB_HOST=mongo_server.host,
        MONGODB_PORT=mongo_server.port,
        MONGODB_DATABASE=database_name + "_kit",
    )
    for db in (MongoAlchemy(app), MongoKit(app)):
        _check_fork(app, db)
        db.close(app)
