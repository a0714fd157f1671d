from __future__ import annotations

import pytest
from flask import Flask
from werkzeug.exceptions import NotFound

from flask_mongo.pagination import (
    CallableBool,
    Pagination,
    build_page,
    check_page_found,
    resolve_page_args,
)


class ListQuery:
    """A query over a list, paginating the way the real query classes do."""

    def __init__(self, data: list[int]) -> None:
        self.data = data

    def paginate(
        self,
        page: int | None = None,
        per_page: int | None = None,
        error_out: bool = True,
        max_per_page: int | None = None,
    ) -> Pagination[int]:
        return build_page(
            self,
            lambda skip, limit: self.data[skip : skip + limit],
            lambda: len(self.data),
            page,
            per_page,
            error_out=error_out,
            max_per_page=max_per_page,
        )


@pytest.fixture
def app() -> Flask:
    return Flask(__name__)


@pytest.fixture
def query() -> ListQuery:
    return ListQuery(list(range(42)))


def test_constructor_positional_order(query: ListQuery) -> None:
    p = Pagination(query, 2, 10, 42, [10, 11])
    assert p.query is query
    assert (p.page, p.per_page, p.total, p.items) == (2, 10, 42, [10, 11])


def test_items_and_iteration(query: ListQuery) -> None:
    p = query.paginate(2, 10)
    assert p.items == list(range(10, 20))
    assert list(p) == list(range(10, 20))
    assert [x for x in p if x % 5 == 0] == [10, 15]


@pytest.mark.parametrize(
    ("total", "per_page", "pages"),
    [(42, 10, 5), (40, 10, 4), (1, 10, 1), (0, 10, 0), (5, 0, 0), (10, 1, 10)],
)
def test_pages(total: int, per_page: int, pages: int) -> None:
    assert Pagination(None, 1, per_page, total, []).pages == pages


def test_has_next_has_prev_as_methods(query: ListQuery) -> None:
    first, middle, last = (query.paginate(n, 10) for n in (1, 3, 5))
    assert first.has_prev() is False
    assert first.has_next() is True
    assert middle.has_prev() is True
    assert middle.has_next() is True
    assert last.has_prev() is True
    assert last.has_next() is False


def test_has_next_has_prev_as_properties(query: ListQuery) -> None:
    first = query.paginate(1, 10)
    last = query.paginate(5, 10)
    if first.has_prev or not first.has_next:
        pytest.fail("page 1 of 5 must have a next page and no previous one")
    if last.has_next or not last.has_prev:
        pytest.fail("page 5 of 5 must have a previous page and no next one")
    assert not first.has_prev
    assert bool(first.has_next) is True


def test_has_next_on_an_empty_result() -> None:
    p = ListQuery([]).paginate(1, 10)
    assert p.pages == 0
    assert p.has_next() is False
    assert p.has_prev() is False
    assert p.next_num is None
    assert p.prev_num is None


def test_callable_bool_value_semantics() -> None:
    yes, no = CallableBool(True), CallableBool(False)
    assert yes == True  # noqa: E712
    assert no == False  # noqa: E712
    assert True == yes  # noqa: E712, SIM300 - the reflected comparison
    assert yes != no
    assert no != True  # noqa: E712
    assert yes == CallableBool(True)
    assert yes != "True"
    assert hash(yes) == hash(True)
    assert repr(yes) == "CallableBool(True)"
    assert str(no) == "False"
    assert type(yes()) is bool


@pytest.mark.parametrize(
    ("page", "next_num", "prev_num"),
    [(1, 2, None), (3, 4, 2), (5, None, 4)],
)
def test_next_num_prev_num(
    query: ListQuery, page: int, next_num: int | None, prev_num: int | None
) -> None:
    p = query.paginate(page, 10)
    assert p.next_num == next_num
    assert p.prev_num == prev_num


def test_next_and_prev_fetch_neighbouring_pages(query: ListQuery) -> None:
    p = query.paginate(2, 7)
    following = p.next()
    assert (following.page, following.per_page) == (3, 7)
    assert following.items == list(range(14, 21))
    previous = p.prev()
    assert (previous.page, previous.per_page) == (1, 7)
    assert previous.items == list(range(7))


def test_next_past_the_end(query: ListQuery) -> None:
    last = query.paginate(5, 10)
    beyond = last.next()  # error_out defaults to False
    assert beyond.page == 6
    assert beyond.items == []
    with pytest.raises(NotFound):
        last.next(error_out=True)


def test_prev_before_the_start(query: ListQuery) -> None:
    first = query.paginate(1, 10)
    assert first.prev().page == 1
    with pytest.raises(NotFound):
        first.prev(error_out=True)


@pytest.mark.parametrize("method", ["next", "prev"])
def test_next_prev_without_query(method: str) -> None:
    p = Pagination(None, 2, 10, 42, list(range(10, 20)))
    with pytest.raises(RuntimeError, match=rf"{method}\(\).*query=None"):
        getattr(p, method)()


@pytest.mark.parametrize(
    ("page", "first", "last"),
    [(1, 1, 10), (3, 21, 30), (5, 41, 42), (6, 0, 0)],
)
def test_first_last(query: ListQuery, page: int, first: int, last: int) -> None:
    p = query.paginate(page, 10, error_out=False)
    assert (p.first, p.last) == (first, last)


def test_first_last_single_item_page(query: ListQuery) -> None:
    p = query.paginate(42, 1)
    assert (p.first, p.last) == (42, 42)


def _pages(pages: int, page: int, **kwargs: int) -> list[int | None]:
    return list(Pagination(None, page, 1, pages, []).iter_pages(**kwargs))


@pytest.mark.parametrize(
    ("pages", "page", "expected"),
    [
        (20, 10, [1, 2, None, 8, 9, 10, 11, 12, 13, 14, None, 19, 20]),
        (20, 1, [1, 2, 3, 4, 5, None, 19, 20]),
        (20, 20, [1, 2, None, 18, 19, 20]),
        (20, 15, [1, 2, None, 13, 14, 15, 16, 17, 18, 19, 20]),
        # The current window touches the left edge: no gap.
        (20, 5, [1, 2, 3, 4, 5, 6, 7, 8, 9, None, 19, 20]),
        # A single skipped page is still a gap.
        (20, 6, [1, 2, None, 4, 5, 6, 7, 8, 9, 10, None, 19, 20]),
        (5, 3, [1, 2, 3, 4, 5]),
        (1, 1, [1]),
        (0, 1, []),
    ],
)
def test_iter_pages_defaults(pages: int, page: int, expected: list[int | None]) -> None:
    assert _pages(pages, page) == expected


def test_iter_pages_custom_windows() -> None:
    assert _pages(20, 10, left_current=1, right_current=1) == [
        1,
        2,
        None,
        9,
        10,
        11,
        None,
        19,
        20,
    ]
    assert _pages(20, 10, left_edge=0, right_edge=0) == [
        None,
        *range(8, 15),
        None,
    ]
    assert _pages(20, 10, left_edge=1, right_edge=1, right_current=2) == [
        1,
        None,
        8,
        9,
        10,
        11,
        12,
        None,
        20,
    ]


def test_iter_pages_from_a_real_page(query: ListQuery) -> None:
    p = query.paginate(5, 2)  # 21 pages
    assert list(p.iter_pages()) == [1, 2, 3, 4, 5, 6, 7, 8, 9, None, 20, 21]


def test_repr(query: ListQuery) -> None:
    assert repr(query.paginate(2, 10)) == (
        "<Pagination page=2/5 per_page=10 total=42 items=10>"
    )


# resolve_page_args


def test_resolve_outside_request() -> None:
    assert resolve_page_args(None, None) == (1, 20)
    assert resolve_page_args(None, None, default_per_page=5) == (1, 5)
    assert resolve_page_args(3, 7) == (3, 7)


def test_resolve_reads_request_args(app: Flask) -> None:
    with app.test_request_context("/?page=2&per_page=5"):
        assert resolve_page_args(None, None) == (2, 5)
        assert resolve_page_args(3, None) == (3, 5)
        assert resolve_page_args(None, 7) == (2, 7)


def test_resolve_request_without_args(app: Flask) -> None:
    with app.test_request_context("/?other=1"):
        assert resolve_page_args(None, None, default_per_page=15) == (1, 15)


def test_paginate_uses_request_args(app: Flask, query: ListQuery) -> None:
    with app.test_request_context("/?page=3&per_page=4"):
        p = query.paginate()
    assert (p.page, p.per_page, p.items) == (3, 4, [8, 9, 10, 11])


JUNK = ["page=abc", "page=1.5", "page=", "page=2x", "per_page=ten", "per_page=2.0"]


@pytest.mark.parametrize("args", JUNK)
def test_resolve_junk_request_args_404(app: Flask, args: str) -> None:
    with app.test_request_context(f"/?{args}"), pytest.raises(NotFound):
        resolve_page_args(None, None)


@pytest.mark.parametrize("args", JUNK)
def test_resolve_junk_request_args_default(app: Flask, args: str) -> None:
    with app.test_request_context(f"/?{args}"):
        assert resolve_page_args(None, None, error_out=False) == (1, 20)


@pytest.mark.parametrize("page", [0, -1, -100])
def test_resolve_page_below_one(page: int) -> None:
    with pytest.raises(NotFound):
        resolve_page_args(page, 10)
    assert resolve_page_args(page, 10, error_out=False) == (1, 10)


@pytest.mark.parametrize("args", ["page=0", "page=-2"])
def test_resolve_request_page_below_one(app: Flask, args: str) -> None:
    with app.test_request_context(f"/?{args}"):
        with pytest.raises(NotFound):
            resolve_page_args(None, None)
        assert resolve_page_args(None, None, error_out=False) == (1, 20)


def test_resolve_negative_per_page() -> None:
    with pytest.raises(NotFound):
        resolve_page_args(1, -1)
    assert resolve_page_args(1, -1, error_out=False, default_per_page=9) == (1, 9)


def test_resolve_per_page_zero_gives_empty_pages(query: ListQuery) -> None:
    assert resolve_page_args(1, 0) == (1, 0)
    p = query.paginate(1, 0)
    assert (p.items, p.pages, p.has_next()) == ([], 0, False)


def test_resolve_max_per_page(app: Flask) -> None:
    assert resolve_page_args(1, 100, max_per_page=50) == (1, 50)
    assert resolve_page_args(1, 30, max_per_page=50) == (1, 30)
    assert resolve_page_args(None, None, max_per_page=10) == (1, 10)
    with app.test_request_context("/?per_page=1000"):
        assert resolve_page_args(None, None, max_per_page=50) == (1, 50)


@pytest.mark.parametrize(
    ("page", "per_page", "message"),
    [
        ("2", None, "page must be an int or None, not str"),
        (None, 5.0, "per_page must be an int or None, not float"),
        (True, 10, "page must be an int or None, not bool"),
    ],
)
def test_resolve_rejects_non_int_arguments(
    page: object, per_page: object, message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        resolve_page_args(page, per_page)  # type: ignore[arg-type]


# check_page_found


def test_check_page_found_empty_page_after_the_first() -> None:
    with pytest.raises(NotFound):
        check_page_found(2, [], error_out=True)
    check_page_found(2, [], error_out=False)


def test_check_page_found_allows_empty_first_page() -> None:
    # An empty result still has its first page: a list view shows "nothing
    # yet" instead of a 404.
    check_page_found(1, [], error_out=True)  # no 404
    page = ListQuery([]).paginate(1, 10)
    assert (page.page, page.items, page.total, page.pages) == (1, [], 0, 0)
    assert not page.has_next
    assert not page.has_prev


def test_check_page_found_allows_non_empty_page() -> None:
    check_page_found(7, ["x"], error_out=True)  # no 404
    page = ListQuery(list(range(61))).paginate(7, 10)  # the last page: one item
    assert (page.page, page.items, page.pages) == (7, [60], 7)


def test_check_page_found_page_below_one() -> None:
    with pytest.raises(NotFound):
        check_page_found(0, ["x"], error_out=True)


def test_paginate_past_the_end_404(query: ListQuery) -> None:
    with pytest.raises(NotFound):
        query.paginate(6, 10)
    assert query.paginate(6, 10, error_out=False).items == []
