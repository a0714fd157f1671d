"""Query recording: the commands an app context sent."""

from __future__ import annotations

from flask_mongo import get_recorded_queries

from .typed_models import Book


def commands_of_a_query() -> list[tuple[str, str | None]]:
    Book.query.filter(Book.year > 2000).all()
    return [(q.command_name, q.collection) for q in get_recorded_queries()]
