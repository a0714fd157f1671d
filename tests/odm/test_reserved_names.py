"""A field may not take the name of a document method or setting: it would
replace it silently (``save = StringField()`` and no document could be
saved)."""

from __future__ import annotations

import pytest

from flask_mongo import Document, Mongo
from flask_mongo.errors import BadQueryException
from flask_mongo.odm import StringField


@pytest.mark.parametrize(
    "name", ["save", "query", "remove", "wrap", "get_collection", "config_indexes"]
)
def test_a_field_named_as_a_method_is_refused(name: str) -> None:
    with pytest.raises(BadQueryException, match=rf"cannot be named '{name}'.*db_field"):
        type("Bad", (Document,), {name: StringField()})


@pytest.mark.usefixtures("app_ctx")
def test_the_stored_name_is_still_possible(db: Mongo) -> None:
    class Event(Document):
        save_: StringField = StringField(db_field="save")

    Event(save_="yes").save()
    assert db["Event"].find_one({}, {"_id": 0}) == {"save": "yes"}


def test_a_users_own_base_methods_can_be_fields() -> None:
    class Base(Document):
        __abstract__ = True

        def summary(self) -> str:
            return "base"

    class Post(Base):
        summary = StringField()  # type: ignore[assignment]

    assert "summary" in Post.get_fields()
