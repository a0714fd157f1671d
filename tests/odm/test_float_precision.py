"""A FloatField never stores a different number than it was given."""

from __future__ import annotations

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadValueException
from flask_mongo.odm import FloatField


class Reading(Document):
    value: FloatField = FloatField()


@pytest.mark.parametrize("value", [2**63 + 1, 2**53 + 1, -(2**60) - 1])
def test_an_int_a_double_would_round_is_refused(value: int) -> None:
    with pytest.raises(BadValueException, match="cannot be stored exactly"):
        Reading(value=value)


@pytest.mark.usefixtures("app_ctx")
@pytest.mark.parametrize("value", [2**53, 3, -7, 2**60, 0.1])
def test_exact_values_round_trip(db: Mongo, value: float) -> None:
    Reading(value=value).save()
    assert db["Reading"].find_one({}, {"_id": 0}) == {"value": float(value)}
    assert float(value) == value
