from __future__ import annotations

import pytest
from bson import ObjectId
from flask import Flask, url_for

from flask_mongo.routing import ObjectIdConverter

OID = ObjectId("65a1b2c3d4e5f60718293a4b")


@pytest.fixture
def received() -> list[object]:
    return []


@pytest.fixture
def app(received: list[object]) -> Flask:
    app = Flask(__name__)
    app.url_map.converters["ObjectId"] = ObjectIdConverter

    @app.route("/task/<ObjectId:task_id>")
    def task(task_id: ObjectId) -> str:
        received.append(task_id)
        return "ok"

    return app


def test_valid_id_reaches_view_as_objectid(app: Flask, received: list[object]) -> None:
    response = app.test_client().get(f"/task/{OID}")
    assert response.status_code == 200
    assert received == [OID]
    assert type(received[0]) is ObjectId


def test_upper_case_id_matches(app: Flask, received: list[object]) -> None:
    response = app.test_client().get(f"/task/{str(OID).upper()}")
    assert response.status_code == 200
    assert received == [OID]


@pytest.mark.parametrize(
    "bad",
    [
        "123",
        str(OID)[:23],
        f"{OID}0",
        "zz" + str(OID)[2:],
        "g" * 24,
        "",
    ],
)
def test_malformed_id_is_404(app: Flask, received: list[object], bad: str) -> None:
    response = app.test_client().get(f"/task/{bad}")
    assert response.status_code == 404
    assert received == []


def test_url_for_round_trip(app: Flask, received: list[object]) -> None:
    with app.test_request_context():
        url = url_for("task", task_id=OID)
    assert url == f"/task/{OID}"
    assert app.test_client().get(url).status_code == 200
    assert received == [OID]


def test_url_for_accepts_hex_string_and_lowercases(app: Flask) -> None:
    with app.test_request_context():
        assert url_for("task", task_id=str(OID).upper()) == f"/task/{OID}"


def test_url_for_rejects_malformed_string(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(ValueError, match="24 hex digits"):
        url_for("task", task_id="123")


@pytest.mark.parametrize("value", [12345, OID.binary, 1.5])
def test_url_for_rejects_other_types(app: Flask, value: object) -> None:
    with app.test_request_context(), pytest.raises(TypeError, match="ObjectId"):
        url_for("task", task_id=value)
