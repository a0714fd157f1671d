"""MongoKit spellings: $where counts, index pairs, reload's errors, the
bound class's database and client."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from pymongo.errors import OperationFailure

from flask_mongo.errors import DocumentNotFound
from flask_mongo.structure import (
    INDEX_DESCENDING,
    NotBoundError,
    NotSavedError,
    NotStoredError,
    SchemaDocumentError,
)
from flask_mongokit import ConnectionError as MongoKitConnectionError
from flask_mongokit import Document, MongoKit


class Movie(Document):
    __collection__ = "movies"
    structure: ClassVar[dict[Any, Any]] = {"title": str, "rank": int}
    indexes: ClassVar[list[dict[str, Any]]] = [
        {"fields": ("title", INDEX_DESCENDING), "unique": True, "dropDups": True},
    ]


def test_where_clause_is_counted(mk: MongoKit, ctx: None) -> None:
    mk.register([Movie])
    for rank in range(5):
        mk.movies.insert({"title": str(rank), "rank": rank})
    cursor = mk.Movie.find().where("this.rank > 2")
    assert cursor.count() == 2
    assert len(list(cursor)) == 2
    both = mk.Movie.find({"rank": {"$lt": 4}}).where("this.rank > 2")
    assert both.count() == 1


def test_index_pair_and_generate_index_on_a_collection(mk: MongoKit, ctx: None) -> None:
    mk.register([Movie])
    other = mk["other_movies"]
    assert mk.Movie.generate_index(other) == ["title_-1"]
    info = other.index_information()["title_-1"]
    assert info["key"] == [("title", -1)]
    assert info["unique"] is True
    assert "dropDups" not in info


def test_bound_class_database_and_client(mk: MongoKit, ctx: None) -> None:
    mk.register([Movie])
    assert mk.Movie.db.name == mk.name
    assert mk.Movie.connection is mk.Movie.collection.database.client


def test_reload_errors(mk: MongoKit, ctx: None) -> None:
    mk.register([Movie])
    movie = mk.Movie()
    with pytest.raises(NotSavedError, match="it has no _id"):
        movie.reload()
    assert issubclass(NotSavedError, KeyError)
    movie["_id"] = 3
    with pytest.raises(NotStoredError, match="no document with _id 3") as raised:
        movie.reload()
    assert isinstance(raised.value, OperationFailure)
    assert isinstance(raised.value, DocumentNotFound)


def test_unbound_document_raises_not_bound() -> None:
    with pytest.raises(MongoKitConnectionError, match="not bound to a collection"):
        Movie({"title": "x"}).save()
    assert MongoKitConnectionError is NotBoundError
    assert issubclass(NotBoundError, SchemaDocumentError)
