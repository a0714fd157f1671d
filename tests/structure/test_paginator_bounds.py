"""MongoKit's Paginator shares the pagination of cursor.paginate(): a page
far past the end is an empty page, never a driver error."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import NotFound

from flask_mongokit import Document, MongoKit, Paginator


class Entry(Document):
    __collection__ = "entries"
    structure = {"n": int}


@pytest.fixture
def entries(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Entry])
    mk["entries"].insert_many([{"n": n} for n in range(1, 6)])
    return mk


@pytest.mark.parametrize("page", [10**20, 2**63, 2**61 + 2])
def test_a_page_beyond_any_skip_mongodb_allows_is_empty(
    entries: MongoKit, page: int
) -> None:
    beyond = Paginator(entries.Entry.find().sort("n"), page=page, limit=2)
    assert beyond.items == []
    assert (beyond.current_page, beyond.count, beyond.num_pages) == (page, 5, 3)
    assert not beyond.has_next
    assert beyond.has_previous
    assert beyond.end_index == 5


@pytest.mark.parametrize("limit", [2**63, 10**20])
def test_a_huge_limit_is_one_page_of_everything(entries: MongoKit, limit: int) -> None:
    page = Paginator(entries.Entry.find().sort("n"), page=1, limit=limit)
    assert [e["n"] for e in page.items] == [1, 2, 3, 4, 5]
    assert (page.num_pages, page.is_paginated) == (1, False)


def test_the_page_keeps_the_cursor_filter_and_sort(entries: MongoKit) -> None:
    cursor = entries.Entry.find({"n": {"$gt": 1}}).sort("n", -1)
    page = Paginator(cursor, page=2, limit=3)
    assert [e["n"] for e in page] == [2]
    assert all(isinstance(e, Entry) for e in page)
    assert (page.count, page.start_index, page.end_index) == (4, 4, 4)


@pytest.mark.parametrize(("page", "limit"), [(0, 10), (-1, 10), (1, 0), (1, -5)])
def test_a_page_or_limit_below_one_is_refused(
    entries: MongoKit, page: int, limit: int
) -> None:
    with pytest.raises(ValueError, match="page and limit must be at least 1"):
        Paginator(entries.Entry.find(), page=page, limit=limit)


def test_cursor_paginate_answers_404_for_a_huge_page(entries: MongoKit) -> None:
    cursor = entries.Entry.find().sort("n")
    with pytest.raises(NotFound):
        cursor.paginate(10**20, 2)
    assert cursor.paginate(10**20, 2, error_out=False).items == []
    assert [e["n"] for e in cursor.paginate(1, 10**20).items] == [1, 2, 3, 4, 5]
