"""References: RefField (a DBRef), SRefField (a bare ObjectId) and rel()."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from bson import DBRef, ObjectId

from flask_mongo.errors import BadValueException, DocumentNotFound
from tests.support import CommandLog, reload, stored


@pytest.fixture
def m(logged_db: Any) -> SimpleNamespace:
    _app, db = logged_db

    class Author(db.Document):
        name = db.StringField()

    class Publisher(db.Document):
        name = db.StringField()

    class Book(db.Document):
        title = db.StringField()
        author_ref = db.SRefField(Author, required=False)
        author = author_ref.rel()
        editor_ref = db.RefField(Author, required=False)
        editor = editor_ref.rel(allow_none=True)
        author_refs = db.ListField(db.SRefField(Author), default_empty=True)
        authors = author_refs.rel()
        editor_refs = db.ListField(db.RefField(Author), default_empty=True)
        editors = editor_refs.rel(allow_none=True)

    return SimpleNamespace(db=db, Author=Author, Publisher=Publisher, Book=Book)


def finds(commands: CommandLog) -> int:
    return len(commands.named("find"))


# -- SRefField -----------------------------------------------------------------


def test_sref_stores_the_id_and_dereferences(m: Any, commands: CommandLog) -> None:
    mark = m.Author(name="Mark")
    mark.save()
    book = m.Book(title="Dive", author_ref=mark)
    assert book.author_ref == mark.mongo_id  # reading gives the ObjectId
    book.save()
    assert stored(book)["author_ref"] == mark.mongo_id
    again = reload(book)
    commands.clear()
    author = again.author
    assert finds(commands) == 1  # one query: Author.query.get
    assert isinstance(author, m.Author)
    assert author == mark
    assert author.name == "Mark"
    assert m.Book.query.filter(m.Book.author_ref == mark).one() == book
    assert m.Book.query.filter(m.Book.author == mark).one() == book  # via rel
    assert m.Book.query.filter(m.Book.author_ref == str(mark.mongo_id)).count() == 1


def test_sref_accepts_ids_and_refuses_other_values(m: Any) -> None:
    mark = m.Author(name="Mark")
    mark.save()
    book = m.Book(title="T")
    book.author_ref = str(mark.mongo_id)
    assert book.author_ref == mark.mongo_id
    with pytest.raises(BadValueException, match=r"Book\.author_ref.*save the"):
        book.author_ref = m.Author(name="unsaved")
    with pytest.raises(BadValueException, match=r"Book\.author_ref.*Author"):
        book.author_ref = m.Publisher(name="P")
    with pytest.raises(BadValueException, match=r"Book\.author_ref"):
        book.author_ref = "zzz"


def test_assigning_through_rel_sets_the_reference(m: Any) -> None:
    mark = m.Author(name="Mark")
    mark.save()
    book = m.Book(title="T")
    book.author = mark
    assert book.author_ref == mark.mongo_id
    book.editor = mark
    assert book.editor_ref == DBRef("Author", mark.mongo_id)
    book.save()
    again = reload(book)
    assert again.author == mark
    assert again.editor == mark
    with pytest.raises(BadValueException, match=r"Book\.author_ref"):
        book.author = m.Publisher(name="P")


def test_missing_target(m: Any) -> None:
    ghost = m.Author(name="Ghost")
    ghost.save()
    book = m.Book(title="T", author_ref=ghost, editor_ref=ghost)
    book.save()
    ghost.remove()
    again = reload(book)
    with pytest.raises(DocumentNotFound, match=r"Book\.author_ref refers to"):
        again.author  # noqa: B018
    assert again.editor is None  # rel(allow_none=True)
    nothing = m.Book(title="U")
    assert nothing.author is None  # no reference at all


# -- RefField ------------------------------------------------------------------


def test_ref_stores_a_dbref(m: Any, commands: CommandLog) -> None:
    ann = m.Author(name="Ann")
    ann.save()
    book = m.Book(title="T", editor_ref=ann)
    book.save()
    assert stored(book)["editor_ref"] == DBRef("Author", ann.mongo_id)
    again = reload(book)
    assert again.editor_ref == DBRef("Author", ann.mongo_id)  # reading gives the DBRef
    commands.clear()
    assert again.editor.name == "Ann"
    assert finds(commands) == 1
    assert m.Book.query.filter(m.Book.editor_ref == ann).one() == book
    assert m.Book.query.filter(m.Book.editor_ref == ann.to_ref()).count() == 1
    again.editor_ref = DBRef("Author", ObjectId())
    again.save()
    assert reload(book).editor is None  # missing target, allow_none


def test_ref_refuses_other_collections_and_values(m: Any) -> None:
    pub = m.Publisher(name="P")
    pub.save()
    book = m.Book(title="T")
    with pytest.raises(BadValueException, match=r"Book\.editor_ref.*Author"):
        book.editor_ref = pub
    with pytest.raises(BadValueException, match=r"reference to 'Publisher'"):
        book.editor_ref = pub.to_ref()
    with pytest.raises(BadValueException, match=r"Book\.editor_ref.*DBRef"):
        book.editor_ref = pub.mongo_id
    with pytest.raises(BadValueException, match="save the document"):
        book.editor_ref = m.Author(name="new")


def test_ref_by_class_name_with_db(m: Any) -> None:
    db = m.db

    class Review(db.Document):
        text = db.StringField()
        book_ref = db.RefField("Book", db=db.database.name)
        book = book_ref.rel()
        untyped = db.RefField(required=False)
        raw = untyped.rel()

    book = m.Book(title="Dive")
    book.save()
    review = Review(text="good", book_ref=book, untyped=book)
    review.save()
    assert stored(review)["book_ref"] == DBRef(
        "Book", book.mongo_id, database=db.database.name
    )
    again = reload(review)
    assert again.book == book
    assert again.raw == {"_id": book.mongo_id, "title": "Dive", **_empty_lists()}
    with pytest.raises(BadValueException, match=r"Review\.book_ref"):
        again.book_ref = m.Author(name="x")


def _empty_lists() -> dict[str, Any]:
    return {"author_refs": [], "editor_refs": []}


# -- lists of references -----------------------------------------------------


def test_list_of_refs_dereferences_with_one_query(m: Any, commands: CommandLog) -> None:
    a, b, c = (m.Author(name=n) for n in "abc")
    for author in (a, b, c):
        author.save()
    book = m.Book(title="T", author_refs=[c, a, c], editor_refs=[b])
    assert book.author_refs == [c, a, c]  # what was assigned
    book.save()
    assert stored(book)["author_refs"] == [c.mongo_id, a.mongo_id, c.mongo_id]
    assert stored(book)["editor_refs"] == [DBRef("Author", b.mongo_id)]
    again = reload(book)
    assert again.author_refs == [c.mongo_id, a.mongo_id, c.mongo_id]
    commands.clear()
    assert [x.name for x in again.authors] == ["c", "a", "c"]  # in list order
    assert finds(commands) == 1
    (find,) = commands.named("find")
    assert find["filter"] == {"_id": {"$in": [c.mongo_id, a.mongo_id]}}
    assert [x.name for x in again.editors] == ["b"]
    assert m.Book.query.filter(m.Book.author_refs == a).one() == book
    assert m.Book.query.filter(m.Book.authors.in_(b, c)).one() == book
    assert m.Book.query.filter(m.Book.editor_refs == b).one() == book


def test_list_of_refs_assignment_and_missing_targets(m: Any) -> None:
    a, b = m.Author(name="a"), m.Author(name="b")
    a.save()
    b.save()
    book = m.Book(title="T")
    book.authors = [b, a]
    assert book.author_refs == [b.mongo_id, a.mongo_id]
    book.editors = [a]
    assert book.editor_refs == [DBRef("Author", a.mongo_id)]
    with pytest.raises(BadValueException, match=r"Book\.author_refs.*item 0"):
        book.authors = [m.Author(name="unsaved")]
    book.save()
    b.remove()
    again = reload(book)
    with pytest.raises(DocumentNotFound, match=r"Book\.author_refs refers to"):
        again.authors  # noqa: B018
    again.editors = [b, a]
    assert again.editors == [None, a]  # allow_none: a missing target reads None
    assert m.Book(title="empty").authors == []


def test_rel_needs_a_list_of_references(m: Any) -> None:
    with pytest.raises(TypeError, match="RefField or SRefField"):
        m.db.ListField(m.db.StringField()).rel()
    with pytest.raises(TypeError, match="document class"):
        m.db.SRefField(None)
