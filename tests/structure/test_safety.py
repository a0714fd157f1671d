"""Safety rules: dict method names under dot notation, attributes kept off
nested dicts, ``remove(None)``."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from flask_mongo.structure import SchemaDocument, StructureError
from flask_mongokit import Document, MongoKit
from tests.support import found


@pytest.mark.parametrize(
    ("structure", "where"),
    [
        ({"items": [str]}, "'items'"),
        ({"keys": str}, "'keys'"),
        ({"collection": str}, "'collection'"),
        ({"save": str}, "'save'"),
        ({"meta": {"pop": int}}, "'meta.pop'"),
        ({"rows": [{"update": int}]}, "'rows.update'"),
    ],
)
def test_dot_notation_refuses_method_names(
    structure: dict[str, Any], where: str
) -> None:
    with pytest.raises(StructureError, match=f"{where} is also the name of a"):
        type("Doc", (Document,), {"structure": structure, "use_dot_notation": True})


class Plain(Document):
    __collection__ = "plain"
    structure: ClassVar[dict[Any, Any]] = {"items": [str], "collection": str}


def test_without_dot_notation_such_names_are_fields(mk: MongoKit, ctx: None) -> None:
    mk.register([Plain])
    doc = mk.Plain({"items": ["a"], "collection": "mine"})
    doc.save()
    loaded = found(mk.Plain.find_one())
    assert loaded["collection"] == "mine"
    assert loaded.collection is not None
    assert loaded.collection.name == "plain"
    assert list(loaded.items()) == [
        ("_id", loaded["_id"]),
        ("items", ["a"]),
        ("collection", "mine"),
    ]


class Nested(SchemaDocument):
    structure: ClassVar[dict[Any, Any]] = {"foo": {"bar": str}}
    use_dot_notation = True


def test_nested_attributes_stay_off_the_document() -> None:
    doc = Nested()
    doc.foo.bar = "x"
    doc.foo.tmp = 2
    assert doc == {"foo": {"bar": "x"}}
    assert doc.foo.tmp == 2
    del doc.foo.tmp
    del doc.foo.bar
    assert doc == {"foo": {}}
    with pytest.raises(AttributeError):
        del doc.foo.nothing


def test_remove_none_removes_nothing(mk: MongoKit, ctx: None) -> None:
    tasks = mk.tasks
    tasks.insert([{"n": 1}, {"n": 2}])
    with pytest.raises(ValueError, match=r"remove\(None\).*nothing was removed"):
        tasks.remove(None)
    assert tasks.count() == 2
    assert tasks.remove()["n"] == 2
