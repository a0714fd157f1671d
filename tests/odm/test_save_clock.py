"""One save, one clock: a new document's created and modified times are the
same instant, however the clock ticks between the two fields."""

from __future__ import annotations

from datetime import datetime

from flask_mongo import Document
from flask_mongo.odm import CreatedField, ModifiedField, StringField


class Entry(Document):
    text: StringField = StringField()
    created: CreatedField = CreatedField()
    modified: ModifiedField = ModifiedField()


def test_created_and_modified_are_one_instant() -> None:
    for _ in range(3000):
        stored = Entry(text="x").wrap()
        assert isinstance(stored["created"], datetime)
        assert stored["created"] == stored["modified"]


def test_each_save_reads_the_clock_again() -> None:
    first = Entry(text="x").wrap()["created"]
    later = first
    while later == first:  # the next millisecond
        later = Entry(text="y").wrap()["created"]
    assert later > first
