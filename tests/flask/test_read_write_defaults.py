"""MONGO_READ_PREFERENCE, MONGO_READ_CONCERN, MONGO_WRITE_CONCERN: the
app-wide defaults every query and write starts from."""

from __future__ import annotations

import pytest
from pymongo.read_preferences import SecondaryPreferred

from flask_mongo import Document, Mongo
from flask_mongo.errors import ImproperlyConfigured
from flask_mongo.odm import StringField
from tests.support import AppFactory, CommandLog


def test_defaults_reach_every_command(
    make_app: AppFactory, commands: CommandLog
) -> None:
    app = make_app(
        MONGO_READ_PREFERENCE="secondary_preferred",
        MONGO_READ_CONCERN="local",
        MONGO_WRITE_CONCERN={"w": 1, "wtimeout": 1000},
    )
    db = Mongo(app)

    class Note(Document):
        text: StringField = StringField()

    with app.app_context():
        assert db.client.read_preference == SecondaryPreferred()
        Note(text="a").save()
        assert [n.text for n in Note.query.all()] == ["a"]
        # A query's own choice wins over the default.
        Note.query.read_concern("majority").first()
    (insert,) = commands.named("insert")
    assert insert["writeConcern"] == {"w": 1, "wtimeout": 1000}
    first, second = commands.named("find")
    assert first["readConcern"] == {"level": "local"}
    assert second["readConcern"] == {"level": "majority"}
    db.close(app)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("MONGO_READ_PREFERENCE", "closest", "MONGO_READ_PREFERENCE: read preference"),
        ("MONGO_READ_CONCERN", 2, "MONGO_READ_CONCERN: read concern level"),
        ("MONGO_WRITE_CONCERN", {"x": 1}, "MONGO_WRITE_CONCERN: bad write concern"),
    ],
)
def test_bad_defaults_name_their_key(
    make_app: AppFactory, key: str, value: object, message: str
) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        Mongo(make_app(**{key: value}))  # type: ignore[arg-type]
