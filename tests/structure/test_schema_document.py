"""SchemaDocument: MongoKit's dict with a declared structure and no
database; Document is one that is stored in a collection."""

from __future__ import annotations

import copy

import pytest

from flask_mongokit import (
    Document,
    RequireFieldError,
    SchemaDocument,
    SchemaTypeError,
    ValidationError,
)


class Address(SchemaDocument):
    structure = {"street": str, "city": str, "zip": str}
    required_fields = ["city"]
    default_values = {"zip": "00000"}
    use_dot_notation = True


def test_a_schema_document_fills_validates_and_reads_by_attribute() -> None:
    address = Address({"city": "Lyon"})
    assert address == {"street": None, "city": "Lyon", "zip": "00000"}
    address.street = "1 rue de la Paix"
    assert address["street"] == "1 rue de la Paix"
    address.validate()
    address.city = None
    with pytest.raises(RequireFieldError, match="city is required"):
        address.validate()


def test_errors_can_be_collected() -> None:
    class Loose(Address):
        raise_validation_errors = False

    loose = Loose({"city": 3, "zip": None})
    loose.validate()
    assert set(loose.validation_errors) == {"city"}
    assert isinstance(loose.validation_errors["city"][0], SchemaTypeError)


def test_it_has_no_database_side() -> None:
    address = Address({"city": "Lyon"})
    for name in ("save", "delete", "reload", "find", "collection"):
        assert not hasattr(address, name)


def test_a_deep_copy_is_an_equal_document_of_the_same_class() -> None:
    address = Address({"city": "Lyon"})
    address.validate()
    twin = copy.deepcopy(address)
    assert twin == address
    assert twin is not address
    assert type(twin) is Address


def test_a_document_is_a_schema_document_with_a_collection() -> None:
    class Task(Document):
        structure = {"title": str}
        validators = {"title": lambda t: len(t) < 5}

    task = Task({"title": "too long"})
    assert isinstance(task, SchemaDocument)
    assert task.collection is None
    with pytest.raises(ValidationError, match="title does not pass"):
        task.validate()
