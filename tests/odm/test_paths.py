"""Field paths: a field named by a query field or by its attribute names
reaches the server under its stored names (``db_field``) everywhere:
filters, in_, sort, projections, distinct, hints, indexes and updates."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, ClassVar

import pytest
from flask import Flask

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException, FieldNotRetrieved
from flask_mongo.odm import (
    DictField,
    DocumentField,
    Index,
    IntField,
    ListField,
    StringField,
)
from tests.support import CommandLog


@pytest.fixture
def m(logged_db: tuple[Flask, Mongo], commands: CommandLog) -> SimpleNamespace:
    _, db = logged_db

    class Author(Document, mongo=db):
        name: StringField = StringField(db_field="n")
        country: StringField[str | None] = StringField(required=False, db_field="c")

    class Chapter(Document, mongo=db):
        title: StringField = StringField(db_field="t")
        pages: IntField = IntField(db_field="p")

    class Book(Document, mongo=db):
        title: StringField = StringField(db_field="ti")
        year: IntField[int | None] = IntField(required=False, db_field="y")
        author: DocumentField[Author] = DocumentField(Author, db_field="a")
        tags: ListField[str] = ListField(
            StringField(), db_field="tg", default_empty=True
        )
        chapters: ListField[Chapter] = ListField(
            DocumentField(Chapter), db_field="ch", default_empty=True
        )
        counts: DictField[int] = DictField(
            IntField(), db_field="cn", default_empty=True
        )
        # A field object in the class body, before it knows its name.
        config_indexes: ClassVar[list[Index]] = [
            Index().ascending("author.name"),
            Index().descending(year),
        ]

    Book(
        title="Dive",
        year=2004,
        author=Author(name="Mark", country="US"),
        tags=["python"],
        chapters=[Chapter(title="Intro", pages=3), Chapter(title="Lists", pages=9)],
    ).save()
    Book(
        title="Fluent",
        year=2015,
        author=Author(name="Luciano", country="BR"),
        tags=["python", "idioms"],
    ).save()
    commands.clear()
    return SimpleNamespace(Author=Author, Chapter=Chapter, Book=Book)


def last_find(commands: CommandLog) -> dict[str, Any]:
    return commands.named("find")[-1]


def stored(m: SimpleNamespace, title: str) -> dict[str, Any]:
    raw = m.Book.get_collection().find_one({"ti": title}, {"_id": 0})
    assert raw is not None
    return dict(raw)


# -- one path for both spellings -----------------------------------------------


def test_query_field_paths_use_db_fields(m: SimpleNamespace) -> None:
    Book = m.Book
    assert str(Book.author.name) == "a.n"
    assert (Book.author.name == "Mark") == {"a.n": "Mark"}
    assert str(Book.chapters.title) == "ch.t"
    assert str(Book.chapters.matched_index().title) == "ch.$.t"
    assert str(Book.counts.alice) == "cn.alice"


def test_in_and_nin_take_attribute_paths(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    query = Book.query.in_("author.name", "Mark", "Nobody")
    assert query.query == {"a.n": {"$in": ["Mark", "Nobody"]}}
    assert [b.title for b in query] == ["Dive"]
    assert last_find(commands)["filter"] == {"a.n": {"$in": ["Mark", "Nobody"]}}
    by_field = Book.query.nin(Book.author.name, "Mark").query
    assert Book.query.nin("author.name", "Mark").query == by_field
    assert by_field == {"a.n": {"$nin": ["Mark"]}}


def test_filter_by_names_stored_keys(m: SimpleNamespace) -> None:
    query = m.Book.query.filter_by(title="Dive", year=2004)
    assert query.query == {"ti": "Dive", "y": 2004}
    assert query.one().title == "Dive"


def test_unknown_names_are_refused_in_filters(m: SimpleNamespace) -> None:
    with pytest.raises(BadQueryException, match="no field 'nope'"):
        m.Book.query.in_("nope", 1)
    with pytest.raises(BadQueryException, match="no sub-field 'nope'"):
        m.Book.query.in_("author.nope", 1)
    with pytest.raises(BadQueryException, match="no field 'nope'"):
        m.Book.query.filter_by(nope=1)


# -- sort, projection, distinct, hint ------------------------------------------


def test_sort_by_attribute_path(m: SimpleNamespace, commands: CommandLog) -> None:
    Book = m.Book
    titles = [b.title for b in Book.query.sort(("author.name", 1))]
    assert titles == ["Fluent", "Dive"]  # Luciano < Mark
    assert last_find(commands)["sort"] == {"a.n": 1}
    Book.query.sort((Book.author.name, -1), "title").all()
    assert last_find(commands)["sort"] == {"a.n": -1, "ti": 1}
    Book.query.descending("author.name").all()
    assert last_find(commands)["sort"] == {"a.n": -1}


def test_default_sort_by_attribute_path(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    settings = {
        "config_collection_name": "Book",
        "config_default_sort": [("author.name", -1)],
    }
    Sorted: Any = type("Sorted", (m.Book,), settings)

    assert [b.title for b in Sorted.query] == ["Dive", "Fluent"]
    assert last_find(commands)["sort"] == {"a.n": -1}


def test_names_not_declared_are_sent_as_written(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    # Keys of undeclared data: the declared prefix is translated.
    m.Book.query.sort("extra", ("author.unknown", -1)).all()
    assert last_find(commands)["sort"] == {"extra": 1, "a.unknown": -1}


def test_fields_by_attribute_path(m: SimpleNamespace, commands: CommandLog) -> None:
    Book = m.Book
    book = Book.query.filter(Book.title == "Dive").fields("author.name").one()
    assert last_find(commands)["projection"] == {"a.n": 1}
    assert book.author.name == "Mark"
    with pytest.raises(FieldNotRetrieved):
        _ = book.title
    Book.query.fields("year", Book.chapters.title).all()
    assert last_find(commands)["projection"] == {"y": 1, "ch.t": 1}
    Book.query.fields(("author", 0), Book.tags.exclude()).all()
    assert last_find(commands)["projection"] == {"a": 0, "tg": 0}


def test_distinct_by_attribute_path(m: SimpleNamespace) -> None:
    Book = m.Book
    assert sorted(Book.query.distinct("author.name")) == ["Luciano", "Mark"]
    assert sorted(Book.query.distinct(Book.author.name)) == ["Luciano", "Mark"]
    dive = Book.query.filter(Book.title == "Dive")
    assert sorted(dive.distinct("chapters.title")) == ["Intro", "Lists"]


def test_hint_by_attribute_path(m: SimpleNamespace, commands: CommandLog) -> None:
    Book = m.Book
    assert Book.query.hint_asc("author.name").count() == 2
    Book.query.hint_asc("author.name").all()
    assert last_find(commands)["hint"] == {"a.n": 1}
    Book.query.hint_desc(Book.year).all()
    assert last_find(commands)["hint"] == {"y": -1}


def test_index_keys_by_attribute_path(m: SimpleNamespace) -> None:
    Book = m.Book
    keys = [info["key"] for info in Book.get_collection().index_information().values()]
    assert [("a.n", 1)] in keys
    assert [("y", -1)] in keys
    assert [index.components for index in Book.get_indexes()] == [
        [("a.n", 1)],
        [("y", -1)],
    ]


# -- updates -------------------------------------------------------------------


def test_every_update_operator_resolves_attribute_paths(m: SimpleNamespace) -> None:
    q = m.Book.query.filter(m.Book.title == "Dive")
    assert q.set("author.name", "M").update_data == {"$set": {"a.n": "M"}}
    assert q.unset("author.country").update_data == {"$unset": {"a.c": True}}
    assert q.inc("year", 2).update_data == {"$inc": {"y": 2}}
    assert q.inc("chapters.0.pages").update_data == {"$inc": {"ch.0.p": 1}}
    assert q.append("tags", "x").update_data == {"$push": {"tg": "x"}}
    assert q.extend("tags", "x", "y").update_data == {
        "$push": {"tg": {"$each": ["x", "y"]}}
    }
    assert q.remove("tags", "x").update_data == {"$pull": {"tg": "x"}}
    assert q.remove_all("tags", "x").update_data == {"$pullAll": {"tg": ["x"]}}
    assert q.add_to_set("tags", "x").update_data == {"$addToSet": {"tg": "x"}}
    assert q.pop_first("tags").update_data == {"$pop": {"tg": -1}}
    assert q.pop_last("chapters").update_data == {"$pop": {"ch": 1}}
    assert q.set("chapters.$.title", "T").update_data == {"$set": {"ch.$.t": "T"}}
    assert q.set("counts.alice", 3).update_data == {"$set": {"cn.alice": 3}}


def test_query_fields_and_names_give_the_same_update(m: SimpleNamespace) -> None:
    Book = m.Book
    q = Book.query
    assert (
        q.set(Book.author.name, "M").update_data
        == q.set("author.name", "M").update_data
    )
    assert (
        q.set(Book.chapters.matched_index().title, "T").update_data
        == q.set("chapters.$.title", "T").update_data
    )
    assert q.append(Book.tags, "x").update_data == q.append("tags", "x").update_data


def test_updates_by_attribute_path_round_trip(m: SimpleNamespace) -> None:
    Book = m.Book
    (
        Book.query.filter(Book.title == "Dive")
        .set("author.name", "Mark P.")
        .inc("year", 1)
        .append("tags", "dive")
        .execute()
    )
    raw = stored(m, "Dive")
    assert raw["a"] == {"n": "Mark P.", "c": "US"}
    assert raw["y"] == 2005
    assert raw["tg"] == ["python", "dive"]
    (
        Book.query.filter(Book.chapters.title == "Lists")
        .set("chapters.$.title", "Sequences")
        .execute()
    )
    assert [c["t"] for c in stored(m, "Dive")["ch"]] == ["Intro", "Sequences"]
    book = Book.query.filter(Book.author.name == "Mark P.").one()
    assert book.author.name == "Mark P."
    assert book.chapters[1].title == "Sequences"


def test_find_and_modify_by_attribute_path(m: SimpleNamespace) -> None:
    Book = m.Book
    found = (
        Book.query.filter_by(title="Fluent")
        .find_and_modify(new=True)
        .set("author.country", "PT")
        .execute()
    )
    assert found is not None
    assert found.author.country == "PT"
    assert stored(m, "Fluent")["a"]["c"] == "PT"


def test_update_paths_through_lists_need_a_position(m: SimpleNamespace) -> None:
    with pytest.raises(BadQueryException, match="is a list"):
        m.Book.query.set("chapters.title", "x")
    with pytest.raises(BadQueryException, match="needs a list field"):
        m.Book.query.set("title.$", "x")


def test_loaded_fields_by_attribute_path(m: SimpleNamespace) -> None:
    raw = m.Book.get_collection().find_one({"ti": "Dive"}, {"a.n": 1})
    book = m.Book.unwrap(raw, fields=["author.name"])
    assert book.author.name == "Mark"
    with pytest.raises(FieldNotRetrieved):
        _ = book.title
    again = m.Book.unwrap(raw, fields=["author"])
    assert again.author.name == "Mark"
