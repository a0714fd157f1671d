"""Queries and updates on the typed models (``typed_models``)."""

from __future__ import annotations

from typing import Any

from flask_mongo.odm import or_

from .typed_models import Book


def between(first: int, last: int) -> list[Book]:
    return Book.query.filter(Book.year >= first, Book.year <= last).all()


def by_either(*authors: str) -> list[Book]:
    return Book.query.in_(Book.author.name, *authors).sort(Book.title).all()


def old_or_untitled() -> dict[str, Any]:
    return or_(Book.year < 1990, Book.subtitle == None)  # noqa: E711 (a query)


def titles_only() -> list[str]:
    return [b.title for b in Book.query.fields(Book.title).sort(Book.title)]


def rename_author(old: str, new: str) -> int:
    result = Book.query.filter(Book.author.name == old).set(Book.author.name, new)
    return result.multi().execute().modified_count
