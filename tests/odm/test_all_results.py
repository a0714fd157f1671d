"""``query.all()`` reads whole batches (``Cursor.to_list``), and gives what
iterating the query gives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from pymongo.cursor import Cursor

from flask_mongo import Document, Mongo
from flask_mongo.odm import IntField, StringField
from flask_mongo.odm.results import loaded_list

# More than one batch: the server's first batch holds 101 documents.
COUNT = 130


def test_all_gives_every_result_across_batches_in_order(
    db: Mongo, app_ctx: None
) -> None:
    class Numbered(Document, mongo=db):
        n = IntField()
        label = StringField()

    Numbered.get_collection().insert_many(
        [{"n": i, "label": f"#{i}"} for i in range(COUNT)]
    )
    query = Numbered.query.filter(Numbered.n >= 5).descending(Numbered.n)
    everything = query.all()
    assert [d.n for d in everything] == list(range(COUNT - 1, 4, -1))
    assert all(type(d) is Numbered for d in everything)
    assert [d.label for d in everything] == [d.label for d in query.clone()]
    raw = query.clone().raw_output().all()
    assert isinstance(raw[0], dict)
    assert raw[0]["n"] == COUNT - 1
    assert len(query.clone().limit(7).all()) == 7


def test_all_without_to_list_reads_one_document_at_a_time() -> None:
    # PyMongo before 4.9 has no Cursor.to_list: the cursor is iterated.
    class OldCursor:
        def __init__(self, docs: list[dict[str, Any]]) -> None:
            self.docs = docs

        def __iter__(self) -> Iterator[dict[str, Any]]:
            return iter(self.docs)

    old = cast("Cursor[dict[str, Any]]", OldCursor([{"a": 1}, {"a": 2}]))
    assert loaded_list(old, lambda raw: raw["a"] * 10) == [10, 20]
    assert loaded_list(old, None) == [{"a": 1}, {"a": 2}]
