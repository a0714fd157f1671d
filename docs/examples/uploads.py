"""Files in GridFS: an upload and a download view."""

from __future__ import annotations

from flask import Flask, redirect, request
from flask.typing import ResponseReturnValue

from flask_mongo import Mongo


def register_views(app: Flask, db: Mongo) -> None:
    @app.post("/avatars/<user>")
    def upload(user: str) -> ResponseReturnValue:
        file = request.files["avatar"]
        db.save_file(f"avatars/{user}.png", file, owner=user)
        return redirect(f"/files/avatars/{user}.png")

    @app.get("/files/<path:filename>")
    def download(filename: str) -> ResponseReturnValue:
        return db.send_file(filename)  # the newest version; 404 when there is none
