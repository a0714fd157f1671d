"""Server-side sessions: Flask's ``session`` kept in MongoDB."""

from __future__ import annotations

from flask import Flask, redirect, request, session
from flask.typing import ResponseReturnValue

from flask_mongo import Mongo


def register_views(app: Flask, db: Mongo) -> None:
    db.init_sessions(app)  # after init_app; the cookie holds a signed random id

    @app.post("/login")
    def login() -> ResponseReturnValue:
        db.regenerate_session()  # a new id: no session fixation
        session["user"] = request.form["user"]
        return redirect("/")

    @app.get("/")
    def home() -> dict[str, str | None]:
        return {"user": session.get("user")}

    @app.post("/logout")
    def logout() -> ResponseReturnValue:
        session.clear()  # deletes the document and the cookie
        return redirect("/")
