"""Document classes in a structure: references with ``use_autorefs``,
embedded documents without."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from bson import DBRef

from flask_mongo.structure import AutoReferenceError, RequireFieldError, SchemaTypeError
from flask_mongo.structure.autorefs import AutoRef, EmbeddedDocument
from flask_mongokit import Document, MongoKit
from tests.support import found


class Author(Document):
    __collection__ = "authors"
    structure: ClassVar[dict[Any, Any]] = {"name": str}
    required_fields: ClassVar[list[str]] = ["name"]


class Post(Document):
    __collection__ = "posts"
    use_autorefs = True
    structure: ClassVar[dict[Any, Any]] = {
        "title": str,
        "meta": {"author": Author},
        "reviewers": [Author],
    }


class CurrentDbPost(Document):
    __collection__ = "posts"
    use_autorefs = True
    force_autorefs_current_db = True
    structure: ClassVar[dict[Any, Any]] = {"author": Author}


class Card(Document):
    __collection__ = "cards"
    structure: ClassVar[dict[Any, Any]] = {"owner": Author}


@pytest.fixture
def author(mk: MongoKit, ctx: None) -> Author:
    mk.register([Author, Post, CurrentDbPost, Card])
    author: Author = mk.Author({"name": "Ann"})
    author.save()
    return author


def test_references_are_stored_as_dbrefs_and_loaded_back(
    mk: MongoKit, author: Author
) -> None:
    post = mk.Post({"title": "t"})
    assert post == {"title": "t", "meta": {"author": None}, "reviewers": []}
    post["meta"]["author"] = author
    post["reviewers"].append(author)
    post.save()
    raw = found(mk.posts.find_one())
    ref = DBRef("authors", author["_id"], database=mk.name)
    assert raw["meta"]["author"] == ref
    assert raw["reviewers"] == [ref]
    loaded = found(mk.Post.find_one())
    assert isinstance(loaded["meta"]["author"], Author)
    assert loaded["meta"]["author"] == {"_id": author["_id"], "name": "Ann"}
    assert loaded["reviewers"][0].collection.name == "authors"
    assert post["meta"]["author"] is author  # the document itself is kept


def test_saving_saves_the_referenced_documents(mk: MongoKit, author: Author) -> None:
    post = mk.Post({"title": "t", "meta": {"author": author}})
    post.save()
    author["name"] = "Bea"
    post.save()
    assert found(mk.Author.find_one())["name"] == "Bea"


def test_references_are_validated(mk: MongoKit, author: Author) -> None:
    post = mk.Post({"title": "t", "meta": {"author": 4}})
    with pytest.raises(SchemaTypeError, match=r"meta\.author must be an instance of"):
        post.validate()
    author["name"] = None
    post["meta"]["author"] = author
    with pytest.raises(RequireFieldError, match="name is required"):
        post.validate()


def test_unsaved_or_vanished_references_are_refused(
    mk: MongoKit, author: Author
) -> None:
    unsaved = mk.Author({"name": "New"})
    post = mk.Post({"title": "t", "meta": {"author": unsaved}})
    with pytest.raises(AutoReferenceError, match="never saved: save it first"):
        post.save()
    mk.authors.remove({"_id": author["_id"]})
    post["meta"]["author"] = author
    with pytest.raises(AutoReferenceError, match="no longer stored"):
        post.save()
    assert mk.posts.count() == 0


def test_loading_a_dangling_reference_says_which(mk: MongoKit, author: Author) -> None:
    mk.posts.insert({"title": "t", "meta": {"author": DBRef("authors", "x", mk.name)}})
    with pytest.raises(AutoReferenceError, match="'x' is not in"):
        mk.Post.find_one()


def test_dbref_without_database(mk: MongoKit, author: Author) -> None:
    mk.posts.insert({"author": DBRef("authors", author["_id"])})
    assert found(mk.CurrentDbPost.find_one())["author"] == author
    mk.posts.remove({})
    mk.posts.insert({"title": "t", "meta": {"author": DBRef("authors", "x")}})
    with pytest.raises(AutoReferenceError, match="force_autorefs_current_db"):
        mk.Post.find_one()


def test_reload_loads_references(mk: MongoKit, author: Author) -> None:
    post = mk.Post({"title": "t", "meta": {"author": author}})
    post.save()
    post.reload()
    assert isinstance(post["meta"]["author"], Author)


def test_without_autorefs_the_class_is_an_embedded_document(
    mk: MongoKit, author: Author
) -> None:
    card = mk.Card()
    assert card == {"owner": None}
    card["owner"] = Author({"name": "Cy"})
    card.save()
    assert found(mk.cards.find_one())["owner"] == {"name": "Cy"}
    loaded = found(mk.Card.find_one())
    assert isinstance(loaded["owner"], Author)
    loaded["owner"]["name"] = None
    with pytest.raises(RequireFieldError, match="name is required"):
        loaded.validate()


def test_wrappers_repr_and_unloaded_dbref() -> None:
    spec = Post._schema.structure["meta"]["author"]
    assert isinstance(spec, AutoRef)
    assert repr(spec) == "AutoRef(Author)"
    assert repr(Card._schema.structure["owner"]) == "EmbeddedDocument(Author)"
    assert isinstance(Card._schema.structure["owner"], EmbeddedDocument)
    ref = DBRef("authors", 1)
    assert spec.to_python(ref) is ref  # outside a load: left as it is
    assert spec.to_bson(ref) is ref
    spec.validate(ref, "meta.author")
    assert Post.structure["meta"]["author"] is Author  # the declaration is kept
