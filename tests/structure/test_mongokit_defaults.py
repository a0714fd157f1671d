"""MongoKit's defaults with callables in lists, properties read through a
bound class, GridFS's errors and listing."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from gridfs.errors import NoFile

from flask_mongo.structure import (
    NotATypeError,
    StructureError,
    UndeclaredPathError,
    VersionedDocument,
)
from flask_mongo.structure.gridfs import MissingFile, UnsavedDocumentError
from flask_mongokit import Document, MongoKit


def answer() -> int:
    return 42


class Listed(Document):
    __collection__ = "listed"
    structure: ClassVar[dict[Any, Any]] = {"foo": [int]}
    default_values: ClassVar[dict[str, Any]] = {"foo": [answer, 3]}


def test_callables_in_a_list_default_are_called() -> None:
    first, second = Listed(), Listed()
    assert first["foo"] == [42, 3]
    first["foo"].append(1)
    assert second["foo"] == [42, 3]
    first.validate()


class Page(VersionedDocument):
    __collection__ = "pages"
    structure: ClassVar[dict[Any, Any]] = {"title": str}


def test_property_through_the_bound_class(mk: MongoKit, ctx: None) -> None:
    mk.register([Page])
    assert mk.Page.versioning_collection.name == "versioned_pages"
    page = mk.Page({"title": "a"})
    page.save()
    assert mk.Page.versioning_collection.find().count() == 1


class Attached(Document):
    __collection__ = "attached"
    structure: ClassVar[dict[Any, Any]] = {"title": str}
    gridfs: ClassVar[dict[str, list[str]]] = {"files": ["a"], "containers": ["box"]}


def test_gridfs_errors_and_listing(mk: MongoKit, ctx: None) -> None:
    mk.register([Attached])
    doc = mk.Attached({"title": "x"})
    with pytest.raises(UnsavedDocumentError, match="save this Attached") as raised:
        doc.fs.a = b"1"
    assert isinstance(raised.value, RuntimeError)
    doc.save()
    with pytest.raises(NoFile):
        _ = doc.fs.a
    with pytest.raises(MissingFile, match=r"'b\.txt'") as missing:
        _ = doc.fs.box["b.txt"]
    assert isinstance(missing.value, KeyError)
    doc.fs.a = b"1"
    doc.fs.box["b.txt"] = b"2"
    assert [f.name for f in doc.fs] == ["a", "b.txt"]
    assert doc.fs.list() == ["a"]


class Nested(Document):
    structure: ClassVar[dict[Any, Any]] = {
        "foo": str,
        "bar": {"bla": int, "x": {"y": str}},
    }
    default_values: ClassVar[dict[str, Any]] = {"bar.bla": 1}


def test_the_passed_dict_is_left_alone() -> None:
    given: dict[str, Any] = {"foo": "arf", "bar": {"x": {}}}
    doc = Nested(given)
    assert given == {"foo": "arf", "bar": {"x": {}}}
    assert doc == {"foo": "arf", "bar": {"bla": 1, "x": {"y": None}}}


def test_declaration_errors_are_also_builtin_errors() -> None:
    with pytest.raises(UndeclaredPathError, match=r"'foo\.bla' is not in"):
        type(
            "Bad",
            (Document,),
            {"structure": {"foo": {"bar": int}}, "validators": {"foo.bla": str}},
        )
    assert issubclass(UndeclaredPathError, ValueError)
    with pytest.raises(TypeError, match=r"^Bad: 5 cannot be .* when: 5 is not a type$"):
        type("Bad", (Document,), {"structure": {"when": 5}})
    assert issubclass(NotATypeError, StructureError)
