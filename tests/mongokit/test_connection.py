"""MongoKit's Connection/Database and the database's attributes on ``db``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from bson import DBRef
from flask import Flask
from pymongo.collection import Collection as PyMongoCollection
from pymongo.errors import OperationFailure
from werkzeug.exceptions import BadRequest
from werkzeug.routing import ValidationError

import flask_mongokit
from flask_mongokit import (
    BSONObjectIdConverter,
    Collection,
    Connection,
    Database,
    Document,
    MalformedObjectId,
    MongoKit,
)
from tests.support import TestServer, found


class Post(Document):
    __collection__ = "posts"
    structure = {"title": str, "key": uuid.UUID}
    use_dot_notation = True


class Elsewhere(Document):
    __database__ = "other_db"
    __collection__ = "things"
    structure = {"n": int}


class NoCollection(Document):
    __database__ = "other_db"
    structure = {"n": int}


@pytest.fixture
def connection(mongo_server: TestServer) -> Iterator[Connection]:
    client = Connection(mongo_server.host, mongo_server.port)
    yield client
    client.close()


def test_legacy_names_are_exported() -> None:
    assert flask_mongokit.Collection is flask_mongokit.LegacyCollection
    assert flask_mongokit.Cursor is flask_mongokit.DocumentCursor
    assert flask_mongokit.DotedDict is flask_mongokit.DotDict
    assert flask_mongokit.MongoClient is Connection


def test_connection_registers_and_binds(
    connection: Connection, database_name: str
) -> None:
    assert connection.register(Post) is Post
    connection.register([Post])
    assert connection.registered_documents == [Post]
    database = connection[database_name]
    assert isinstance(database, Database)
    assert database.connection is connection
    posts = database.posts
    assert isinstance(posts, Collection)
    post = posts.Post({"title": "hi"})
    post.save()
    assert found(database.Post.find_one()).title == "hi"
    assert connection.get_database(database_name).name == database_name
    assert isinstance(database.get_collection("posts"), Collection)


def test_connection_document_needs_database_and_collection(
    connection: Connection,
) -> None:
    connection.register([Elsewhere, NoCollection])
    assert connection.Elsewhere.collection.full_name == "other_db.things"
    with pytest.raises(AttributeError, match="__collection__ attribute not found"):
        _ = connection.NoCollection
    with pytest.raises(AttributeError, match="__collection__ attribute not found"):
        _ = connection.other_db.NoCollection
    with pytest.raises(AttributeError):
        _ = connection._private


def test_connection_reads_safe_as_write_concern(mongo_server: TestServer) -> None:
    client = Connection(mongo_server.host, mongo_server.port, safe=False)
    try:
        assert client.write_concern.document == {"w": 0}
    finally:
        client.close()


def test_uuid_values_are_saved_in_the_standard_form(
    connection: Connection, database_name: str
) -> None:
    connection.register([Post])
    key = uuid.uuid4()
    post = connection[database_name].posts.Post({"title": "u", "key": key})
    post.save()
    assert found(connection[database_name].Post.find_one()).key == key


def test_collection_names_and_dereference(
    connection: Connection, database_name: str
) -> None:
    database = connection[database_name]
    database.posts.insert({"_id": 1, "title": "x"})
    assert database.collection_names() == ["posts"]
    assert database.collection_names(include_system_collections=False) == ["posts"]
    ref = DBRef("posts", 1)
    assert database.dereference(ref) == {"_id": 1, "title": "x"}
    post = database.dereference(ref, Post)
    assert isinstance(post, Post)
    assert post.title == "x"
    assert database.dereference(DBRef("posts", 2), Post) is None
    with pytest.raises(TypeError, match="takes a DBRef"):
        database.dereference(1)
    with pytest.raises(ValueError, match="points to database 'elsewhere'"):
        database.dereference(DBRef("posts", 1, database="elsewhere"))


def test_db_gives_the_database_attributes(
    mk_app: Flask, mk: MongoKit, ctx: None, database_name: str
) -> None:
    assert mk.name == database_name
    assert mk.command("ping")["ok"] == 1
    mk.create_collection("made")
    assert "made" in mk.list_collection_names()
    assert mk.collection_names() == mk.list_collection_names()
    mk.drop_collection("made")
    assert "made" not in mk.collection_names()
    # Other names are still collections.
    assert isinstance(mk.test, PyMongoCollection)
    assert mk["test"] == mk.test


def test_db_document_with_its_own_database(mk: MongoKit, ctx: None) -> None:
    mk.register([Elsewhere])
    assert mk.Elsewhere.collection.full_name == "other_db.things"


def test_connect_reads_the_keys_again(mk_app: Flask, mk: MongoKit, ctx: None) -> None:
    mk_app.config["MONGODB_DATABASE"] = "renamed"
    mk.connect()
    assert mk.name == "renamed"


def test_add_user_sends_create_user_then_update_user(
    mk: MongoKit, ctx: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[str, str, dict[str, Any]]] = []

    def command(self: Database, name: str, value: str, **fields: Any) -> None:
        sent.append((name, value, fields))
        if name == "createUser" and len(sent) > 1:
            raise OperationFailure("User already exists", 51003)
        if value == "bad":
            raise OperationFailure("not authorized", 13)

    monkeypatch.setattr(Database, "command", command)
    mk.add_user("reader", "secret", read_only=True)
    assert sent == [("createUser", "reader", {"roles": ["read"], "pwd": "secret"})]
    mk.add_user("reader", roles=["dbOwner"])
    assert sent[1:] == [
        ("createUser", "reader", {"roles": ["dbOwner"]}),
        ("updateUser", "reader", {"roles": ["dbOwner"]}),
    ]
    mk.remove_user("reader")
    assert sent[-1] == ("dropUser", "reader", {})
    sent.clear()
    with pytest.raises(OperationFailure, match="not authorized"):
        mk.add_user("bad", "x")


def test_converter_raises_bad_request_when_called_directly() -> None:
    app = Flask(__name__)
    converter = BSONObjectIdConverter(app.url_map)
    with pytest.raises(BadRequest, match="not an ObjectId"):
        converter.to_python("132")
    with pytest.raises(ValidationError):
        converter.to_python("132")
    assert issubclass(MalformedObjectId, BadRequest)
