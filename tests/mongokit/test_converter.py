"""BSONObjectIdConverter: /task/<ObjectId:task_id>."""

from __future__ import annotations

from bson import ObjectId
from flask import Flask, url_for

from flask_mongokit import BSONObjectIdConverter, MongoKit


def test_registered_by_init_app_and_converting() -> None:
    app = Flask(__name__)
    db = MongoKit()
    db.init_app(app)
    assert app.url_map.converters["ObjectId"] is BSONObjectIdConverter
    received: list[object] = []

    @app.route("/task/<ObjectId:task_id>")
    def show_task(task_id: ObjectId) -> str:
        received.append(task_id)
        return str(task_id)

    oid = ObjectId()
    http = app.test_client()
    assert http.get(f"/task/{oid}").get_data(as_text=True) == str(oid)
    assert http.get(f"/task/{str(oid).upper()}").status_code == 200
    assert received == [oid, oid]
    assert all(type(r) is ObjectId for r in received)
    for bad in ("123", "z" * 24, str(oid) + "0", "%00" * 12):
        assert http.get(f"/task/{bad}").status_code == 404
    assert len(received) == 2  # malformed ids never reach the view
    with app.test_request_context():
        assert url_for("show_task", task_id=oid) == f"/task/{oid}"
    db.close(app)
