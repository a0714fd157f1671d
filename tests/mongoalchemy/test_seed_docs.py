"""The Flask-MongoAlchemy documentation, run as written.

Every example of the legacy docs, with one change: ``flask.ext.mongoalchemy``
is now ``flask_mongoalchemy``. The docs rely on a MongoDB on
localhost:27017; here ``MONGOALCHEMY_SERVER``/``MONGOALCHEMY_PORT`` point at
the test server and ``MONGOALCHEMY_DATABASE`` names the test's database
(the docs use ``'library'``). Where the docs themselves are wrong, the test
shows what happens and then runs the evident intent.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from bson import ObjectId
from flask import Flask
from werkzeug.exceptions import NotFound

from flask_mongo import ConfigWarning
from flask_mongo.odm import StringField
from flask_mongoalchemy import (
    BaseQuery,
    Document,
    ExtraValueException,
    ImproperlyConfiguredError,
    MongoAlchemy,
    Pagination,
)
from tests.support import TestServer


def server_keys(server: TestServer, database: str, prefix: str = "MONGOALCHEMY") -> Any:
    return {
        f"{prefix}_DATABASE": database,
        f"{prefix}_SERVER": server.host,
        f"{prefix}_PORT": server.port,
    }


@pytest.fixture
def application(mongo_server: TestServer, database_name: str) -> Iterator[Any]:
    """The docs' ``application.py``."""
    app = Flask(__name__)
    app.config["MONGOALCHEMY_DATABASE"] = "library"
    app.config.update(server_keys(mongo_server, database_name))
    db = MongoAlchemy(app)

    class Author(db.Document):
        name = db.StringField()

    class Book(db.Document):
        title = db.StringField()
        author = db.DocumentField(Author)
        year = db.IntField()

    # The docs' interactive session runs where an app context exists, as in
    # `flask shell`; documents need one to find their app's database.
    with app.app_context():
        yield SimpleNamespace(app=app, db=db, Author=Author, Book=Book)
    db.close(app)


def test_the_complete_example(application: Any) -> None:
    Author, Book = application.Author, application.Book
    stored = application.db.database

    # >>> from application import Author, Book
    mark_pilgrim = Author(name="Mark Pilgrim")
    dive = Book(title="Dive Into Python", author=mark_pilgrim, year=2004)

    # And save them:
    mark_pilgrim.save()
    dive.save()
    assert stored["Author"].find_one() == {
        "_id": mark_pilgrim.mongo_id,
        "name": "Mark Pilgrim",
    }
    book = stored["Book"].find_one()
    assert book is not None
    assert (book["title"], book["author"]["name"], book["year"]) == (
        "Dive Into Python",
        "Mark Pilgrim",
        2004,
    )

    # If you make any changes on a document, you may call save() again:
    mark_pilgrim.name = "Mark Stalone"
    mark_pilgrim.save()
    assert stored["Author"].find_one({}, {"_id": 0}) == {"name": "Mark Stalone"}

    # And you can remove a document from the database by calling remove():
    dive.remove()
    assert stored["Book"].count_documents({}) == 0

    # >>> mark = Author.query.get('76726')
    # '76726' is not an ObjectId, so no document can have it: get() says
    # None (as it does for a valid id that is not there).
    assert Author.query.get("76726") is None
    assert Author.query.get(ObjectId()) is None
    # With a real id (a str, as in the docs, or an ObjectId) the rest runs.
    mark = Author.query.get(str(mark_pilgrim.mongo_id))
    assert mark is not None
    assert mark == mark_pilgrim
    assert mark.name == "Mark Stalone"
    mark.name = "Mark Pilgrim"
    mark.save()
    assert Author.query.get(mark_pilgrim.mongo_id).name == "Mark Pilgrim"

    # You also can use the filter method instead of the get() method:
    mark = Author.query.filter(Author.name == "Mark Pilgrim").first()
    mark.name = "Steve Jobs"
    mark.save()
    assert [a.name for a in Author.query.all()] == ["Steve Jobs"]
    assert Author.query.filter(Author.name == "Mark Pilgrim").first() is None


def test_customized_query_class(application: Any) -> None:
    db = application.db

    class MyCustomizedQuery(BaseQuery):  # type: ignore[type-arg]  # as the docs
        def get_johns(self) -> Any:
            return self.filter(self.type.first_name == "John")

    class Person(db.Document):
        query_class = MyCustomizedQuery
        name = db.StringField()

    assert isinstance(Person.query, MyCustomizedQuery)
    # As written, the docs' Person has no first_name field for get_johns().
    with pytest.raises(AttributeError, match="first_name"):
        Person.query.get_johns()

    class NamedPerson(db.Document):
        query_class = MyCustomizedQuery
        first_name = db.StringField()

    NamedPerson(first_name="Paul").save()
    NamedPerson(first_name="John").save()
    # >>> johns = Person.query.get_johns().first()
    johns = NamedPerson.query.get_johns().first()
    assert johns is not None
    assert johns.first_name == "John"
    assert NamedPerson.query.get_johns().count() == 1


def test_query_init_calling_super(application: Any) -> None:
    db = application.db
    made: list[Any] = []

    class MyQuery(BaseQuery):  # type: ignore[type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super(MyQuery, self).__init__(*args, **kwargs)  # noqa: UP008 (the docs' spelling)
            made.append(self)

    class Person(db.Document):
        query_class = MyQuery
        name = db.StringField()

    Person(name="Ada").save()
    # A fresh query instance per access, made by Flask-MongoAlchemy.
    assert Person.query.filter(Person.name == "Ada").one().name == "Ada"
    assert len(made) == 1
    assert made[0].type is Person
    assert Person.query is not Person.query


def test_query_class_is_base_query_by_default(application: Any) -> None:
    assert Document.query_class is BaseQuery
    assert application.Author.query_class is BaseQuery
    assert type(application.Author.query) is BaseQuery


def test_query_api(application: Any) -> None:
    Author = application.Author
    for name in ("Ada", "Brian", "Carl"):
        Author(name=name).save()

    # get_or_404 / first_or_404: a 404 instead of None.
    with pytest.raises(NotFound):
        Author.query.get_or_404("76726")
    with pytest.raises(NotFound):
        Author.query.filter(Author.name == "Nobody").first_or_404()
    ada = Author.query.filter(Author.name == "Ada").first_or_404()
    assert Author.query.get_or_404(ada.mongo_id) == ada

    # paginate(page, per_page=20, error_out=True) and the legacy Pagination.
    page = Author.query.ascending(Author.name).paginate(1, per_page=2)
    assert isinstance(page, Pagination)
    assert [a.name for a in page.items] == ["Ada", "Brian"]
    assert (page.page, page.per_page, page.total, page.pages) == (1, 2, 3, 2)
    assert page.has_next() is True
    assert page.has_prev() is False
    assert page.next_num == 2
    last = page.next()
    assert [a.name for a in last.items] == ["Carl"]
    assert last.has_next() is False
    assert [a.name for a in last.prev().items] == ["Ada", "Brian"]
    with pytest.raises(NotFound):
        Author.query.paginate(3, per_page=2)
    assert Author.query.paginate(3, per_page=2, error_out=False).items == []


def test_init_app_later(mongo_server: TestServer, database_name: str) -> None:
    # The docs' factory style: db = MongoAlchemy(); ... init_app(app, ...).
    db = MongoAlchemy()

    def create_app() -> Flask:
        app = Flask(__name__)
        app.config.update(server_keys(mongo_server, database_name))
        db.init_app(app, config_prefix="MONGOALCHEMY")
        return app

    class Author(db.Document):
        name = db.StringField()

    app = create_app()
    with app.app_context():
        Author(name="Mark Pilgrim").save()
        assert Author.query.one().name == "Mark Pilgrim"
    db.close(app)


def test_two_instances_with_config_prefix(
    mongo_server: TestServer, database_name: str
) -> None:
    other_name = database_name + "_other"
    app = Flask(__name__)
    app.config.update(server_keys(mongo_server, database_name))

    # defaulting to MONGOENGINE prefix [sic: MONGOALCHEMY]
    mongo1 = MongoAlchemy(app)

    # using another database config
    app.config["OTHER_DBNAME"] = "other"
    # As written, the docs set OTHER_DBNAME; the key is OTHER_DATABASE.
    with (
        pytest.warns(ConfigWarning, match="OTHER_DBNAME"),
        pytest.raises(ImproperlyConfiguredError, match="OTHER_DATABASE"),
    ):
        MongoAlchemy(app, config_prefix="OTHER")
    del app.config["OTHER_DBNAME"]
    app.config.update(server_keys(mongo_server, other_name, prefix="OTHER"))
    mongo2 = MongoAlchemy(app, config_prefix="OTHER")

    class Author(mongo1.Document):
        name = mongo1.StringField()

    class Archived(mongo2.Document):
        config_collection_name = "Author"
        name = mongo2.StringField()

    try:
        with app.app_context():
            Author(name="in library").save()
            Archived(name="in other").save()
            assert mongo1.database.name == database_name
            assert mongo2.database.name == other_name
            assert [a.name for a in Author.query] == ["in library"]
            assert [a.name for a in Archived.query] == ["in other"]
            assert mongo2.database["Author"].count_documents({}) == 1
    finally:
        mongo1.close(app)
        mongo2.close(app)
        client = mongo_server.client()
        client.drop_database(other_name)
        client.close()


def test_server_auth_false(mongo_server: TestServer, database_name: str) -> None:
    app = Flask(__name__)
    app.config.update(server_keys(mongo_server, database_name))
    app.config["MONGOALCHEMY_SERVER_AUTH"] = False
    db = MongoAlchemy(app)
    # Without credentials it changes nothing; with them the driver
    # authenticates against MONGOALCHEMY_DATABASE (see the config tests).
    assert db.get_state(app).settings.auth_source is None

    class Author(db.Document):
        name = db.StringField()

    with app.app_context():
        Author(name="Mark Pilgrim").save()
        assert Author.query.count() == 1
    db.close(app)


def test_the_api_names(application: Any) -> None:
    db = application.db
    # class flask.ext.mongoalchemy.Document(retrieved_fields=None,
    #                                       loading_from_db=False, **kwargs)
    # The two loading keywords are refused (a request body could set them,
    # see the README's differences); unwrap() is the loading path.
    author = application.Author(name="Mark Pilgrim")
    author.save()
    with pytest.raises(
        ExtraValueException, match=r"loading_from_db=\.\.\.\) is refused"
    ):
        application.Author(loading_from_db=True, _id=author.mongo_id, name="x")
    loaded = application.Author.unwrap(
        {"_id": author.mongo_id, "name": "Mark Pilgrim"}, fields=["name"]
    )
    assert loaded == author
    assert loaded.name == "Mark Pilgrim"
    assert issubclass(db.Document, Document)
    assert db.ObjectId is ObjectId
    assert repr(db) == "<MongoAlchemy config_prefix='MONGOALCHEMY'>"


def test_unbound_document_uses_the_apps_only_extension(
    mongo_server: TestServer, database_name: str
) -> None:
    # flask_mongoalchemy.Document, not db.Document: the typed spelling.
    class Author(Document):
        name: StringField = MongoAlchemy.StringField()

    app = Flask(__name__)
    app.config.update(server_keys(mongo_server, database_name))
    db = MongoAlchemy(app)
    with app.app_context():
        Author(name="Mark Pilgrim").save()
        assert db.database["Author"].find_one({}, {"_id": 0}) == {
            "name": "Mark Pilgrim"
        }
        assert Author.query.one().name == "Mark Pilgrim"
    db.close(app)


def test_the_example_runs_outside_an_app_context(
    mongo_server: TestServer, database_name: str
) -> None:
    # As in a plain `python` shell importing the docs' application.py.
    app = Flask(__name__)
    app.config["MONGOALCHEMY_DATABASE"] = "library"
    app.config.update(server_keys(mongo_server, database_name))
    db = MongoAlchemy(app)

    class Author(db.Document):
        name = db.StringField()

    mark_pilgrim = Author(name="Mark Pilgrim")
    mark_pilgrim.save()
    mark = Author.query.filter(Author.name == "Mark Pilgrim").first()
    assert mark is not None
    mark.name = "Steve Jobs"
    mark.save()
    assert Author.query.get(mark.mongo_id).name == "Steve Jobs"

    # With two apps, the extension cannot guess: a context says which.
    other = Flask("other")
    other.config.update(server_keys(mongo_server, database_name + "_other"))
    db.init_app(other)
    with pytest.raises(RuntimeError, match="app_context"):
        Author.query.count()
    with app.app_context():
        assert Author.query.count() == 1
    db.close(app)
    db.close(other)
