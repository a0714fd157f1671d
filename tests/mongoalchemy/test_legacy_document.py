# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README). Field protocol calls
# go through query fields (Doc.f.is_valid_unwrap), which mypy cannot see.
# mypy: disable-error-code="call-arg,operator"
"""The legacy document policy of ``flask_mongoalchemy`` (MongoAlchemy's
semantics), beside ``flask_mongo.Document``'s modern one."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from flask import Flask

import flask_mongo
from flask_mongo.errors import BadQueryException, BadValueException, FieldNotRetrieved
from flask_mongo.odm import IntField as ModernIntField
from flask_mongoalchemy import Document, MongoAlchemy, _get_mongo_uri
from flask_mongoalchemy.document import DictDoc
from flask_mongoalchemy.exceptions import (
    BadFieldSpecification,
    ExtraValueException,
    InvalidConfigException,
)
from flask_mongoalchemy.fields import DocumentField, IntField
from flask_mongoalchemy.meta import make_document_class


def test_unset_fields_raise_and_del_of_unset_is_refused(db: MongoAlchemy) -> None:
    class Doc(Document, mongo=db):
        a = db.IntField(required=False)
        b = db.IntField(required=False)

    doc = Doc(a=5)
    assert not hasattr(doc, "b")
    with pytest.raises(AttributeError, match="has no value"):
        _ = doc.b
    del doc.a
    with pytest.raises(AttributeError, match="has no value to delete"):
        del doc.a

    class Modern(flask_mongo.Document, mongo=db):
        a = ModernIntField(required=False)

    assert Modern().a is None  # the modern policy is untouched
    del Modern().a


def test_extra_fields_are_an_error_by_default(db: MongoAlchemy) -> None:
    class Doc(Document, mongo=db):
        i = db.IntField()

    with pytest.raises(ExtraValueException, match="config_extra_fields='error'"):
        Doc.unwrap({"i": 1, "j": 2})

    class Lenient(Document, mongo=db):
        config_extra_fields = "ignore"
        i = db.IntField()

    assert Lenient.unwrap({"i": 1, "j": 2}).get_extra_fields() == {"j": 2}
    with pytest.raises(InvalidConfigException, match="'error' or 'ignore'"):

        class Bad(Document, mongo=db):
            config_extra_fields = "blah"


def test_class_attribute_indexes_are_declared(db: MongoAlchemy) -> None:
    class Doc(Document, mongo=db):
        i = db.IntField()
        main_index = db.Index().ascending("i").unique()

    Doc(i=1).save()
    info = Doc.get_collection().index_information()
    assert any(
        spec.get("unique") and spec["key"] == [("i", 1)] for spec in info.values()
    )
    with pytest.raises(Exception, match="duplicate key"):
        Doc(i=1).save()


def test_values_are_checked_when_loaded(db: MongoAlchemy) -> None:
    class Doc(Document, mongo=db):
        s = db.StringField()

    loaded = Doc.unwrap({"s": 4})
    with pytest.raises(BadValueException, match="expected a str"):
        _ = loaded.s


def test_remove_of_a_never_saved_document_does_nothing(db: MongoAlchemy) -> None:
    class Doc(Document, mongo=db):
        i = db.IntField()

    Doc(i=1).remove()
    assert Doc.query.count() == 0


def test_retrieved_fields_on_a_new_document_stays_new(db: MongoAlchemy) -> None:
    class T(Document, DictDoc, mongo=db):
        i = db.IntField()
        j = db.IntField(required=False)
        s = db.StringField(required=False)

    t = T(i=1, retrieved_fields=[T.i, T.j])
    with pytest.raises(FieldNotRetrieved):
        _ = t.s
    assert "i" in t
    assert "j" not in t
    assert "nope" not in t
    assert t.setdefault("j", 3) == 3
    t["i"] = 4
    assert t["i"] == 4
    with pytest.raises(KeyError):
        t["nope"]
    t.save()  # an insert: the option never marks a document as stored
    assert T.query.count() == 1
    with pytest.raises(ExtraValueException, match="loading_from_db"):
        T(i=1, loading_from_db=True)


def test_the_extension_gives_the_legacy_names() -> None:
    db = MongoAlchemy()
    assert issubclass(db.Document, Document)
    assert issubclass(make_document_class(db), Document)
    assert db.StringField(max_length=1).is_valid_wrap("ab") is False
    assert "$inc" in db.ANY_MODIFIER
    with pytest.raises(AttributeError, match="no attribute 'nonsense'"):
        db.nonsense  # noqa: B018


def test_get_mongo_uri_escapes_credentials() -> None:
    app = Flask(__name__)
    app.config["MONGOALCHEMY_DATABASE"] = "test"
    assert _get_mongo_uri(app) == "mongodb://localhost:27017/"
    app.config.update(MONGOALCHEMY_USER="luke", MONGOALCHEMY_PASSWORD="p@ss/w")
    assert _get_mongo_uri(app) == "mongodb://luke:p%40ss%2Fw@localhost:27017/"
    app.config["MONGOALCHEMY_SERVER_AUTH"] = False
    app.config["MONGOALCHEMY_OPTIONS"] = "w=1"
    assert _get_mongo_uri(app).endswith("@localhost:27017/test?w=1")
    app.config["MONGOALCHEMY_CONNECTION_STRING"] = uri = "mongodb://h:1/x"
    assert _get_mongo_uri(app) == uri


def test_a_query_class_not_a_base_query_makes_query_none(db: MongoAlchemy) -> None:
    """As in Flask-MongoAlchemy, with a warning saying why and what to do."""

    class Query:
        pass

    with pytest.warns(UserWarning, match="derive it from flask_mongoalchemy.BaseQuery"):

        class Todo(Document, mongo=db):
            query_class = Query  # type: ignore[assignment]

    assert Todo.query is None
    todo = Todo()
    todo.save()  # the session still reads and writes it
    assert db.session.query(Todo).count() == 1


def test_config_default_sort_is_checked_when_the_class_is_declared(
    db: MongoAlchemy,
) -> None:
    with pytest.raises(BadFieldSpecification, match="could not resolve field 'a'"):

        class NoField(Document):
            config_default_sort: ClassVar[Any] = [("a", 1)]

    with pytest.raises(BadFieldSpecification, match="sort direction of 'a'"):

        class BadDirection(Document):
            a = IntField()
            config_default_sort: ClassVar[Any] = [("a", 3)]

    with pytest.raises(BadFieldSpecification, match=r"\(field, direction\) pairs"):

        class NotAPair(Document):
            a = IntField()
            config_default_sort: ClassVar[Any] = ["a"]

    class Fine(Document, mongo=db):
        a = IntField()
        config_default_sort: ClassVar[Any] = [("a", -1)]

    assert Fine.query._sort_spec() == [("a", -1)]


def test_a_document_field_naming_no_class_is_a_bad_field_specification() -> None:
    class Holder(Document):
        inner = DocumentField("NeverDeclaredAnywhere")

    with pytest.raises(BadFieldSpecification, match="NeverDeclaredAnywhere"):
        Holder(inner=5)


def test_document_field_validate_unwrap_checks_the_present_fields() -> None:
    class Part(Document):
        n = IntField()

    class Whole(Document):
        part = DocumentField(Part)

    assert Whole.part.is_valid_unwrap({"n": 1, "other": 2})
    assert Whole.part.is_valid_unwrap({})
    assert not Whole.part.is_valid_unwrap({"n": "x"})
    assert not Whole.part.is_valid_unwrap([1])
    assert DocumentField(Part, allow_none=True).is_valid_unwrap(None)


def test_extra_fields_are_kept_and_written_with_ignore(db: MongoAlchemy) -> None:
    class Loose(Document, mongo=db):
        config_extra_fields = "ignore"
        i = IntField()

    class Outer(Document, mongo=db):
        inner = DocumentField(Loose)

    raw = db.database["Loose"]
    doc = Loose(i=1, j="a", k="b")
    doc.save()
    assert raw.find_one({}, {"_id": 0}) == {"i": 1, "j": "a", "k": "b"}
    loaded = Loose.query.one()
    extras = loaded.get_extra_fields()
    assert dict(extras) == {"j": "a", "k": "b"}
    del extras["j"]
    extras["k"] = "changed"
    extras["l"] = "added"
    assert len(extras) == 2
    assert "ExtraFields(" in repr(extras)
    loaded.save()
    assert raw.find_one({}, {"_id": 0}) == {"i": 1, "k": "changed", "l": "added"}

    outer = Outer(inner=Loose(i=2, j="x"))
    outer.save()
    again = Outer.query.one()
    again.inner.get_extra_fields()["t"] = "new"
    again.save()
    stored = db.database["Outer"].find_one()
    assert stored is not None
    assert stored["inner"] == {"i": 2, "j": "x", "t": "new"}


def test_extra_fields_refuse_declared_and_unsafe_keys(db: MongoAlchemy) -> None:
    class Loose(Document, mongo=db):
        config_extra_fields = "ignore"
        i = IntField()

    doc = Loose(i=1)
    extras = doc.get_extra_fields()
    with pytest.raises(BadQueryException, match="declared key"):
        extras["i"] = 2
    with pytest.raises(BadQueryException, match="cannot be a MongoDB field name"):
        extras["$where"] = 1
    with pytest.raises(BadValueException, match="starting with '\\$'"):
        Loose(i=1, j={"$gt": 1})
    with pytest.raises(KeyError):
        _ = extras["nope"]
    with pytest.raises(KeyError):
        del extras["nope"]
    with pytest.raises(ExtraValueException, match="loading_from_db"):
        Loose(i=1, loading_from_db=True)
