# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""``db.session``: MongoAlchemy's ``Session`` (flask_mongoalchemy.session)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, current_app
from pymongo.client_session import ClientSession
from pymongo.database import Database

from flask_mongo.odm.results import QueryResult
from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.document import Index
from flask_mongoalchemy.exceptions import (
    InvalidUpdateException,
    SessionCacheException,
    TransactionException,
)
from flask_mongoalchemy.fields import IntField, StringField
from flask_mongoalchemy.session import Session
from tests.support import AppFactory, TestServer


@pytest.fixture
def app(make_app: AppFactory) -> Flask:
    return make_app("MONGOALCHEMY")


@pytest.fixture
def db(app: Flask) -> Iterator[MongoAlchemy]:
    ext = MongoAlchemy(app)
    with app.app_context():
        yield ext
    ext.close(app)


def _book(db: MongoAlchemy) -> Any:
    class Book(Document, mongo=db):
        title = db.StringField()
        pages = db.IntField(required=False)
        tags = db.ListField(db.StringField(), required=False)

    return Book


def _session(db: MongoAlchemy) -> Session:
    session = db.session
    assert session is not None
    return session


def test_db_session_is_a_legacy_session_per_app_context(
    app: Flask, db: MongoAlchemy
) -> None:
    session = _session(db)
    assert isinstance(session, Session)
    assert db.session is session
    assert session.db.name == db.database.name
    assert isinstance(session.client_session, ClientSession)
    assert repr(session).startswith("<Session")
    with app.app_context():
        assert db.session is not session


def test_session_outside_an_app_context(app: Flask, make_app: AppFactory) -> None:
    ext = MongoAlchemy()
    assert ext.session is None  # no app yet
    ext.init_app(app)
    session = ext.session
    assert isinstance(session, Session)
    assert ext.session is session
    client_session = session.client_session
    assert session.client_session is client_session
    session.end()  # ends the PyMongo session it started
    assert client_session.has_ended
    assert not session.client_session.has_ended
    session.end()
    ext.close(app)


def test_save_query_update_remove(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    book = Book(title="Dune", pages=400)
    session.save(book)
    session.insert(Book(title="Emma", pages=300), safe=True)
    assert session.query(Book).count() == 2
    book.pages = 412
    session.update(book)
    assert Book.query.filter(Book.title == "Dune").one().pages == 412
    book.pages = 10
    session.update(book, update_ops={Book.pages: "$inc"})
    assert session.refresh(book).pages == 422
    session.remove(book)
    assert [b.title for b in session.query(Book)] == ["Emma"]


def test_update_with_id_expression_and_upsert(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    session.save(Book(title="Dune", tags=["a"]))
    partial = session.query(Book).fields(Book.title).one()
    partial.tags = ["b"]
    session.update(partial, id_expression=Book.title == "Dune", tags="$pushAll")
    assert Book.query.one().tags == ["a", "b"]
    new = Book(title="Emma", pages=1)
    session.update(new, id_expression=Book.title == "Emma", upsert=True)
    assert Book.query.filter(Book.title == "Emma").one().pages == 1
    unchanged = Book.query.filter(Book.title == "Emma").one()
    assert session.update(unchanged, upsert=True) is None  # nothing to write
    with pytest.raises(InvalidUpdateException):
        session.update(Book(title="x"), upsert=True)


class Boom(Exception):
    pass


def _failing_block(session: Session, write: Any) -> None:
    with session:
        write()
        raise Boom


def test_with_session_queues_writes_until_the_outermost_block(
    db: MongoAlchemy,
) -> None:
    Book = _book(db)
    session = _session(db)
    with session:
        session.add(Book(title="a"))
        with session:
            session.add(Book(title="b"))
            assert session.in_transaction
            assert not session.autoflush
        assert Book.query.count() == 0
    assert Book.query.count() == 2
    with session:
        session.add(Book(title="c"))
        with pytest.raises(Boom):
            _failing_block(session, lambda: session.add(Book(title="d")))
        assert len(session.queue) == 1
    assert Book.query.count() == 3
    with pytest.raises(Boom):
        _failing_block(session, lambda: session.clear_collection(Book))
    assert session.queue == []
    assert Book.query.count() == 3
    session.clear_collection(Book)
    assert Book.query.count() == 0


def test_a_failed_flush_drops_the_queue(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    with pytest.raises(Exception), session:  # noqa: B017, PT011
        session.add(Book())  # title is required: the flush raises
    assert session.queue == []
    session.clear_queue()
    session.clear_queue(trans_id=session.transaction_id)


def test_end_and_find_and_modify_refuse_a_block(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    with session:
        with pytest.raises(TransactionException):
            session.end()
        with pytest.raises(TransactionException):
            session.execute_find_and_modify(Book.query.find_and_modify())
    session.save(Book(title="a", pages=1))
    found = session.execute_find_and_modify(
        Book.query.find_and_modify().inc(Book.pages, 1)
    )
    assert found.pages == 1
    assert Book.query.one().pages == 2


def test_identity_map(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    session.cache_size = 2
    book = Book(title="a")
    session.save(book)
    assert session.query(Book).one() is book
    assert session.query(Book)[0] is book
    assert next(iter(session.query(Book))) is book
    fresh = session.refresh(book)
    assert fresh is not book
    assert session.query(Book).one() is fresh
    assert Book.query.one() is not fresh  # Book.query has no identity map
    for title in "bcd":
        session.save(Book(title=title))
    assert len(session.cache) == 2
    session.add_to_session(book)
    assert session.cache_read(book.mongo_id) is book
    session.add_to_session(Book(title="unsaved"))
    with pytest.raises(SessionCacheException):
        session.cache_write(book, mongo_id="not-an-objectid")
    session.clear_cache()
    assert session.cache == {}
    session.cache_size = None  # unbounded
    session.save(Book(title="e"))
    assert len(session.cache) == 1
    session.cache_size = 0
    assert session.cache_read(book.mongo_id) is None


def test_clone_gives_a_new_document(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    book = Book(title="a", pages=3)
    session.save(book)
    copy = session.clone(book)
    session.save(copy)
    assert copy.mongo_id != book.mongo_id
    assert Book.query.count() == 2
    assert copy.pages == 3


def test_exclude_subclasses_matches_only_the_class_own_identity(
    db: MongoAlchemy,
) -> None:
    class Shape(Document, mongo=db):
        config_polymorphic = "kind"
        config_polymorphic_collection = True
        config_polymorphic_identity = "shape"
        kind = db.StringField(default="shape")
        n = db.IntField()

    class Circle(Shape):
        config_polymorphic_identity = "circle"
        kind = db.StringField(default="circle")

    session = _session(db)
    session.save(Shape(n=1))
    session.save(Circle(n=2))
    assert {s.n for s in session.query(Shape)} == {1, 2}
    only = session.query(Shape, exclude_subclasses=True)
    assert only.query == {"kind": "shape"}
    assert [type(s) for s in only] == [Shape]
    assert session.query(Circle, exclude_subclasses=True).query == {"kind": "circle"}

    class Plain(Document, mongo=db):
        config_polymorphic = "kind"
        kind = db.StringField(required=False)

    assert session.query(Plain, exclude_subclasses=True).query == {}
    assert session.query(_book(db), exclude_subclasses=True).query == {}


def test_indexes(db: MongoAlchemy) -> None:
    class Indexed(Document, mongo=db):
        i = db.IntField()
        by_i = db.Index().ascending("i").unique()

    session = _session(db)
    session.auto_ensure_indexes(Indexed)
    assert any(k != "_id_" for k in session.get_indexes(Indexed))
    session.auto_ensure = False
    session.auto_ensure_indexes(Indexed)


def test_query_results(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    for title in "abc":
        session.save(Book(title=title))
    result = session.execute_query(session.query(Book).ascending(Book.title).limit(2))
    assert isinstance(result, QueryResult)
    assert iter(result) is result
    assert result.next().title == "a"
    assert [b.title for b in result.clone()] == ["a", "b"]
    assert next(result).title == "b"
    assert [b.title for b in result.rewind()] == ["a", "b"]
    assert result.count() == 3
    assert result.count(True) == 2
    result.close()
    raw = iter(Book.query.raw_output())
    assert isinstance(next(raw), dict)


def test_transaction_runs_in_the_legacy_sessions_client_session(
    db: MongoAlchemy,
) -> None:
    Book = _book(db)
    with db.transaction() as client_session:
        assert client_session is _session(db).client_session
        Book(title="a").save()
    assert Book.query.count() == 1
    assert db.transaction(lambda s: s is _session(db).client_session)


def test_transaction_outside_an_app_context(app: Flask) -> None:
    ext = MongoAlchemy(app)
    with ext.transaction() as client_session:
        assert client_session is ext.session.client_session  # type: ignore[union-attr]
    ext.close(app)
    with pytest.raises(RuntimeError):
        MongoAlchemy().transaction()


def test_connect_outside_flask(mongo_server: TestServer, database_name: str) -> None:
    class Note(Document):
        text = StringField()

    first = Session.connect(
        database_name,
        host=mongo_server.host,
        port=mongo_server.port,
        safe=True,
        timezone="UTC",
        serverSelectionTimeoutMS=5000,
    )
    # Held here: only the pushed context refers to the app connect() made.
    first_app = current_app._get_current_object()  # type: ignore[attr-defined]
    assert first.safe
    assert first.tz_aware
    first.save(Note(text="hi"))
    assert first.query(Note).one().text == "hi"
    second = Session.connect(
        database_name, None, 0, True, "rs0", mongo_server.host, mongo_server.port
    )
    assert second.db.name == database_name
    assert Session._connected is not None
    Session._connected[1].pop()
    Session._connected = None
    first.mongo.close(first_app)


def test_update_of_an_unsaved_document_is_refused(db: MongoAlchemy) -> None:
    with pytest.raises(InvalidUpdateException):
        _session(db).update(_book(db)(title="x"))


def test_remove_query(db: MongoAlchemy) -> None:
    Book = _book(db)
    session = _session(db)
    for i in range(8):
        session.save(Book(title=str(i), pages=i))
    removal = session.remove_query(Book).filter(Book.pages > 5)
    assert removal.query == {"pages": {"$gt": 5}}
    assert removal.set_safe(True).execute() == {"ok": 1, "n": 2}
    session.remove_query(Book).or_(Book.pages == 0, Book.pages == 1).execute()
    session.remove_query(Book).in_(Book.pages, 2).execute()
    session.remove_query(Book).nin(Book.pages, 3, 4).execute()
    with session:
        session.remove_query(Book).filter_by(pages=3).execute()
        assert Book.query.count() == 2
    assert [b.pages for b in Book.query] == [4]
    assert session.remove_query(Book).set_safe(False).execute()["n"] is None


def test_connect_without_auto_ensure_creates_indexes_only_when_asked(
    mongo_server: TestServer, database_name: str
) -> None:
    class Unique(Document):
        i = IntField()
        by_i = Index().ascending("i").unique()

    session = Session.connect(
        database_name,
        auto_ensure=False,
        host=mongo_server.host,
        port=mongo_server.port,
        serverSelectionTimeoutMS=5000,
    )
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        session.save(Unique(i=1))
        assert list(session.get_indexes(Unique)) == ["_id_"]
        session.ensure_indexes(Unique)
        assert sorted(session.get_indexes(Unique)) == ["_id_", "i_1"]
    finally:
        assert Session._connected is not None
        Session._connected[1].pop()
        Session._connected = None
        session.mongo.close(app)


def test_two_instances_on_one_app_are_decoupled(
    make_app: AppFactory, raw_db: Database[dict[str, Any]]
) -> None:
    """Flask-MongoAlchemy apps could make two instances on one app's keys:
    each has its own Document base and session, both on the app's database."""
    app = make_app("MONGOALCHEMY")
    first, second = MongoAlchemy(app), MongoAlchemy(app)
    assert first.Document is not second.Document

    class Note(Document, mongo=first):
        text = first.StringField()

    class Tag(Document, mongo=second):
        name = second.StringField()

    with app.app_context():
        assert first.session is not second.session
        Note(text="n").save()
        Tag(name="t").save()
        assert Tag.query.one().name == "t"
    assert [d["text"] for d in raw_db.Note.find()] == ["n"]
    assert [d["name"] for d in raw_db.Tag.find()] == ["t"]
    first.close(app)
    second.close(app)
