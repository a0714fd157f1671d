# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg"
"""The typed mapper's safety rules hold for MongoAlchemy documents too: no
field replaces a document method, and no float is stored rounded."""

from __future__ import annotations

import pytest

from flask_mongo.errors import BadQueryException, BadValueException
from flask_mongoalchemy import Document
from flask_mongoalchemy.fields import FloatField, StringField


@pytest.mark.parametrize("name", ["save", "query", "remove", "get_collection"])
def test_a_field_named_as_a_method_is_refused(name: str) -> None:
    with pytest.raises(BadQueryException, match=rf"cannot be named '{name}'"):
        type("Bad", (Document,), {name: StringField()})


def test_an_int_a_double_would_round_is_refused() -> None:
    class Reading(Document):
        value = FloatField()

    with pytest.raises(BadValueException, match="cannot be stored exactly"):
        Reading(value=2**63 + 1)
