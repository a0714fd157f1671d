"""MongoKit's Paginator over a cursor."""

from __future__ import annotations

import pytest

from flask_mongokit import Document, MongoKit, Paginator


class Item(Document):
    __collection__ = "items"
    structure = {"n": int}


def test_paginator(mk: MongoKit, ctx: None) -> None:
    mk.register([Item])
    mk["items"].insert_many([{"n": n} for n in range(1, 24)])
    cursor = mk.Item.find().sort("n")
    page = Paginator(cursor, page=2, limit=10)
    assert [i["n"] for i in page.items] == list(range(11, 21))
    assert all(isinstance(i, Item) for i in page)
    assert (page.count, page.num_pages, page.is_paginated) == (23, 3, True)
    assert (page.current_page, page.previous_page, page.next_page) == (2, 1, 3)
    assert (page.start_index, page.end_index) == (11, 20)
    assert page.has_next
    assert page.has_previous
    assert page.page_range == [1, 2, 3]

    last = Paginator(cursor, 3, 10)
    assert (last.start_index, last.end_index, bool(last.has_next)) == (21, 23, False)
    # The Flask-SQLAlchemy names work too.
    assert (last.pages, last.prev_num, last.next_num, last.first, last.last) == (
        3,
        2,
        None,
        21,
        23,
    )
    assert [i["n"] for i in last.prev().items] == list(range(11, 21))

    beyond = Paginator(cursor, 9, 10)
    assert beyond.items == []
    single = Paginator(mk.Item.find({"n": 1}), 1, 10)
    assert single.is_paginated is False
    with pytest.raises(ValueError, match="at least 1"):
        Paginator(cursor, 0, 10)
