"""Signals: a receiver that stamps every save of one class."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask_mongo import Document, Mongo, signals
from flask_mongo.odm import DateTimeField, StringField

db = Mongo()


class Note(Document, mongo=db):
    text: StringField = StringField()
    updated: DateTimeField[datetime | None] = DateTimeField(required=False)


@signals.before_save.connect_via(Note)  # Note's documents only
def stamp(sender: type[Note], document: Note, created: bool, **extra: Any) -> None:
    document.updated = datetime.now(UTC)  # validated and saved with the rest


@signals.before_remove.connect_via(Note)
def keep_pinned(sender: type[Note], document: Note, **extra: Any) -> None:
    if document.text.startswith("!"):
        raise PermissionError("pinned notes stay")  # nothing is deleted
