"""Page-by-page results, shared by the typed and the MongoKit-style query APIs.

A query's ``paginate(page, per_page, error_out=True)`` calls
:func:`resolve_page_args` to get a valid ``(page, per_page)`` pair (read from
``?page=`` / ``?per_page=`` inside a request when not given), fetches that
page, calls :func:`check_page_found` on it, and returns a :class:`Pagination`.

**The 404 rule.** Only when ``error_out`` is true, :func:`flask.abort` with 404
when ``page < 1``, or when the page is empty and ``page != 1`` (also for a
query string value that is not an integer, and for ``per_page < 0``). An empty
first page is never "not found". Without ``error_out``, bad values fall back to
their defaults and an empty page is returned as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Generic, Protocol, TypeVar, final

from flask import abort, has_request_context, request

__all__ = [
    "CallableBool",
    "PaginatedQuery",
    "Paginates",
    "Pagination",
    "build_page",
    "check_page_found",
    "resolve_page_args",
]

T = TypeVar("T")

_INTEGER = re.compile(r"-?[0-9]+")

#: The largest ``?per_page=`` honoured when no ``max_per_page`` is given.
QUERY_MAX_PER_PAGE = 100

# MongoDB refuses a skip beyond a signed 64-bit integer; pages past this are
# answered as empty (a 404 with error_out) instead of a server error.
_MAX_SKIP = 2**62
_MAX_LIMIT = 2**31 - 1


@final
class CallableBool:
    """A boolean that can also be called to get a real :class:`bool`.

    ``has_next``/``has_prev`` are methods in the Flask-MongoAlchemy and
    Flask-MongoKit APIs (``p.has_next()``) but properties in Flask-SQLAlchemy
    (``if p.has_next:``). A property returning this value serves both: it is
    truthy or falsy, compares equal to ``True``/``False``, and calling it
    returns the plain ``bool``, so ``p.has_next() is False`` holds. Only
    ``p.has_next is True`` (identity, without the call) cannot hold.
    """

    __slots__ = ("_value",)

    def __init__(self, value: bool) -> None:
        self._value = bool(value)

    def __bool__(self) -> bool:
        return self._value

    def __call__(self) -> bool:
        return self._value

    def __eq__(self, other: object) -> bool:
        if isinstance(other, CallableBool):
            return self._value == other._value
        if isinstance(other, int):
            return self._value == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __str__(self) -> str:
        return str(self._value)

    def __repr__(self) -> str:
        return f"CallableBool({self._value})"


class PaginatedQuery(Protocol[T]):
    """What :meth:`Pagination.next` and :meth:`Pagination.prev` need from the
    query: ``paginate(page, per_page, error_out=...)`` returning a page."""

    def paginate(
        self, page: int, per_page: int, /, *, error_out: bool = ...
    ) -> Pagination[T]: ...


class Pagination(Generic[T]):
    """One page of a query's results, as returned by ``query.paginate()``.
    Iterating over it yields the items of the page.

    :param query: the query that produced this page, used by :meth:`next` and
        :meth:`prev`; ``None`` for a page built by hand.
    :param page: the 1-based number of this page.
    :param per_page: the maximum number of items on a page.
    :param total: the number of items on all pages together.
    :param items: the items on this page, stored as a list.
    """

    def __init__(
        self,
        query: PaginatedQuery[T] | None,
        page: int,
        per_page: int,
        total: int,
        items: Iterable[T],
    ) -> None:
        self.query = query
        self.page = page
        self.per_page = per_page
        self.total = total
        self.items: list[T] = list(items)

    @property
    def pages(self) -> int:
        """The number of pages; 0 when there are no items or ``per_page`` is 0."""
        if self.total <= 0 or self.per_page <= 0:
            return 0
        return -(-self.total // self.per_page)  # exact ceiling, even for huge ints

    @property
    def has_next(self) -> CallableBool:
        """Whether a page follows this one. Both a property (``if p.has_next:``)
        and a method (``p.has_next()``): see :class:`CallableBool`."""
        return CallableBool(self.page < self.pages)

    @property
    def has_prev(self) -> CallableBool:
        """Whether this is not page 1; a property and a method, as :attr:`has_next`."""
        return CallableBool(self.page > 1)

    @property
    def next_num(self) -> int | None:
        """The number of the next page, or ``None`` on the last page."""
        return self.page + 1 if self.has_next else None

    @property
    def prev_num(self) -> int | None:
        """The number of the previous page, or ``None`` on page 1."""
        return self.page - 1 if self.has_prev else None

    @property
    def first(self) -> int:
        """The 1-based index of this page's first item in all items; 0 if empty."""
        if not self.items:
            return 0
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The 1-based index of this page's last item in all items; 0 if empty."""
        if not self.items:
            return 0
        return self.first + len(self.items) - 1

    def next(self, error_out: bool = False) -> Pagination[T]:
        """Fetch the next page, with the same ``per_page``, from ``query``.

        :param error_out: passed on to the query's ``paginate``.
        :raises RuntimeError: if this page was created with ``query=None``.
        """
        return self._fetch(self.page + 1, error_out, "next")

    def prev(self, error_out: bool = False) -> Pagination[T]:
        """Fetch the previous page, like :meth:`next`."""
        return self._fetch(self.page - 1, error_out, "prev")

    def _fetch(self, page: int, error_out: bool, method: str) -> Pagination[T]:
        if self.query is None:
            raise RuntimeError(
                f"Pagination.{method}() needs the query that produced the page,"
                " but this Pagination was created with query=None."
            )
        return self.query.paginate(page, self.per_page, error_out=error_out)

    def iter_pages(
        self,
        *,
        left_edge: int = 2,
        left_current: int = 2,
        right_current: int = 4,
        right_edge: int = 2,
    ) -> Iterator[int | None]:
        """Yield page numbers for a pagination widget, ``None`` for each gap.

        The numbers are the first ``left_edge`` pages, the pages from
        ``left_current`` before to ``right_current`` after the current page,
        and the last ``right_edge`` pages. With the defaults, page 10 of 20
        gives ``1, 2, None, 8, 9, 10, 11, 12, 13, 14, None, 19, 20``; a
        template shows an ellipsis for each ``None``.
        """
        pages = self.pages
        spans = [
            (1, left_edge),
            (self.page - left_current, self.page + right_current),
            (pages - right_edge + 1, pages),
        ]
        following = 1  # the smallest page number not yielded yet
        for low, high in sorted(spans):
            low, high = max(low, following), min(high, pages)
            if low > high:
                continue
            if low > following:
                yield None
            yield from range(low, high + 1)
            following = high + 1
        if following <= pages:
            yield None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        return (
            f"<Pagination page={self.page}/{self.pages} per_page={self.per_page}"
            f" total={self.total} items={len(self.items)}>"
        )


def _page_arg(
    name: str, value: int | None, default: int, minimum: int, error_out: bool
) -> int:
    """Check an explicit argument or read it from the query string; junk or a
    value below ``minimum`` gives 404 with ``error_out``, else ``default``."""
    number: int | None = value
    if value is None:
        raw = request.args.get(name) if has_request_context() else None
        if raw is None:
            return default
        number = int(raw) if _INTEGER.fullmatch(raw) else None
    elif not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int or None, not {type(value).__name__}")
    if number is None or number < minimum:
        if error_out:
            abort(404)
        return default
    return number


def resolve_page_args(
    page: int | None,
    per_page: int | None,
    *,
    max_per_page: int | None = None,
    error_out: bool = True,
    default_per_page: int = 20,
) -> tuple[int, int]:
    """Turn ``paginate()`` arguments into a valid ``(page, per_page)`` pair.

    An argument left as ``None`` is read from the ``page`` or ``per_page``
    query string argument when a request is active, else it takes its default.
    A query string value that is not a plain integer (``?page=abc``,
    ``?page=1.5``) aborts with 404, or is replaced by the default without
    ``error_out``. ``per_page=0`` is allowed and gives empty pages.

    :param page: the 1-based page number, or ``None`` (default 1). Below 1, it
        aborts with 404, or becomes 1 without ``error_out``.
    :param per_page: the number of items on a page, or ``None``. Negative, it
        aborts with 404, or becomes the default without ``error_out``.
    :param max_per_page: the largest ``per_page`` to allow; larger values,
        including ones from the query string, are lowered to it. When
        ``per_page`` comes from the query string and this is None, the cap
        is ``QUERY_MAX_PER_PAGE`` (100, as in Flask-SQLAlchemy).
    :param error_out: abort with 404 on bad values instead of correcting them.
    :param default_per_page: the ``per_page`` to use when none is given.
    :raises TypeError: if ``page`` or ``per_page`` is neither an int nor None.
    :raises werkzeug.exceptions.NotFound: as described, only with ``error_out``.
    """
    from_request = per_page is None and has_request_context()
    page = _page_arg("page", page, 1, 1, error_out)
    per_page = _page_arg("per_page", per_page, default_per_page, 0, error_out)
    if max_per_page is None and from_request:
        # A client must not choose to load a whole collection at once.
        max_per_page = QUERY_MAX_PER_PAGE
    if max_per_page is not None:
        per_page = min(per_page, max_per_page)
    return page, per_page


def check_page_found(page: int, items: Sequence[object], error_out: bool) -> None:
    """Apply the 404 rule to a fetched page: abort with 404 when ``error_out``
    is true and ``page`` is below 1, or ``items`` is empty on a page other
    than page 1. Does nothing when ``error_out`` is false.

    :raises werkzeug.exceptions.NotFound: as described above.
    """
    if error_out and (page < 1 or (page != 1 and not items)):
        abort(404)


def build_page(
    query: PaginatedQuery[T] | None,
    fetch: Callable[[int, int], list[T]],
    count: Callable[[], int],
    page: int | None,
    per_page: int | None,
    *,
    error_out: bool = True,
    max_per_page: int | None = None,
) -> Pagination[T]:
    """The ``paginate()`` of a query class, given how to fetch and count.

    :param query: what :meth:`Pagination.next` and ``prev`` page through.
    :param fetch: ``fetch(skip, limit)`` returns the items of one page.
    :param count: returns how many items match in all.

    The other arguments are those of :func:`resolve_page_args`; the 404 rule
    is :func:`check_page_found`'s, checked before anything is counted.
    """
    page, per_page = resolve_page_args(
        page, per_page, max_per_page=max_per_page, error_out=error_out
    )
    skip = (page - 1) * per_page
    # A limit past int64 cannot be encoded, and some servers take only
    # int32 limits; a page of 2**31 - 1 documents already means "all".
    limit = min(per_page, _MAX_LIMIT)
    items = [] if per_page == 0 or skip > _MAX_SKIP else fetch(skip, limit)
    check_page_found(page, items, error_out)
    return Pagination(query, page, per_page, count(), items)


class Paginates(Generic[T]):
    """Gives a query or cursor class its ``paginate()``.

    The class says how to fetch one page (:meth:`_page_items`) and how many
    items match in all (:meth:`_page_total`); everything else, the request
    arguments, the 404 rule and the skip bound, is :func:`build_page`'s,
    the same for both mappers.
    """

    def _page_items(self, skip: int, limit: int) -> list[T]:
        raise NotImplementedError

    def _page_total(self) -> int:
        raise NotImplementedError

    def paginate(
        self,
        page: int | None = None,
        per_page: int | None = None,
        error_out: bool = True,
        max_per_page: int | None = None,
    ) -> Pagination[T]:
        """One page of the results; the sort is kept, skip and limit set.

        Without ``page``/``per_page``, inside a request, ``?page=`` and
        ``?per_page=`` are read (junk is a 404; ``per_page`` read from the
        request is capped at ``max_per_page``, 100 by default). With
        ``error_out``, a page below 1, or an empty page other than the
        first, is a 404.
        """
        return build_page(
            self,
            self._page_items,
            self._page_total,
            page,
            per_page,
            error_out=error_out,
            max_per_page=max_per_page,
        )
