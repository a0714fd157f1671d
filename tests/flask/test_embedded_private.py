"""The embedded engine is private to the app's process: it listens on the
loopback address only and refuses clients without its random credential."""

from __future__ import annotations

import pytest
from flask import Flask
from pymongo import MongoClient
from pymongo.errors import OperationFailure

from flask_mongo import Mongo

pytest.importorskip("mongoeco", reason="the embedded engine needs mongoeco")


@pytest.fixture
def embedded_app() -> Flask:
    app = Flask(__name__)
    app.config.update(MONGO_URI="mongoeco://", MONGO_DATABASE="private")
    return app


def test_the_app_uses_it_and_others_are_refused(embedded_app: Flask) -> None:
    db = Mongo(embedded_app)
    with embedded_app.app_context():
        db["notes"].insert_one({"text": "secret"})
        host, port = db.client.address or ("?", 0)
        assert host == "127.0.0.1"
        intruder: MongoClient[dict[str, object]] = MongoClient(
            host, port, serverSelectionTimeoutMS=5000, directConnection=True
        )
        try:
            with pytest.raises(OperationFailure, match=r"(?i)auth"):
                intruder["private"]["notes"].find_one()
        finally:
            intruder.close()
        assert db["notes"].find_one({}, {"_id": 0}) == {"text": "secret"}
    db.close(embedded_app)


def test_the_credential_never_shows(embedded_app: Flask) -> None:
    db = Mongo(embedded_app)
    state = db.get_state(embedded_app)
    with embedded_app.app_context():
        db.client.admin.command("ping")
    server = state._embedded
    assert server is not None
    password = server.client_credentials()["password"]
    assert len(password) >= 24
    assert password not in repr(server)
    assert password not in repr(state.settings)
    assert password not in repr(state.client)
    db.close(embedded_app)
