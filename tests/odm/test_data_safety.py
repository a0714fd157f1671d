"""Saves never lose stored data, and never act on another document."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from flask_mongo import Mongo
from flask_mongo.errors import BadValueException, FieldNotRetrieved


@pytest.fixture
def m(logged_db: tuple[Flask, Mongo]) -> Any:
    _app, db = logged_db

    class Author(db.Document):
        name = db.StringField()
        bio = db.StringField(required=False)

    class Book(db.Document):
        title = db.StringField()
        author = db.DocumentField(Author)
        notes = db.AnythingField(default=[])
        extra = db.DocumentField(Author, default=Author(name="default"))

    return SimpleNamespace(Author=Author, Book=Book, db=db)


def raw(m: Any) -> dict[str, Any]:
    doc: dict[str, Any] | None = m.Book.get_collection().find_one({}, {"_id": 0})
    assert doc is not None
    return doc


def test_in_place_change_of_a_partly_loaded_field_is_refused(m: Any) -> None:
    m.Book(title="t", author=m.Author(name="a", bio="long bio")).save()
    book = m.Book.query.fields(m.Book.author.name).first()
    book.author.name = "b"
    with pytest.raises(
        FieldNotRetrieved, match=r"Book\.author was loaded only in part"
    ):
        book.save()
    assert raw(m)["author"] == {"name": "a", "bio": "long bio"}


def test_excluded_sub_path_is_partial_too(m: Any) -> None:
    m.Book(title="t", author=m.Author(name="a", bio="long bio")).save()
    book = m.Book.query.fields(m.Book.author.bio.exclude()).first()
    assert book.title == "t"
    book.author.name = "b"
    with pytest.raises(
        FieldNotRetrieved,
        match=r"Book\.author was loaded only in part.*load the whole field",
    ):
        book.save()
    assert raw(m)["author"] == {"name": "a", "bio": "long bio"}


def test_whole_value_assigned_to_a_partly_loaded_field_is_saved(m: Any) -> None:
    m.Book(title="t", author=m.Author(name="a", bio="long bio")).save()
    book = m.Book.query.fields(m.Book.author.name).first()
    book.author = m.Author(name="new")  # the user replaces the whole value
    book.save()
    assert raw(m)["author"] == {"name": "new"}


def test_mutable_defaults_are_not_shared(m: Any) -> None:
    first, second = m.Book(title="1"), m.Book(title="2")
    first.notes.append("secret")
    first.extra.name = "changed"
    assert second.notes == []
    assert second.extra.name == "default"
    assert first.extra is not second.extra


def test_a_saved_documents_id_cannot_change(m: Any) -> None:
    a = m.Book(title="a", author=m.Author(name="x"))
    b = m.Book(title="b", author=m.Author(name="y"))
    a.save()
    b.save()
    loaded = m.Book.query.get(a.mongo_id)
    with pytest.raises(BadValueException, match="cannot change"):
        loaded.mongo_id = b.mongo_id
    loaded.title = "a2"
    loaded.save()
    assert m.Book.query.get(b.mongo_id).title == "b"
    assert m.Book.query.get(a.mongo_id).title == "a2"


def test_validator_runs_on_in_place_changes(logged_db: tuple[Flask, Mongo]) -> None:
    _app, db = logged_db

    class Tag(db.Document):
        name = db.StringField(validator=lambda v: v != "bad")

    class Post(db.Document):
        tags = db.AnythingField(validator=lambda v: len(v) <= 2)
        main = db.DocumentField(Tag, validator=lambda t: t.name != "bad")

    post = Post(tags=[1], main=Tag(name="ok"))
    post.save()
    post.tags.extend([2, 3])
    with pytest.raises(BadValueException, match="validator"):
        post.save()
    assert Post.get_collection().find_one()["tags"] == [1]


def test_embedded_modified_field_does_not_rewrite_each_save(
    logged_db: tuple[Flask, Mongo], commands: Any
) -> None:
    _app, db = logged_db

    class Part(db.Document):
        name = db.StringField()
        modified = db.ModifiedField()

    class Whole(db.Document):
        part = db.DocumentField(Part)

    whole = Whole(part=Part(name="x"))
    whole.save()
    commands.clear()
    whole.save()
    whole.save()
    assert commands.named("update") == []
    whole.part.name = "y"
    whole.save()
    assert len(commands.named("update")) == 1


def test_polymorphic_projection_keeps_the_subclass(
    logged_db: tuple[Flask, Mongo],
) -> None:
    _app, db = logged_db

    class Animal(db.Document):
        config_polymorphic = "kind"
        config_polymorphic_collection = True
        name = db.StringField()

    class Dog(Animal):
        config_polymorphic_identity = "dog"
        barks = db.BoolField(default=True)

    Dog(name="rex").save()
    loaded = Animal.query.fields(Animal.name).first()
    assert type(loaded) is Dog
    with pytest.raises(
        FieldNotRetrieved, match=r"Dog\.barks was not loaded.*add it to fields\(\)"
    ):
        _ = loaded.barks


def test_computed_field_cannot_be_set_by_an_update(
    logged_db: tuple[Flask, Mongo],
) -> None:
    _app, db = logged_db

    class Box(db.Document):
        a = db.IntField()

        @db.computed_field(db.IntField(), deps=[a])
        def double(obj: dict[str, Any]) -> int:
            return int(obj["a"]) * 2

    Box(a=2).save()
    with pytest.raises(BadValueException, match="computed"):
        Box.query.set(Box.double, 999).execute()
    assert Box.query.one().double == 4


def test_query_string_per_page_is_capped(
    m: Any, logged_db: tuple[Flask, Mongo]
) -> None:
    app = logged_db[0]
    with app.test_request_context("/?per_page=100000"):
        assert m.Book.query.paginate(1).per_page == 100
    with app.test_request_context("/?per_page=30"):
        assert m.Book.query.paginate(1).per_page == 30
    assert (
        m.Book.query.paginate(1, per_page=500).per_page == 500
    )  # the app's own choice


def test_in_place_dict_changes_write_only_their_keys(
    logged_db: tuple[Flask, Mongo],
) -> None:
    _app, db = logged_db

    class Player(db.Document):
        scores = db.DictField(db.IntField())

    Player(scores={"go": 1, "chess": 2, "shogi": 3}).save()
    player = Player.query.one()
    player.scores["go"] = 10
    del player.scores["shogi"]
    assert player.get_dirty_ops() == {
        "$set": {"scores.go": 10},
        "$unset": {"scores.shogi": True},
    }
    # Another client adds a key meanwhile: it survives this save.
    Player.get_collection().update_one({}, {"$set": {"scores.poker": 4}})
    player.save()
    assert Player.query.one().scores == {"go": 10, "chess": 2, "poker": 4}
