"""Polymorphic loading (core.registry.Polymorphism) and the classes
db.register() names (core.registry.ClassRegistry)."""

from __future__ import annotations

from typing import Any

import pytest

from flask_mongokit import Document, MongoKit


class Shape(Document):
    __collection__ = "shapes"
    structure = {"_type": str, "name": str}


class Circle(Shape):
    structure = {"radius": float}


class Square(Shape):
    structure = {"side": float}


class Vehicle(Document):
    """Another tree, in the same collection, with a subclass of the same
    name as one of Shape's."""

    __collection__ = "shapes"
    structure = {"_type": str, "name": str}
    use_schemaless = True


# Vehicle's "Circle", named like Shape's.
VehicleCircle = type("Circle", (Vehicle,), {})


class Kind(Document):
    """Its type field is another key."""

    __collection__ = "shapes"
    type_field = "kind"
    structure = {"kind": str, "name": str}
    use_schemaless = True


@pytest.fixture
def shapes(mk: MongoKit, ctx: None) -> MongoKit:
    mk.register([Shape, Circle, Vehicle, Kind])
    return mk


def test_each_tree_loads_its_own_subclasses(shapes: MongoKit) -> None:
    shapes["shapes"].insert_many(
        [
            {"_type": "Circle", "name": "c", "radius": 1.0},
            {"_type": "Square", "name": "s", "side": 2.0},
        ]
    )
    by_shape = {d["name"]: type(d) for d in shapes.Shape.find()}
    assert by_shape == {"c": Circle, "s": Square}
    by_vehicle = {d["name"]: type(d) for d in shapes.Vehicle.find()}
    assert by_vehicle == {"c": VehicleCircle, "s": Vehicle}


def test_a_subclass_query_never_loads_a_parent_or_sibling(shapes: MongoKit) -> None:
    shapes["shapes"].insert_many(
        [
            {"_type": "Shape", "name": "plain", "radius": None},
            {"_type": "Square", "name": "sq", "radius": None},
        ]
    )
    assert {type(d) for d in shapes.Circle.find()} == {Circle}


@pytest.mark.parametrize("stored", [None, 3, ["Circle"], {"x": 1}, "Nowhere"])
def test_an_unknown_or_odd_type_value_loads_the_queried_class(
    shapes: MongoKit, stored: Any
) -> None:
    shapes["shapes"].insert_one({"_type": stored, "name": "odd"})
    assert type(shapes.Shape.find_one({"name": "odd"})) is Shape


def test_the_type_field_can_be_another_key(shapes: MongoKit) -> None:
    class Special(Kind):
        pass

    doc = Special({"name": "k"}, collection=shapes["shapes"])
    assert doc["kind"] == "Special"
    doc.save()
    assert type(shapes.Kind.find_one({"name": "k"})) is Special


def test_register_names_each_class_by_its_name(mk: MongoKit, ctx: None) -> None:
    @mk.register
    class Note(Document):
        __collection__ = "notes"
        structure = {"text": str}

    assert mk.Note.document_class is Note
    assert mk["anything"].Note.document_class is Note
    with pytest.raises(TypeError, match="register it first"):
        mk.Unregistered()

    class Note2(Document):  # a later class of the same name replaces it
        __collection__ = "notes2"
        structure = {"text": str}

    Note2.__name__ = "Note"
    mk.register([Note2])
    assert mk.Note.document_class is Note2  # type: ignore[comparison-overlap]
    assert mk.registered_documents == [Note, Note2]
