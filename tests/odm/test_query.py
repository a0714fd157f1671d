"""Queries over stored documents: every operator and method of BaseQuery,
checked against what the server returns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from bson import ObjectId
from flask import Flask
from pymongo.errors import DuplicateKeyError, OperationFailure
from werkzeug.exceptions import NotFound

from flask_mongo import Mongo
from flask_mongo.errors import (
    BadQueryException,
    BadResultException,
    BadValueException,
    ExtraValueException,
    FieldNotRetrieved,
)
from flask_mongo.odm import BaseQuery, Index, QueryExpression
from tests.support import CommandLog, found

BOOKS = [
    # title, year, author name, country, rating
    ("Dive Into Python", 2004, "Mark Pilgrim", "US", 4.5),
    ("Dive Into HTML5", 2010, "Mark Pilgrim", "US", 4.0),
    ("Fluent Python", 2015, "Luciano Ramalho", "BR", 4.8),
    ("Learning Python", 1999, "Mark Lutz", "US", 3.9),
    ("Python in a Nutshell", 2003, "Alex Martelli", "IT", 4.2),
    ("The Art of Computer Programming", 1968, "Donald Knuth", "US", 5.0),
    ("v1.0 Release Notes", 2020, "Team", "NL", 1.0),
    ("v1x0 Release Notes", 2021, "Team", "NL", 1.5),
]


@pytest.fixture
def m(db: Mongo, app_ctx: None) -> SimpleNamespace:
    class Author(db.Document):
        name = db.StringField()
        country = db.StringField(required=False)

    class Book(db.Document):
        title = db.StringField()
        year = db.IntField(required=False)
        author = db.DocumentField(Author, required=False)
        rating = db.FloatField(default=0.0)

    for title, year, name, country, rating in BOOKS:
        author = Author(name=name, country=country)
        Book(title=title, year=year, author=author, rating=rating).save()
    # A draft: no year, no author.
    Book(title="Untitled Draft").save()
    return SimpleNamespace(Author=Author, Book=Book, db=db)


def titles(documents: Iterable[Any]) -> list[str]:
    return sorted(d.title for d in documents)


def books_where(predicate: Any) -> list[str]:
    return sorted(b[0] for b in BOOKS if predicate(b))


# -- field operators ---------------------------------------------------------


def test_comparison_operators(m: SimpleNamespace) -> None:
    Book = m.Book
    q = Book.query
    assert titles(q.filter(Book.year == 2004)) == ["Dive Into Python"]
    # $ne also matches documents that have no year at all.
    assert titles(Book.query.filter(Book.year != 2004)) == sorted(
        [*books_where(lambda b: b[1] != 2004), "Untitled Draft"]
    )
    assert titles(Book.query.filter(Book.year < 2003)) == [
        "Learning Python",
        "The Art of Computer Programming",
    ]
    assert titles(Book.query.filter(Book.year <= 2003)) == [
        "Learning Python",
        "Python in a Nutshell",
        "The Art of Computer Programming",
    ]
    assert titles(Book.query.filter(Book.year > 2015)) == [
        "v1.0 Release Notes",
        "v1x0 Release Notes",
    ]
    assert titles(Book.query.filter(Book.year >= 2015)) == [
        "Fluent Python",
        "v1.0 Release Notes",
        "v1x0 Release Notes",
    ]
    assert titles(Book.query.filter(Book.rating > 4.5)) == [
        "Fluent Python",
        "The Art of Computer Programming",
    ]


@pytest.mark.parametrize(
    ("method", "operator"),
    [
        ("eq_", "=="),
        ("ne_", "!="),
        ("lt_", "<"),
        ("le_", "<="),
        ("gt_", ">"),
        ("ge_", ">="),
    ],
)
def test_named_comparisons_equal_the_operators(
    m: SimpleNamespace, method: str, operator: str
) -> None:
    Book = m.Book
    named = getattr(Book.year, method)(2004)
    spelled = eval(f"Book.year {operator} 2004", {"Book": Book})
    assert named == spelled
    assert titles(Book.query.filter(named)) == titles(Book.query.filter(spelled))
    assert titles(Book.query.filter(named))  # each matches something


def test_in_and_nin(m: SimpleNamespace) -> None:
    Book = m.Book
    both = ["Dive Into Python", "Fluent Python"]
    assert titles(Book.query.filter(Book.year.in_(2004, 2015))) == both
    assert titles(Book.query.filter(Book.year.in_([2004, 2015]))) == both
    assert titles(Book.query.in_(Book.year, 2004, 2015)) == both
    assert titles(Book.query.in_("year", [2004, 2015])) == both
    others = sorted(
        [*books_where(lambda b: b[1] not in (2004, 2015)), "Untitled Draft"]
    )
    assert titles(Book.query.filter(Book.year.nin(2004, 2015))) == others
    assert titles(Book.query.nin(Book.year, [2004, 2015])) == others
    assert Book.query.filter(Book.year.in_()).count() == 0


def test_exists(m: SimpleNamespace) -> None:
    Book = m.Book
    assert titles(Book.query.filter(Book.year.exists(False))) == ["Untitled Draft"]
    assert Book.query.filter(Book.year.exists()).count() == len(BOOKS)
    with pytest.raises(BadValueException, match="bool"):
        Book.year.exists("yes")


def test_regex(m: SimpleNamespace) -> None:
    Book = m.Book
    assert titles(Book.query.filter(Book.title.regex("^dive"))) == []
    dive = ["Dive Into HTML5", "Dive Into Python"]
    assert titles(Book.query.filter(Book.title.regex("^dive", ignore_case=True))) == (
        dive
    )
    assert titles(Book.query.filter(Book.title.regex("^dive", options="i"))) == dive
    assert Book.title.regex("x", ignore_case=True, options="m") == {
        "title": {"$regex": "x", "$options": "mi"}
    }
    with pytest.raises(BadValueException, match="imxs"):
        Book.title.regex("x", options="q")
    with pytest.raises(BadValueException, match="str"):
        Book.title.regex(5)


def test_startswith_and_endswith_are_literal(m: SimpleNamespace) -> None:
    Book = m.Book
    # The '.' of the prefix is a dot, not "any character": v1x0 is not matched.
    assert titles(Book.query.filter(Book.title.startswith("v1.0"))) == [
        "v1.0 Release Notes"
    ]
    assert titles(Book.query.filter(Book.title.startswith("v1"))) == [
        "v1.0 Release Notes",
        "v1x0 Release Notes",
    ]
    assert titles(Book.query.filter(Book.title.endswith("Python"))) == [
        "Dive Into Python",
        "Fluent Python",
        "Learning Python",
    ]
    assert titles(Book.query.filter(Book.title.endswith("python"))) == []
    assert titles(
        Book.query.filter(Book.title.endswith("python", ignore_case=True))
    ) == ["Dive Into Python", "Fluent Python", "Learning Python"]
    # Regex characters in the text match themselves.
    assert Book.query.filter(Book.title.startswith("(Dive")).count() == 0
    with pytest.raises(BadValueException, match=r"'title': 1: expected a str"):
        Book.title.startswith(1)


def test_or_and_not(m: SimpleNamespace) -> None:
    Book = m.Book
    old_or_new = (Book.year < 2000) | (Book.year > 2015)
    assert titles(Book.query.filter(old_or_new)) == [
        "Learning Python",
        "The Art of Computer Programming",
        "v1.0 Release Notes",
        "v1x0 Release Notes",
    ]
    window = (Book.year >= 2003) & (Book.year <= 2010)
    assert titles(Book.query.filter(window)) == [
        "Dive Into HTML5",
        "Dive Into Python",
        "Python in a Nutshell",
    ]
    # ~ of a range: everything else, including the document without a year.
    assert titles(Book.query.filter(~window)) == sorted(
        [*books_where(lambda b: not 2003 <= b[1] <= 2010), "Untitled Draft"]
    )
    assert titles(Book.query.filter(~(Book.title.startswith("Dive")))) == sorted(
        [*books_where(lambda b: not b[0].startswith("Dive")), "Untitled Draft"]
    )
    mixed = (Book.author.name == "Mark Pilgrim") & (
        (Book.year < 2005) | (Book.rating > 4.7)
    )
    assert titles(Book.query.filter(mixed)) == ["Dive Into Python"]


def test_not_and_or_query_methods(m: SimpleNamespace) -> None:
    Book = m.Book
    assert titles(Book.query.or_(Book.year == 2004, Book.year == 2015)) == [
        "Dive Into Python",
        "Fluent Python",
    ]
    q = Book.query.filter(Book.year.exists()).not_(Book.year < 2010, Book.rating < 2)
    assert titles(q) == ["Dive Into HTML5", "Fluent Python"]
    # or_ combines with the query's other conditions by "and".
    q = Book.query.filter(Book.author.country == "US").or_(
        Book.year < 2000, Book.rating > 4.4
    )
    assert titles(q) == [
        "Dive Into Python",
        "Learning Python",
        "The Art of Computer Programming",
    ]


def test_sub_paths_of_embedded_documents(m: SimpleNamespace) -> None:
    Book = m.Book
    assert Book.author.name == "Mark Pilgrim"
    assert (Book.author.name == "X") == {"author.name": "X"}
    assert titles(Book.query.filter(Book.author.name == "Mark Pilgrim")) == [
        "Dive Into HTML5",
        "Dive Into Python",
    ]
    assert titles(Book.query.filter(Book.author.country.in_("BR", "IT"))) == [
        "Fluent Python",
        "Python in a Nutshell",
    ]
    assert titles(Book.query.filter(Book.author.name.startswith("Mark L"))) == [
        "Learning Python"
    ]
    # A whole embedded document matches by equality.
    author = m.Author(name="Donald Knuth", country="US")
    assert titles(Book.query.filter(Book.author == author)) == [
        "The Art of Computer Programming"
    ]
    with pytest.raises(AttributeError, match="no sub-field 'nope'"):
        _ = Book.author.nope


# -- filter, filter_by -------------------------------------------------------


def test_filter_with_a_dict_and_several_expressions(m: SimpleNamespace) -> None:
    Book = m.Book
    assert titles(Book.query.filter({"year": {"$lt": 2000}})) == [
        "Learning Python",
        "The Art of Computer Programming",
    ]
    q = Book.query.filter(Book.year > 2000, Book.author.country == "US")
    assert titles(q) == ["Dive Into HTML5", "Dive Into Python"]
    # Successive filters narrow the query.
    assert titles(q.filter(Book.rating > 4.2)) == ["Dive Into Python"]
    with pytest.raises(BadQueryException, match="query expressions"):
        Book.query.filter("year > 2000")


def test_filter_by(m: SimpleNamespace) -> None:
    Book = m.Book
    assert titles(Book.query.filter_by(year=2010)) == ["Dive Into HTML5"]
    assert Book.query.filter_by(title="Fluent Python", year=2015).count() == 1
    with pytest.raises(BadQueryException, match="no field 'titel'") as error:
        Book.query.filter_by(titel="x")
    assert "title" in str(error.value)  # the message lists the fields
    with pytest.raises(
        BadValueException, match=r"'Book\.year': '2010': expected an int"
    ):
        Book.query.filter_by(year="2010")


# -- order, limit, skip, projection ------------------------------------------


def test_sort_ascending_descending(m: SimpleNamespace) -> None:
    Book = m.Book
    with_year = Book.query.filter(Book.year.exists())
    years = sorted(b[1] for b in BOOKS)
    assert [b.year for b in with_year.clone().ascending(Book.year)] == years
    assert [b.year for b in with_year.clone().descending(Book.year)] == years[::-1]
    assert [b.year for b in with_year.clone().sort((Book.year, -1))] == years[::-1]
    assert [b.year for b in with_year.clone().sort("year")] == years
    # Several keys, in order of precedence.
    q = with_year.clone().sort((Book.author.country, 1), (Book.year, -1))
    assert [b.title for b in q][:3] == [
        "Fluent Python",
        "Python in a Nutshell",
        "v1x0 Release Notes",
    ]
    with pytest.raises(BadQueryException, match="1 or -1"):
        Book.query.sort((Book.year, 0))


def test_config_default_sort(db: Mongo, app_ctx: None) -> None:
    class Entry(db.Document):
        config_default_sort = [("n", -1)]  # noqa: RUF012 (the documented spelling)
        n = db.IntField()

    for n in (2, 3, 1):
        Entry(n=n).save()
    assert [e.n for e in Entry.query] == [3, 2, 1]
    assert Entry.query.first().n == 3
    # An explicit sort replaces the default.
    assert [e.n for e in Entry.query.ascending(Entry.n)] == [1, 2, 3]


def test_limit_and_skip(m: SimpleNamespace) -> None:
    Book = m.Book
    ordered = Book.query.filter(Book.year.exists()).ascending(Book.year)
    years = sorted(b[1] for b in BOOKS)
    assert [b.year for b in ordered.clone().limit(3)] == years[:3]
    assert [b.year for b in ordered.clone().skip(6)] == years[6:]
    assert [b.year for b in ordered.clone().skip(2).limit(2)] == years[2:4]
    assert ordered.clone().skip(100).all() == []
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(BadQueryException, match="int >= 0"):
            Book.query.limit(bad)
        with pytest.raises(BadQueryException, match="int >= 0"):
            Book.query.skip(bad)


def test_fields_projection(m: SimpleNamespace) -> None:
    Book = m.Book
    book = Book.query.filter(Book.year == 2004).fields(Book.title).one()
    assert book.title == "Dive Into Python"
    assert isinstance(book.mongo_id, ObjectId)
    with pytest.raises(FieldNotRetrieved, match=r"Book\.year was not loaded"):
        _ = book.year
    # A field with a default is not loaded either: no default in its place.
    with pytest.raises(FieldNotRetrieved, match=r"Book\.rating was not loaded"):
        _ = book.rating
    raw = Book.query.filter(Book.year == 2004).fields(Book.title).raw_output().one()
    assert set(raw) == {"_id", "title"}
    # Saving a partly loaded document writes only what changed.
    book.title = "Dive Into Python 3"
    book.save()
    stored = Book.get_collection().find_one({"_id": book.mongo_id})
    assert stored["title"] == "Dive Into Python 3"
    assert stored["year"] == 2004
    assert stored["author"] == {"name": "Mark Pilgrim", "country": "US"}


def test_fields_with_sub_path_and_exclude(m: SimpleNamespace) -> None:
    Book = m.Book
    raw = (
        Book.query.filter(Book.year == 2015).fields(Book.author.name).raw_output().one()
    )
    assert raw["author"] == {"name": "Luciano Ramalho"}
    assert "title" not in raw
    excluded = Book.query.filter(Book.year == 2015).fields(Book.author.exclude())
    assert "author" not in excluded.raw_output().one()
    book = Book.query.filter(Book.year == 2015).fields(Book.author.exclude()).one()
    assert book.title == "Fluent Python"
    assert book.rating == 4.8
    with pytest.raises(FieldNotRetrieved, match=r"Book\.author was not loaded"):
        _ = book.author
    rated = Book.query.filter(Book.year == 2015).fields(Book.rating.exclude()).one()
    # Excluded, so not replaced by the field's default (which a save would write).
    with pytest.raises(FieldNotRetrieved, match=r"Book\.rating was not loaded"):
        _ = rated.rating
    rated.title = "Fluent Python, 2nd ed."
    rated.save()
    stored = Book.get_collection().find_one({"_id": rated.mongo_id})
    assert stored["rating"] == 4.8


# -- results -----------------------------------------------------------------


def test_one(m: SimpleNamespace) -> None:
    Book = m.Book
    book = Book.query.filter(Book.year == 2015).one()
    assert isinstance(book, Book)
    assert book.author.name == "Luciano Ramalho"
    with pytest.raises(BadResultException, match="no document"):
        Book.query.filter(Book.year == 1800).one()
    with pytest.raises(BadResultException, match="more than one"):
        Book.query.filter(Book.year > 2000).one()


def test_first_and_all(m: SimpleNamespace) -> None:
    Book = m.Book
    assert Book.query.filter(Book.year > 3000).first() is None
    assert Book.query.descending(Book.year).first().title == "v1x0 Release Notes"
    everything = Book.query.all()
    assert isinstance(everything, list)
    assert len(everything) == len(BOOKS) + 1
    assert all(isinstance(b, Book) for b in everything)
    assert Book.query.filter(Book.year > 3000).all() == []


def test_count(m: SimpleNamespace) -> None:
    Book = m.Book
    assert Book.query.count() == len(BOOKS) + 1
    q = Book.query.filter(Book.year > 2000).skip(1).limit(3)
    assert q.count() == 6  # limit and skip ignored by default
    assert q.count(with_limit_and_skip=True) == 3
    assert Book.query.skip(8).count(with_limit_and_skip=True) == 1


def test_distinct(m: SimpleNamespace) -> None:
    Book = m.Book
    q = Book.query.filter(Book.year > 2000)
    assert sorted(q.distinct(Book.author.name)) == [
        "Alex Martelli",
        "Luciano Ramalho",
        "Mark Pilgrim",
        "Team",
    ]
    assert sorted(q.distinct("year")) == [2003, 2004, 2010, 2015, 2020, 2021]


def test_explain(m: SimpleNamespace) -> None:
    # The plan's shape is the server's own (mongoeco's differs from
    # MongoDB's queryPlanner), so only check that one comes back.
    plan = m.Book.query.filter(m.Book.year > 2000).explain()
    assert isinstance(plan, dict)
    assert plan


def test_clone_is_independent(m: SimpleNamespace) -> None:
    Book = m.Book
    base = Book.query.filter(Book.year > 2000)
    copy = base.clone()
    copy.filter(Book.author.country == "US").descending(Book.year).limit(1)
    assert titles(copy) == ["Dive Into HTML5"]
    assert base.count() == 6
    assert len(base.all()) == 6
    assert base.query == {"year": {"$gt": 2000}}
    base.fields(Book.title)
    assert copy.first().year == 2010  # copy's projection untouched


def test_iteration_indexing_and_slices(m: SimpleNamespace) -> None:
    Book = m.Book
    q = Book.query.filter(Book.year.exists()).ascending(Book.year)
    years = sorted(b[1] for b in BOOKS)
    assert [b.year for b in q] == years
    assert q[0].year == years[0]
    assert q[3].year == years[3]
    assert [b.year for b in q[2:5]] == years[2:5]
    assert [b.year for b in q[6:]] == years[6:]
    assert [b.year for b in q[:2]] == years[:2]
    assert q[5:5] == []
    with pytest.raises(IndexError, match="no Book at index 8"):
        _ = q[len(BOOKS)]
    with pytest.raises(BadQueryException, match="must be an int >= 0, got -1"):
        _ = q[-1]
    with pytest.raises(BadQueryException, match="cannot have a step"):
        _ = q[::2]
    # Indexing honours the query's own skip and limit.
    assert q.clone().skip(2)[1].year == years[3]
    limited = q.clone().skip(1).limit(3)
    assert [b.year for b in limited[1:]] == years[2:4]
    assert [b.year for b in limited[:10]] == years[1:4]
    assert limited[2].year == years[3]
    with pytest.raises(IndexError, match=r"beyond the query\'s limit\(3\)"):
        _ = limited[3]


def test_raw_output(m: SimpleNamespace) -> None:
    Book = m.Book
    raw = Book.query.filter(Book.year == 2004).raw_output().one()
    assert type(raw) is dict
    assert raw == {
        "_id": raw["_id"],
        "title": "Dive Into Python",
        "year": 2004,
        "author": {"name": "Mark Pilgrim", "country": "US"},
        "rating": 4.5,
    }
    assert all(type(r) is dict for r in Book.query.raw_output())


def test_hint(m: SimpleNamespace) -> None:
    Book = m.Book
    Book.get_collection().create_index("year")
    q = Book.query.filter(Book.year > 2010).hint_asc(Book.year)
    assert titles(q) == [
        "Fluent Python",
        "v1.0 Release Notes",
        "v1x0 Release Notes",
    ]
    Book.get_collection().create_index([("rating", -1)])
    assert Book.query.filter(Book.rating > 4.7).hint_desc("rating").count() == 2
    # A hint naming no index is refused by the server.
    with pytest.raises(
        OperationFailure, match="hint does not correspond to an existing index"
    ):
        Book.query.hint_asc(Book.title).all()


# -- by id and 404 helpers ---------------------------------------------------


def test_get(m: SimpleNamespace) -> None:
    Book = m.Book
    book = Book.query.filter(Book.year == 2004).one()
    assert Book.query.get(book.mongo_id) == book
    assert Book.query.get(str(book.mongo_id)).title == "Dive Into Python"
    assert Book.query.get(ObjectId()) is None
    for junk in ("nope", "1234", "zz" * 12, 42, None, {"$ne": None}):
        assert Book.query.get(junk) is None
    # Hex strs are ObjectIds in expressions too; junk is refused.
    assert Book.query.filter(Book.mongo_id == str(book.mongo_id)).one() == book
    assert Book.query.filter(Book.mongo_id.in_([str(book.mongo_id)])).count() == 1
    with pytest.raises(BadValueException, match="ObjectId"):
        Book.mongo_id == "junk"  # noqa: B015
    # get() ignores nothing of the query: a filter still applies.
    assert Book.query.filter(Book.year == 1999).get(book.mongo_id) is None


def test_or_404_helpers(app: Flask, m: SimpleNamespace) -> None:
    Book = m.Book
    book = Book.query.filter(Book.year == 2004).one()
    with app.test_request_context():
        assert Book.query.get_or_404(book.mongo_id) == book
        assert Book.query.get_or_404(str(book.mongo_id)) == book
        assert Book.query.filter(Book.year == 2004).first_or_404() == book
        assert Book.query.filter(Book.year == 2004).one_or_404() == book

        with pytest.raises(NotFound) as plain:
            Book.query.get_or_404(ObjectId())
        assert plain.value.code == 404
        assert plain.value.description == NotFound.description
        with pytest.raises(NotFound) as described:
            Book.query.get_or_404("junk", description="No such book")
        assert described.value.description == "No such book"

        with pytest.raises(NotFound):
            Book.query.filter(Book.year == 1).first_or_404()
        with pytest.raises(NotFound) as described:
            Book.query.filter(Book.year == 1).first_or_404(description="None left")
        assert described.value.description == "None left"

        with pytest.raises(NotFound):
            Book.query.filter(Book.year == 1).one_or_404()
        with pytest.raises(NotFound) as described:
            Book.query.filter(Book.year > 2000).one_or_404(description="Ambiguous")
        assert described.value.description == "Ambiguous"


# -- paginate ----------------------------------------------------------------


def test_paginate_explicit(m: SimpleNamespace) -> None:
    q = m.Book.query.filter(m.Book.year.exists()).ascending(m.Book.year)
    years = sorted(b[1] for b in BOOKS)
    p = q.paginate(page=2, per_page=3)
    assert [b.year for b in p.items] == years[3:6]
    assert [b.year for b in p] == years[3:6]
    assert (p.page, p.per_page, p.total, p.pages) == (2, 3, 8, 3)
    assert p.has_prev() is True
    assert p.has_next() is True
    assert (p.prev_num, p.next_num) == (1, 3)
    assert (p.first, p.last) == (4, 6)
    last = p.next()
    assert [b.year for b in last.items] == years[6:]
    assert last.has_next() is False
    assert not last.has_next
    if last.has_next:
        pytest.fail("has_next is falsy on the last page")
    assert last.next_num is None
    assert [b.year for b in last.prev().items] == years[3:6]
    assert list(p.iter_pages()) == [1, 2, 3]
    many = q.paginate(page=4, per_page=1)
    assert list(
        many.iter_pages(left_edge=1, left_current=1, right_current=1, right_edge=1)
    ) == [
        1,
        None,
        3,
        4,
        5,
        None,
        8,
    ]


def test_paginate_404_rules(app: Flask, m: SimpleNamespace) -> None:
    q = m.Book.query.filter(m.Book.year.exists())
    with app.test_request_context():
        with pytest.raises(NotFound):
            q.paginate(page=4, per_page=3)  # beyond the end
        with pytest.raises(NotFound):
            q.paginate(page=0, per_page=3)
        empty = q.paginate(page=4, per_page=3, error_out=False)
        assert empty.items == []
        assert empty.total == 8
        assert empty.has_next() is False
        # An empty first page is a page, not a 404.
        nothing = m.Book.query.filter(m.Book.year > 3000).paginate(page=1)
        assert (nothing.items, nothing.total, nothing.pages) == ([], 0, 0)


def test_paginate_reads_the_request(app: Flask, m: SimpleNamespace) -> None:
    q = m.Book.query.filter(m.Book.year.exists()).ascending(m.Book.year)
    years = sorted(b[1] for b in BOOKS)
    with app.test_request_context("/?page=3&per_page=2"):
        p = q.paginate()
        assert (p.page, p.per_page) == (3, 2)
        assert [b.year for b in p] == years[4:6]
    with app.test_request_context("/"):
        p = q.paginate()
        assert (p.page, p.per_page, len(p.items)) == (1, 20, 8)
    with app.test_request_context("/?page=1&per_page=50"):
        assert q.paginate(max_per_page=5).per_page == 5
    for junk in ("page=abc", "page=1.5", "per_page=x", "per_page=-1", "page=-2"):
        with app.test_request_context(f"/?{junk}"), pytest.raises(NotFound):
            q.paginate()
    with app.test_request_context("/?page=abc"):
        assert q.paginate(error_out=False).page == 1


# -- custom query classes ----------------------------------------------------


def test_custom_query_class(db: Mongo, app_ctx: None) -> None:
    class MyCustomizedQuery(BaseQuery):  # type: ignore[type-arg]
        def get_johns(self) -> BaseQuery:  # type: ignore[type-arg]
            return self.filter(self.type.first_name == "John")

    class Person(db.Document):
        query_class = MyCustomizedQuery
        first_name = db.StringField()

    for name in ("John", "Paul", "John"):
        Person(first_name=name).save()
    assert isinstance(Person.query, MyCustomizedQuery)
    assert found(Person.query.get_johns().first()).first_name == "John"
    assert Person.query.get_johns().count() == 2
    # Builders return the custom query, so helpers chain in any order.
    # (At run time only: the builders are typed as returning BaseQuery.)
    limited = Person.query.limit(1)
    assert limited.get_johns().count(with_limit_and_skip=True) == 1  # type: ignore[attr-defined]


def test_custom_query_init_calling_super(db: Mongo, app_ctx: None) -> None:
    class MyQuery(BaseQuery):  # type: ignore[type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Every query of this class starts narrowed to active members.
            self.filter(self.type.active == True)  # noqa: E712

    class Member(db.Document):
        query_class = MyQuery
        active = db.BoolField()

    Member(active=True).save()
    Member(active=False).save()
    assert Member.query.count() == 1
    assert Member.query.clone().count() == 1
    assert type(Member.query.clone()) is MyQuery


# -- polymorphism --------------------------------------------------------------


def test_polymorphic_documents(db: Mongo, app_ctx: None) -> None:
    class Animal(db.Document):
        config_polymorphic = "kind"
        config_polymorphic_collection = True
        name = db.StringField()

    class Dog(Animal):
        config_polymorphic_identity = "dog"
        good = db.BoolField(default=True)

    class Puppy(Dog):
        config_polymorphic_identity = "puppy"

    class Cat(Animal):
        config_polymorphic_identity = "cat"

    Dog(name="Rex").save()
    Puppy(name="Bit").save()
    Cat(name="Tom").save()
    assert Dog.get_collection_name() == Cat.get_collection_name() == "Animal"
    stored = {d["name"]: d["kind"] for d in Animal.get_collection().find()}
    assert stored == {"Rex": "dog", "Bit": "puppy", "Tom": "cat"}

    by_name = {a.name: type(a) for a in Animal.query}
    assert by_name == {"Rex": Dog, "Bit": Puppy, "Tom": Cat}
    assert {a.name: type(a) for a in Dog.query} == {"Rex": Dog, "Bit": Puppy}
    assert [type(a) for a in Puppy.query] == [Puppy]
    assert [a.name for a in Cat.query] == ["Tom"]
    assert Dog.query.count() == 2
    assert Cat.query.filter(Cat.name == "Rex").first() is None
    assert Animal.query.filter(Animal.name == "Bit").one().good is True


# -- extra stored fields -------------------------------------------------------


def test_config_extra_fields(db: Mongo, app_ctx: None) -> None:
    class Loose(db.Document):
        config_collection_name = "things"
        name = db.StringField()

    class Strict(db.Document):
        config_collection_name = "things"
        config_extra_fields = "error"
        name = db.StringField()

    oid = Loose.get_collection().insert_one({"name": "a", "legacy": [1, 2]}).inserted_id
    loose = Loose.query.one()
    loose.name = "b"
    loose.save()
    assert Loose.get_collection().find_one({"_id": oid}) == {
        "_id": oid,
        "name": "b",
        "legacy": [1, 2],
    }
    with pytest.raises(ExtraValueException, match="legacy"):
        Strict.query.first()
    with pytest.raises(ExtraValueException, match="legacy"):
        Strict.query.all()
    # Asking only for declared keys loads fine.
    assert Strict.query.fields(Strict.name).one().name == "b"


# -- indexes -------------------------------------------------------------------


def test_unique_index_created_on_first_use(db: Mongo, app_ctx: None) -> None:
    class Account(db.Document):
        email = db.StringField()
        config_indexes = [Index().ascending("email").unique()]  # noqa: RUF012

    Account(email="a@example.com").save()
    info = Account.get_collection().index_information()
    (unique,) = [i for i in info.values() if i["key"] == [("email", 1)]]
    assert unique.get("unique") is True
    with pytest.raises(DuplicateKeyError, match="duplicate key"):
        Account(email="a@example.com").save()
    assert Account.query.count() == 1


def test_ttl_index(db: Mongo, app_ctx: None) -> None:
    class Session(db.Document):
        created = db.DateTimeField()
        config_indexes = [  # noqa: RUF012
            Index().ascending("created").expire(3600),
            Index().descending("created").named("newest"),
        ]

    Session(created=datetime(2024, 1, 1)).save()
    info = Session.get_collection().index_information()
    (ttl,) = [i for i in info.values() if i.get("expireAfterSeconds") is not None]
    assert ttl["key"] == [("created", 1)]
    assert ttl["expireAfterSeconds"] == 3600
    assert info["newest"]["key"] == [("created", -1)]


# -- expressions are plain data ------------------------------------------------


def test_expressions_are_plain_dicts(m: SimpleNamespace) -> None:
    Book = m.Book
    assert (Book.year > 2000) == {"year": {"$gt": 2000}}
    assert isinstance(Book.year > 2000, QueryExpression)
    assert repr(Book.year > 2000) == "{'year': {'$gt': 2000}}"
    assert repr(Book.year) == "<QueryField 'year' (IntField)>"
    assert ((Book.year > 2000) & (Book.title == "X")) == {
        "year": {"$gt": 2000},
        "title": "X",
    }
    assert ((Book.year > 2000) & (Book.year < 2010)) == {
        "year": {"$gt": 2000, "$lt": 2010}
    }
    assert ((Book.year == 1) & (Book.year == 2)) == {"$and": [{"year": 1}, {"year": 2}]}
    assert ((Book.year < 1990) | (Book.year > 2010) | (Book.title == "X")) == {
        "$or": [{"year": {"$lt": 1990}}, {"year": {"$gt": 2010}}, {"title": "X"}]
    }
    assert ~(Book.year > 2000) == {"year": {"$not": {"$gt": 2000}}}
    assert ~(Book.title == "X") == {"title": {"$ne": "X"}}
    assert ~((Book.year > 2000) | (Book.title == "X")) == {
        "$nor": [{"$or": [{"year": {"$gt": 2000}}, {"title": "X"}]}]
    }
    assert ((Book.title == "X") & ((Book.year < 1) | (Book.year > 9))) == {
        "title": "X",
        "$or": [{"year": {"$lt": 1}}, {"year": {"$gt": 9}}],
    }
    assert Book.year.in_(1, 2) == {"year": {"$in": [1, 2]}}
    assert Book.year.nin([1]) == {"year": {"$nin": [1]}}
    assert Book.year.exists(False) == {"year": {"$exists": False}}
    assert Book.title.startswith("a.b") == {"title": {"$regex": "^a\\.b"}}
    assert Book.title.endswith("x", ignore_case=True) == {
        "title": {"$regex": "x$", "$options": "i"}
    }
    assert Book.rating.exclude() == ("rating", 0)
    assert Book.query.filter(Book.year > 2000).query == {"year": {"$gt": 2000}}


# -- bad input -----------------------------------------------------------------


def test_operator_shaped_values_are_refused_before_sending(
    logged_db: tuple[Flask, Mongo], commands: CommandLog
) -> None:
    _app, db = logged_db

    class Author(db.Document):
        name = db.StringField()

    class Book(db.Document):
        title = db.StringField()
        year = db.IntField()
        author = db.DocumentField(Author)
        extra = db.AnythingField(required=False)

    commands.clear()
    with pytest.raises(BadValueException, match=r"keys starting with '\$'"):
        Book.year == {"$gt": 1}  # noqa: B015
    with pytest.raises(BadValueException, match=r"keys starting with '\$'"):
        Author.name.in_([{"$ne": 1}])
    with pytest.raises(
        BadValueException, match=r"'Book\.title': \['a'\]: expected a str"
    ):
        Book.title != ["a"]  # noqa: B015
    with pytest.raises(
        BadValueException, match=r"'Book\.year': '2000': expected an int"
    ):
        Book.year > "2000"  # noqa: B015
    with pytest.raises(BadValueException, match="'\\$'"):
        Book.author == {"name": {"$ne": None}}  # noqa: B015
    with pytest.raises(BadValueException, match="'\\$'"):
        Book.extra == {"a": [{"$where": "1"}]}  # noqa: B015
    with pytest.raises(BadValueException, match=r"'title': .*keys starting with '\$'"):
        Book.query.filter_by(title={"$ne": None})
    with pytest.raises(
        BadValueException, match=r"'author\.name': .*keys starting with '\$'"
    ):
        Book.query.in_(Book.author.name, {"$gt": ""})
    assert commands.commands == []
