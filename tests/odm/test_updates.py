"""Atomic updates from queries (set, inc, append, ...) and find_and_modify,
checked against the stored documents before and after."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from pymongo.results import UpdateResult

from flask_mongo import Mongo
from flask_mongo.errors import (
    BadQueryException,
    BadValueException,
    FieldNotRetrieved,
    MissingValueException,
)
from tests.support import CommandLog


@pytest.fixture
def m(db: Mongo, app_ctx: None, commands: CommandLog) -> SimpleNamespace:
    class Author(db.Document):
        name = db.StringField()
        country = db.StringField(required=False)

    class Chapter(db.Document):
        title = db.StringField()
        pages = db.IntField(min_value=1)

    class Book(db.Document):
        title = db.StringField(max_length=40)
        year = db.IntField(min_value=0, required=False)
        rating = db.FloatField(default=0.0)
        author = db.DocumentField(Author, required=False)
        tags = db.ListField(db.StringField(), default_empty=True)
        chapters = db.ListField(db.DocumentField(Chapter), default_empty=True)
        labels = db.SetField(db.StringField(), required=False)
        extra = db.AnythingField(required=False)
        scores = db.DictField(db.IntField(min_value=0), required=False)

    Book(
        title="Dive",
        year=2004,
        rating=4.5,
        author=Author(name="Mark", country="US"),
        tags=["python", "web"],
        chapters=[Chapter(title="Intro", pages=10), Chapter(title="Strings", pages=20)],
    ).save()
    Book(
        title="Fluent",
        year=2015,
        rating=4.8,
        author=Author(name="Luciano", country="BR"),
        tags=["python"],
    ).save()
    Book(
        title="Knuth",
        year=1968,
        rating=5.0,
        author=Author(name="Donald", country="US"),
        tags=["algorithms", "classic", "math"],
    ).save()
    commands.clear()
    return SimpleNamespace(Author=Author, Chapter=Chapter, Book=Book)


def stored(m: SimpleNamespace, title: str) -> dict[str, Any]:
    found: dict[str, Any] | None = m.Book.get_collection().find_one(
        {"title": title}, {"_id": 0}
    )
    assert found is not None, f"no stored book {title!r}"
    return found


def all_stored(m: SimpleNamespace) -> list[dict[str, Any]]:
    return list(m.Book.get_collection().find({}, {"_id": 0}).sort("title"))


# -- set / unset / inc -------------------------------------------------------


def test_set(m: SimpleNamespace) -> None:
    Book = m.Book
    before = stored(m, "Fluent")
    result = Book.query.filter(Book.title == "Dive").set(Book.year, 2009).execute()
    assert isinstance(result, UpdateResult)
    assert (result.matched_count, result.modified_count) == (1, 1)
    assert stored(m, "Dive")["year"] == 2009
    assert stored(m, "Fluent") == before
    Book.query.filter(Book.title == "Dive").set(year=2010, rating=4).execute()
    dive = stored(m, "Dive")
    assert (dive["year"], dive["rating"]) == (2010, 4.0)
    assert isinstance(dive["rating"], float)  # stored form of a FloatField
    Book.query.filter_by(title="Dive").set("title", "Dive Into Python").execute()
    assert Book.query.filter(Book.title == "Dive Into Python").count() == 1


def test_set_embedded_document_and_list(m: SimpleNamespace) -> None:
    Book, Author, Chapter = m.Book, m.Author, m.Chapter
    q = Book.query.filter(Book.title == "Fluent")
    q.set(Book.author, Author(name="L. Ramalho")).execute()
    assert stored(m, "Fluent")["author"] == {"name": "L. Ramalho"}
    q.set(Book.chapters, [Chapter(title="Data Model", pages=30)]).execute()
    assert stored(m, "Fluent")["chapters"] == [{"title": "Data Model", "pages": 30}]
    q.set(Book.labels, {"b", "a"}).execute()
    assert stored(m, "Fluent")["labels"] == ["a", "b"]
    book = q.one()
    assert book.author.name == "L. Ramalho"
    assert book.chapters[0].pages == 30
    assert book.labels == {"a", "b"}


def test_unset(m: SimpleNamespace) -> None:
    Book = m.Book
    Book.query.filter(Book.title == "Dive").unset(Book.year).execute()
    assert "year" not in stored(m, "Dive")
    assert Book.query.filter(Book.title == "Dive").one().year is None
    Book.query.filter(Book.title == "Dive").unset(Book.author.country).execute()
    assert stored(m, "Dive")["author"] == {"name": "Mark"}
    # A field with a default can go: it reads back as the default.
    Book.query.filter(Book.title == "Dive").unset(Book.tags).execute()
    assert Book.query.filter(Book.title == "Dive").one().tags == []


def test_unset_required_field_fails_before_sending(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    with pytest.raises(MissingValueException, match=r"Book\.title is required"):
        Book.query.unset(Book.title)
    with pytest.raises(MissingValueException, match=r"Author\.name is required"):
        Book.query.unset(Book.author.name)
    with pytest.raises(BadValueException, match="not None"):
        Book.query.set(Book.title, None)
    with pytest.raises(BadValueException, match="not None"):
        Book.query.set("author.name", None)
    with pytest.raises(BadQueryException, match="null in the list"):
        Book.query.unset(Book.tags.matched_index())
    assert commands.named("update") == []
    assert stored(m, "Dive")["title"] == "Dive"


def test_inc(m: SimpleNamespace) -> None:
    Book = m.Book
    dive = Book.query.filter(Book.title == "Dive")
    dive.inc(Book.year).execute()
    assert stored(m, "Dive")["year"] == 2005
    dive.inc(Book.year, -5).execute()  # an amount, not a value: min_value=0 is fine
    assert stored(m, "Dive")["year"] == 2000
    dive.inc(rating=0.25).execute()
    assert stored(m, "Dive")["rating"] == 4.75
    dive.inc(Book.rating, 1).execute()
    assert stored(m, "Dive")["rating"] == 5.75
    # Twice on one field adds up.
    assert dive.inc(Book.year, 2).inc(year=3).update_data == {"$inc": {"year": 5}}
    with pytest.raises(BadValueException, match="int"):
        dive.inc(Book.year, 1.5)
    with pytest.raises(BadValueException, match=r"inc\(\) takes an int or a float"):
        dive.inc(Book.year, True)
    with pytest.raises(BadValueException, match=r"inc\(\) takes an int or a float"):
        dive.inc(Book.year, "1")
    with pytest.raises(BadQueryException, match="number field"):
        dive.inc(Book.title, 1)


# -- list operators ------------------------------------------------------------


def test_append_and_extend(m: SimpleNamespace) -> None:
    Book, Chapter = m.Book, m.Chapter
    dive = Book.query.filter(Book.title == "Dive")
    dive.append(Book.tags, "books").execute()
    assert stored(m, "Dive")["tags"] == ["python", "web", "books"]
    dive.extend(Book.tags, "a", "b").execute()
    assert stored(m, "Dive")["tags"] == ["python", "web", "books", "a", "b"]
    dive.append(Book.chapters, Chapter(title="Lists", pages=5)).execute()
    assert stored(m, "Dive")["chapters"][-1] == {"title": "Lists", "pages": 5}
    assert dive.one().chapters[-1].title == "Lists"
    # Repeated appends collect the items.
    expr = dive.append(Book.tags, "x").extend(Book.tags, "y", "z")
    assert expr.update_data == {"$push": {"tags": {"$each": ["x", "y", "z"]}}}
    assert dive.append(Book.tags, "x").update_data == {"$push": {"tags": "x"}}


def test_list_items_are_validated(m: SimpleNamespace, commands: CommandLog) -> None:
    Book, Chapter = m.Book, m.Chapter
    q = Book.query.filter(Book.title == "Dive")
    with pytest.raises(BadValueException, match=r"Book\.tags.*a str"):
        q.append(Book.tags, 5)
    with pytest.raises(
        BadValueException,
        match=r"'Book\.tags': \['a list is not an item'\]: expected a str",
    ):
        q.append(Book.tags, ["a list is not an item"])
    with pytest.raises(BadValueException, match=r"expected a str, not None"):
        q.extend(Book.tags, "ok", None)
    with pytest.raises(BadValueException, match="min_value=1"):
        q.append(Book.chapters, Chapter(title="Empty", pages=0))
    with pytest.raises(BadValueException, match="expected a Chapter document"):
        q.append(Book.chapters, {"title": "raw dict", "pages": 1})
    with pytest.raises(MissingValueException, match=r"Chapter\.pages is required"):
        q.append(Book.chapters, Chapter(title="No pages"))
    with pytest.raises(BadQueryException, match="needs a list field"):
        q.append(Book.title, "x")
    with pytest.raises(BadQueryException, match="needs a list field"):
        q.pop_first(Book.year)
    assert commands.named("update") == []


def test_remove_pulls_items_not_documents(m: SimpleNamespace) -> None:
    Book, Chapter = m.Book, m.Chapter
    result = Book.query.remove(Book.tags, "python").multi().execute()
    assert result.modified_count == 2
    assert Book.query.count() == 3
    assert [b["tags"] for b in all_stored(m)] == [
        ["web"],
        [],
        ["algorithms", "classic", "math"],
    ]
    dive = Book.query.filter(Book.title == "Dive")
    dive.remove(Book.chapters, Chapter(title="Intro", pages=10)).execute()
    assert stored(m, "Dive")["chapters"] == [{"title": "Strings", "pages": 20}]
    with pytest.raises(BadQueryException, match="remove_all"):
        dive.remove(Book.tags, "a").remove(Book.tags, "b")


def test_remove_all(m: SimpleNamespace) -> None:
    Book = m.Book
    knuth = Book.query.filter(Book.title == "Knuth")
    knuth.remove_all(Book.tags, "classic", "math", "absent").execute()
    assert stored(m, "Knuth")["tags"] == ["algorithms"]
    expr = knuth.remove_all(Book.tags, "a").remove_all(Book.tags, "b")
    assert expr.update_data == {"$pullAll": {"tags": ["a", "b"]}}


def test_add_to_set(m: SimpleNamespace) -> None:
    Book = m.Book
    dive = Book.query.filter(Book.title == "Dive")
    dive.add_to_set(Book.tags, "python").execute()
    assert stored(m, "Dive")["tags"] == ["python", "web"]
    dive.add_to_set(Book.tags, "new").execute()
    assert stored(m, "Dive")["tags"] == ["python", "web", "new"]
    dive.add_to_set(Book.tags, "web", "x", "x", "y").execute()
    assert stored(m, "Dive")["tags"] == ["python", "web", "new", "x", "y"]
    assert dive.add_to_set(Book.tags, "a", "b").update_data == {
        "$addToSet": {"tags": {"$each": ["a", "b"]}}
    }
    dive.add_to_set(Book.labels, "z").execute()
    assert dive.one().labels == {"z"}
    with pytest.raises(BadQueryException, match="at least one"):
        dive.add_to_set(Book.tags)


def test_pop_first_and_last(m: SimpleNamespace) -> None:
    Book = m.Book
    knuth = Book.query.filter(Book.title == "Knuth")
    knuth.pop_first(Book.tags).execute()
    assert stored(m, "Knuth")["tags"] == ["classic", "math"]
    knuth.pop_last(Book.tags).execute()
    assert stored(m, "Knuth")["tags"] == ["classic"]
    assert knuth.pop_first(Book.tags).update_data == {"$pop": {"tags": -1}}
    assert knuth.pop_last("tags").update_data == {"$pop": {"tags": 1}}


# -- chaining, multi, upsert, safe ---------------------------------------------


def test_chained_builders_in_one_update(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    result = (
        Book.query.filter(Book.year < 2000)
        .set(Book.title, "Old")
        .inc(Book.year, 1)
        .append(Book.tags, "vintage")
        .multi()
        .execute()
    )
    assert result.modified_count == 1
    (update,) = commands.named("update")
    assert update["updates"][0]["u"] == {
        "$set": {"title": "Old"},
        "$inc": {"year": 1},
        "$push": {"tags": "vintage"},
    }
    old = stored(m, "Old")
    assert old["year"] == 1969
    assert old["tags"] == ["algorithms", "classic", "math", "vintage"]


def test_single_by_default_multi_on_request(m: SimpleNamespace) -> None:
    Book = m.Book
    us = Book.query.filter(Book.author.country == "US")
    result = us.set(Book.rating, 1.0).execute()
    assert (result.matched_count, result.modified_count) == (1, 1)
    ratings = {b["title"]: b["rating"] for b in all_stored(m)}
    assert ratings["Fluent"] == 4.8
    # Exactly one of the two matching books changed.
    assert sorted([ratings["Dive"], ratings["Knuth"]]) in ([1.0, 5.0], [1.0, 4.5])
    result = us.set(Book.rating, 2.0).multi().execute()
    assert (result.matched_count, result.modified_count) == (2, 2)
    assert {b["title"]: b["rating"] for b in all_stored(m)} == {
        "Dive": 2.0,
        "Fluent": 4.8,
        "Knuth": 2.0,
    }
    # The query's own filter is copied: later changes to it do not leak in.
    expr = us.set(Book.year, 1)
    us.filter(Book.title == "nothing")
    assert expr.execute().matched_count == 1


def test_upsert(m: SimpleNamespace) -> None:
    Book = m.Book
    missing = Book.query.filter(Book.title == "New")
    result = missing.set(Book.year, 2024).execute()
    assert (result.matched_count, result.upserted_id) == (0, None)
    assert Book.query.count() == 3
    result = missing.set(Book.year, 2024).inc(Book.rating, 1).upsert().execute()
    assert result.upserted_id is not None
    new = Book.query.get(result.upserted_id)
    assert (new.title, new.year, new.rating) == ("New", 2024, 1.0)
    # Matching now: an upsert updates.
    result = missing.inc(Book.year).upsert().execute()
    assert (result.matched_count, result.upserted_id) == (1, None)
    assert Book.query.count() == 4


def test_upsert_keeps_the_polymorphic_identity(db: Mongo, app_ctx: None) -> None:
    class Animal(db.Document):
        config_polymorphic = "kind"
        config_polymorphic_collection = True
        name = db.StringField()
        legs = db.IntField(default=4)

    class Bird(Animal):
        config_polymorphic_identity = "bird"

    class Cat(Animal):
        config_polymorphic_identity = "cat"

    Cat(name="Tom").save()
    # The subclass's query only updates its own documents...
    assert Bird.query.set(Animal.legs, 2).multi().execute().matched_count == 0
    result = Bird.query.filter(Animal.name == "Tweety").set(Animal.legs, 2)
    result = result.upsert().execute()
    tweety = Animal.query.get(result.upserted_id)
    # ...and an upserted one loads as that subclass.
    assert type(tweety) is Bird
    assert (tweety.name, tweety.legs) == ("Tweety", 2)
    assert Animal.query.filter(Animal.name == "Tom").one().legs == 4


def test_safe_maps_to_write_concerns(m: SimpleNamespace, commands: CommandLog) -> None:
    Book = m.Book
    q = Book.query.filter(Book.title == "Dive")
    assert q.set(Book.year, 1).safe().execute().acknowledged
    assert commands.named("update")[-1]["writeConcern"] == {"w": 1}
    result = q.set(Book.year, 2).safe(False).execute()
    assert result.acknowledged is False
    assert commands.named("update")[-1]["writeConcern"] == {"w": 0}
    q.set(Book.year, 3).execute()
    assert "writeConcern" not in commands.named("update")[-1]
    assert stored(m, "Dive")["year"] == 3


# -- validation ----------------------------------------------------------------


def test_bad_values_are_refused_before_sending(
    m: SimpleNamespace, commands: CommandLog
) -> None:
    Book = m.Book
    q = Book.query.filter(Book.title == "Dive")
    with pytest.raises(BadValueException, match="an int"):
        q.set(Book.year, "2004")
    with pytest.raises(BadValueException, match="min_value=0"):
        q.set(Book.year, -1)
    with pytest.raises(BadValueException, match="max_length=40"):
        q.set(title="x" * 41)
    with pytest.raises(BadValueException, match="Author document"):
        q.set(Book.author, {"name": "Mark"})
    # Operator-shaped values from a request never become operators.
    with pytest.raises(
        BadValueException, match=r"'Book\.year': \{'\$gt': 0\}: expected an int"
    ):
        q.set(Book.year, {"$gt": 0})
    with pytest.raises(BadValueException, match="'\\$'"):
        q.set(Book.extra, {"$where": "sleep(1000)"})
    with pytest.raises(BadValueException, match="'\\$'"):
        q.append(Book.extra, {"a": [{"$ne": None}]})
    with pytest.raises(
        BadValueException, match=r"'Book\.tags': \{'\$ne': ''\}: expected a str"
    ):
        q.remove(Book.tags, {"$ne": ""})  # would pull every item
    with pytest.raises(BadValueException, match="item 1: expected a str"):
        q.set(Book.tags, ["ok", {"$gt": ""}])
    with pytest.raises(
        BadValueException, match=r"\{'\$each': \['a', 'b'\]\}: expected a str"
    ):
        q.add_to_set(Book.tags, {"$each": ["a", "b"]})
    with pytest.raises(
        BadValueException, match=r"'Book\.title': \{'\$set': 'x'\}: expected a str"
    ):
        q.find_and_modify().set(Book.title, {"$set": "x"})
    assert commands.named("update") == []
    assert commands.named("findAndModify") == []
    assert Book.query.filter(Book.title == "Dive").one().year == 2004


def test_fields_are_named_three_ways(m: SimpleNamespace) -> None:
    Book = m.Book
    q = Book.query
    by_query_field = q.set(Book.author.name, "x").update_data
    assert by_query_field == {"$set": {"author.name": "x"}}
    assert q.set("author.name", "x").update_data == by_query_field
    assert q.set(Book.author.name, "x").update_data == by_query_field
    assert q.set(Book.get_fields()["year"], 1).update_data == {"$set": {"year": 1}}
    assert q.set(year=1).update_data == {"$set": {"year": 1}}
    with pytest.raises(BadQueryException, match="no field 'nope'"):
        q.set(nope=1)
    with pytest.raises(BadQueryException, match="no sub-field 'nope'"):
        q.set("author.nope", 1)
    with pytest.raises(BadQueryException, match="is a list"):
        q.set("chapters.title", "x")
    with pytest.raises(BadQueryException, match="expected a field"):
        q.set(42, 1)
    with pytest.raises(TypeError, match="set\\(\\) takes"):
        q.set(Book.year)


def test_conflicting_paths_are_refused(m: SimpleNamespace) -> None:
    Book = m.Book
    with pytest.raises(BadQueryException, match="conflicts"):
        Book.query.set(Book.year, 1).inc(Book.year)
    with pytest.raises(BadQueryException, match="conflicts"):
        Book.query.set(Book.author, m.Author(name="a")).set(Book.author.name, "b")
    with pytest.raises(BadQueryException, match="one per path"):
        Book.query.pop_first(Book.tags).pop_last(Book.tags)
    # The same operator on the same path replaces (set) the earlier value.
    assert Book.query.set(year=1).set(year=2).update_data == {"$set": {"year": 2}}


# -- sub-paths and the positional $ --------------------------------------------


def test_sub_paths(m: SimpleNamespace) -> None:
    Book = m.Book
    dive = Book.query.filter(Book.title == "Dive")
    dive.set(Book.author.name, "Mark Pilgrim").execute()
    assert stored(m, "Dive")["author"] == {"name": "Mark Pilgrim", "country": "US"}
    dive.set("author.country", "UK").execute()
    assert dive.one().author.country == "UK"
    with pytest.raises(BadValueException, match=r"Author\.name"):
        dive.set(Book.author.name, 1)


def test_dict_keys(m: SimpleNamespace) -> None:
    Book = m.Book
    dive = Book.query.filter(Book.title == "Dive")
    dive.set(Book.scores.alice, 3).inc("scores.bob", 2).execute()
    assert stored(m, "Dive")["scores"] == {"alice": 3, "bob": 2}
    dive.unset(Book.scores.alice).execute()  # a key's value is never required
    assert dive.one().scores == {"bob": 2}
    with pytest.raises(BadValueException, match="min_value=0"):
        dive.set("scores.carol", -1)
    with pytest.raises(BadValueException, match="leading"):
        dive.set("scores.$where", 1)


def test_positional_matched_index(m: SimpleNamespace) -> None:
    Book = m.Book
    assert str(Book.tags.matched_index()) == "tags.$"
    Book.query.filter(Book.tags == "web").set(
        Book.tags.matched_index(), "www"
    ).execute()
    assert stored(m, "Dive")["tags"] == ["python", "www"]
    strings = Book.query.filter(Book.chapters.title == "Strings")
    strings.inc(Book.chapters.matched_index().pages, 5).execute()
    assert stored(m, "Dive")["chapters"][1] == {"title": "Strings", "pages": 25}
    strings.set("chapters.$.title", "Text").execute()
    assert stored(m, "Dive")["chapters"][1]["title"] == "Text"
    Book.query.filter(Book.title == "Knuth").set("tags.0", "algos").execute()
    assert stored(m, "Knuth")["tags"][0] == "algos"
    # Values at a positional path are checked as items.
    with pytest.raises(BadValueException, match="a str"):
        strings.set(Book.tags.matched_index(), 5)
    with pytest.raises(BadValueException, match="min_value=1"):
        strings.set(Book.chapters.matched_index().pages, 0)
    with pytest.raises(BadValueException, match="Chapter document"):
        strings.set("chapters.$", {"title": "raw"})


# -- find_and_modify -----------------------------------------------------------


def test_find_and_modify_returns_the_old_document(m: SimpleNamespace) -> None:
    Book = m.Book
    old = (
        Book.query.filter(Book.title == "Dive")
        .find_and_modify()
        .inc(Book.year, 1)
        .append(Book.tags, "new")
        .execute()
    )
    assert isinstance(old, Book)
    assert (old.year, old.tags) == (2004, ["python", "web"])
    assert stored(m, "Dive")["year"] == 2005
    assert stored(m, "Dive")["tags"] == ["python", "web", "new"]


def test_find_and_modify_new(m: SimpleNamespace) -> None:
    Book = m.Book
    new = Book.query.filter(Book.title == "Dive").find_and_modify(new=True)
    book = new.set(Book.author.name, "M. Pilgrim").execute()
    assert book is not None
    assert book.author.name == "M. Pilgrim"
    assert book.chapters[0].title == "Intro"  # the whole document came back
    # It is a loaded document: changing and saving it works.
    book.title = "Dive Into Python"
    book.save()
    assert stored(m, "Dive Into Python")["author"]["name"] == "M. Pilgrim"


def test_find_and_modify_follows_sort_and_fields(m: SimpleNamespace) -> None:
    Book = m.Book
    newest = (
        Book.query.descending(Book.year)
        .fields(Book.title, Book.year)
        .find_and_modify(new=True)
        .inc(Book.year, 1)
        .execute()
    )
    assert (newest.title, newest.year) == ("Fluent", 2016)
    with pytest.raises(FieldNotRetrieved, match=r"Book\.tags was not loaded"):
        _ = newest.tags
    oldest = Book.query.ascending(Book.year).find_and_modify().set(Book.rating, 1)
    assert oldest.execute().title == "Knuth"
    raw = Book.query.filter(Book.title == "Knuth").raw_output()
    document = raw.find_and_modify(new=True).set(Book.rating, 2).execute()
    assert type(document) is dict
    assert document["rating"] == 2.0


def test_find_and_modify_remove(m: SimpleNamespace) -> None:
    Book = m.Book
    removed = Book.query.ascending(Book.year).find_and_modify(remove=True).execute()
    assert isinstance(removed, Book)
    assert removed.title == "Knuth"
    assert [b["title"] for b in all_stored(m)] == ["Dive", "Fluent"]
    with pytest.raises(BadQueryException, match="remove=True"):
        Book.query.find_and_modify(remove=True).set(Book.year, 1).execute()
    with pytest.raises(BadQueryException, match="remove=True"):
        Book.query.find_and_modify(remove=True).upsert().execute()
    assert Book.query.count() == 2


def test_find_and_modify_without_match(m: SimpleNamespace) -> None:
    Book = m.Book
    nothing = Book.query.filter(Book.title == "Absent")
    assert nothing.find_and_modify().set(Book.year, 1).execute() is None
    assert nothing.find_and_modify(new=True).set(Book.year, 1).execute() is None
    assert nothing.find_and_modify(remove=True).execute() is None
    assert Book.query.count() == 3
    # Before an upsert there was no document; after it there is.
    assert nothing.find_and_modify().set(Book.year, 1).upsert().execute() is None
    created = nothing.find_and_modify(new=True).inc(Book.year).upsert().execute()
    assert (created.title, created.year) == ("Absent", 2)
    with pytest.raises(BadQueryException, match="nothing to update"):
        nothing.find_and_modify().execute()


def test_update_expressions_are_plain_data(m: SimpleNamespace) -> None:
    Book = m.Book
    expr = Book.query.filter(Book.year > 2000).set(Book.title, "x").inc(Book.year)
    assert expr.update_data == {"$set": {"title": "x"}, "$inc": {"year": 1}}
    assert expr.query.query == {"year": {"$gt": 2000}}
    assert repr(expr.multi().upsert()) == (
        "<UpdateExpression Book {'year': {'$gt': 2000}}"
        " {'$set': {'title': 'x'}, '$inc': {'year': 1}} upsert multi>"
    )
    # update_data is a copy.
    expr.update_data["$set"]["title"] = "changed"
    assert expr.update_data["$set"]["title"] == "x"
