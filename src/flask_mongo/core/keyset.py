"""Keyset pagination: pages that follow a sort, not an offset.

An offset page skips every document before it, so page 500 costs 500 pages
of work; a keyset page starts from the last document seen (``after``) or
the first (``before``), so every page costs the same. The sort always ends
on ``_id`` so that it is total: no two documents tie, none is skipped or
shown twice while others are added.

Tokens are opaque and URL-safe: the sort they belong to and the sort values
of the boundary document, BSON-encoded and, when the app has a
``SECRET_KEY``, signed. A junk, tampered or foreign token is a 400 Bad
Request, never a 500 or another query. Sort fields should hold one BSON
type each: MongoDB compares values of one type only, so documents missing
a sort field (null) or holding another type are not paged past.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import bson
from flask import abort, current_app, has_app_context
from itsdangerous import BadSignature, Signer

from .values import reject_operators

__all__ = [
    "KeysetPage",
    "KeysetPaginates",
    "build_keyset_page",
    "keyset_filter",
    "sort_values",
    "total_sort",
]

T = TypeVar("T")
Sort = list[tuple[str, int]]
_SALT = "flask-mongo.keyset"


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One keyset page: its items and the tokens of its neighbours."""

    items: list[T]
    per_page: int
    #: Give as ``after=`` for the next page (None on the last page).
    next_token: str | None
    #: Give as ``before=`` for the previous page (None on the first page).
    prev_token: str | None

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.next_token is not None

    @property
    def has_prev(self) -> bool:
        """Whether a previous page exists."""
        return self.prev_token is not None

    def __iter__(self) -> Any:
        return iter(self.items)


def total_sort(sort: Sequence[tuple[str, int]]) -> Sort:
    """``sort`` ending on ``_id`` (ascending unless given), so no two
    documents tie."""
    result = [(path, direction) for path, direction in sort]
    if not any(path == "_id" for path, _ in result):
        result.append(("_id", 1))
    return result


def keyset_filter(sort: Sort, values: Sequence[Any], forward: bool) -> dict[str, Any]:
    """The filter of the documents strictly after (``forward``) or before
    the document whose sort values are ``values``."""
    clauses: list[dict[str, Any]] = []
    for i, (path, direction) in enumerate(sort):
        clause: dict[str, Any] = {p: {"$eq": v} for (p, _), v in zip(sort[:i], values)}
        operator = "$gt" if (direction > 0) == forward else "$lt"
        clause[path] = {operator: values[i]}
        clauses.append(clause)
    return clauses[0] if len(clauses) == 1 else {"$or": clauses}


def _signer() -> Signer | None:
    secret = current_app.secret_key if has_app_context() else None
    return Signer(secret, salt=_SALT) if secret else None


def _encode(sort: Sort, values: list[Any], after: bool) -> str:
    payload = bson.encode({"s": [list(p) for p in sort], "v": values, "a": after})
    token = base64.urlsafe_b64encode(payload).rstrip(b"=")
    signer = _signer()
    return (signer.sign(token) if signer else token).decode()


def _bad_token() -> Any:
    abort(
        400,
        description="This page link is not valid (it may be from another"
        " list or out of date); start again from the first page.",
    )


def _decode(token: str, sort: Sort, after: bool) -> list[Any]:
    try:
        raw = token.encode("ascii")
        signer = _signer()
        if signer is not None:
            raw = signer.unsign(raw)
        payload = base64.urlsafe_b64decode(raw + b"=" * (-len(raw) % 4))
        data = bson.decode(payload)
    except (UnicodeError, BadSignature, binascii.Error, ValueError, TypeError):
        return _bad_token()  # type: ignore[no-any-return]
    except bson.errors.BSONError:
        return _bad_token()  # type: ignore[no-any-return]
    values = data.get("v")
    if (
        data.get("a") is not after
        or data.get("s") != [list(p) for p in sort]
        or not isinstance(values, list)
        or len(values) != len(sort)
    ):
        return _bad_token()  # type: ignore[no-any-return]
    try:
        reject_operators(values, "page token")
    except ValueError:
        return _bad_token()  # type: ignore[no-any-return]
    return values


def sort_values(document: Mapping[str, Any], sort: Sort) -> list[Any]:
    """The values of ``sort``'s (dotted) paths in a stored document."""
    values = []
    for path, _ in sort:
        value: Any = document
        for part in path.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        values.append(value)
    return values


def build_keyset_page(
    fetch: Callable[[dict[str, Any], Sort, int], list[T]],
    stored_values: Callable[[T], list[Any]],
    sort: Sequence[tuple[str, int]],
    per_page: int,
    *,
    after: str | None = None,
    before: str | None = None,
) -> KeysetPage[T]:
    """One keyset page of a query, given how to run it.

    :param fetch: ``fetch(extra_filter, sort, limit)`` runs the query with
        ``extra_filter`` added to its own filter.
    :param stored_values: the stored values of ``sort``'s paths of an item.
    :param sort: the query's sort (stored paths); ``_id`` is appended.
    :raises werkzeug.exceptions.BadRequest: a bad token, or both tokens.
    """
    if after is not None and before is not None:
        abort(400, description="give after= or before=, not both")
    if isinstance(per_page, bool) or not isinstance(per_page, int) or per_page < 1:
        raise ValueError(f"per_page must be an int >= 1, got {per_page!r}")
    order = total_sort(sort)
    if before is None:
        start = _decode(after, order, True) if after is not None else None
        extra = keyset_filter(order, start, True) if start is not None else {}
        found = fetch(extra, order, per_page + 1)
        items, more = found[:per_page], len(found) > per_page
        has_prev = start is not None and bool(items)
        has_next = more
    else:
        start = _decode(before, order, False)
        backwards = [(path, -direction) for path, direction in order]
        found = fetch(keyset_filter(order, start, False), backwards, per_page + 1)
        items = found[:per_page][::-1]
        has_prev, has_next = len(found) > per_page, bool(items)
    next_token = (
        _encode(order, stored_values(items[-1]), True) if has_next and items else None
    )
    prev_token = (
        _encode(order, stored_values(items[0]), False) if has_prev and items else None
    )
    return KeysetPage(items, per_page, next_token, prev_token)


class KeysetPaginates(Generic[T]):
    """Gives a query or cursor class its ``keyset()``.

    The class says what it sorts by (:meth:`_keyset_sort`, stored paths),
    how to fetch stored dicts with a filter added, a sort and a limit
    (:meth:`_keyset_rows`), and how stored dicts become items
    (:meth:`_keyset_items`); the tokens and the page are
    :func:`build_keyset_page`'s, the same for both mappers.
    """

    def _keyset_sort(self) -> Sort:
        raise NotImplementedError

    def _keyset_rows(
        self, extra: dict[str, Any], sort: Sort, limit: int
    ) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _keyset_items(self, rows: list[dict[str, Any]]) -> list[T]:
        raise NotImplementedError

    def keyset(
        self,
        per_page: int = 20,
        *,
        after: str | None = None,
        before: str | None = None,
    ) -> KeysetPage[T]:
        """One page of ``per_page`` results following this query's sort
        (ended on ``_id``): the first page, the page after the token
        ``after`` (a page's ``next_token``) or before ``before`` (its
        ``prev_token``).

        :raises werkzeug.exceptions.BadRequest: a junk, tampered or foreign
            token, or both tokens.
        """
        order = total_sort(self._keyset_sort())
        page = build_keyset_page(
            self._keyset_rows,
            lambda raw: sort_values(raw, order),
            order,
            per_page,
            after=after,
            before=before,
        )
        items = self._keyset_items(page.items)
        return KeysetPage(items, per_page, page.next_token, page.prev_token)
