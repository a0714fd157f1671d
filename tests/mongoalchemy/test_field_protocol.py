# MongoAlchemy code declares fields without annotations, and calls the field
# protocol through query fields (Doc.f.unwrap(v)), which mypy cannot see.
# mypy: disable-error-code="call-arg,operator"
"""MongoAlchemy's field protocol on ``flask_mongoalchemy.fields``: wrap,
unwrap and their checks, as MongoAlchemy code calls them directly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bson import ObjectId
from bson.binary import Binary

from flask_mongo.core.values import MISSING
from flask_mongo.errors import BadValueException
from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.exceptions import BadFieldSpecification, InvalidConfigException
from flask_mongoalchemy.fields import (
    BinaryField,
    ComputedField,
    CreatedField,
    DateTimeField,
    DictField,
    DocumentField,
    EnumField,
    Field,
    IntField,
    KVField,
    ListField,
    ModifiedField,
    ObjectIdField,
    RefField,
    SetField,
    StringField,
    TupleField,
    computed_field,
)
from flask_mongoalchemy.util import UNSET, classproperty


def test_wrap_checks_the_value_first() -> None:
    assert StringField(max_length=4).wrap("1234") == "1234"
    with pytest.raises(BadValueException, match="max_length"):
        StringField(max_length=4).wrap("12345")


def test_unwrap_checks_the_stored_value() -> None:
    with pytest.raises(BadValueException, match="expected a str"):
        StringField().unwrap(4)
    with pytest.raises(BadValueException, match="not a stored form"):
        TupleField(IntField()).unwrap(4)
    with pytest.raises(BadValueException):
        TupleField(IntField(), IntField()).unwrap([1, "2"])
    assert TupleField(IntField(), StringField()).unwrap([1, "2"]) == (1, "2")


def test_is_valid_answers_without_raising() -> None:
    assert IntField().is_valid_unwrap(1) is True
    assert IntField().is_valid_unwrap("") is False
    assert IntField().is_valid_wrap(None) is False
    assert IntField(allow_none=True).is_valid_wrap(None) is True
    assert IntField(allow_none=True).unwrap(None) is None
    assert ListField(IntField()).is_valid_wrap([1, 2]) is True
    assert ListField(IntField()).is_valid_wrap([1, "2"]) is False


def test_user_validators_take_part() -> None:
    field = IntField(validator=lambda x: x == 0)
    assert field.is_valid_wrap(0)
    assert not field.is_valid_wrap(2)
    assert field.is_valid_unwrap(0)
    assert not field.is_valid_unwrap(2)
    assert not IntField(wrap_validator=lambda x: x == 0).is_valid_wrap(2)
    assert not IntField(unwrap_validator=lambda x: x == 0).is_valid_unwrap(2)


def test_enum_checks_both_ways() -> None:
    field = EnumField(IntField(), 1, 3)
    assert field.unwrap(3) == 3
    with pytest.raises(BadValueException):
        field.unwrap(2)
    with pytest.raises(BadValueException):
        field.wrap(2)


def test_object_ids_and_binary_keep_mongoalchemy_forms() -> None:
    field = ObjectIdField()
    oid = ObjectId()
    assert field.wrap(str(oid)) == oid
    assert field.unwrap(oid) == oid
    assert isinstance(field.gen(), ObjectId)
    with pytest.raises(BadValueException):
        field.wrap(1)
    with pytest.raises(BadValueException):
        field.wrap("c9e2587eae7dd6064000000")
    wrapped = BinaryField().wrap(b"foo")
    assert type(wrapped) is Binary
    assert wrapped == Binary(b"foo")
    with pytest.raises(BadValueException):
        BinaryField().unwrap(4)


def test_the_bare_field_has_no_type() -> None:
    for call in (
        lambda: Field().wrap({}),
        lambda: Field().unwrap({}),
        lambda: Field().is_valid_wrap({}),
        lambda: Field().is_valid_unwrap({}),
    ):
        with pytest.raises(NotImplementedError, match="field types"):
            call()


def test_id_option_and_bad_options() -> None:
    assert IntField(_id=True).is_id
    assert IntField(_id=True).db_field == "_id"
    assert not IntField().is_id
    with pytest.raises(InvalidConfigException, match="not both"):
        IntField(db_field="foo", _id=True)
    with pytest.raises(InvalidConfigException, match="not both"):
        IntField(default=1, default_f=lambda: 1)
    with pytest.raises(TypeError, match="on_update"):  # still a TypeError
        IntField(on_update="set")


def test_util_helpers() -> None:
    class A:
        a = 1

        @classproperty
        def c(cls) -> int:
            return cls.a + 2

    assert A.c == 3
    assert UNSET == UNSET
    assert repr(UNSET) == "MISSING"


def test_default_empty_is_the_default_value() -> None:
    listed = ListField(StringField(), default_empty=True)
    assert listed.default == []
    assert listed.make_default() is not listed.make_default()  # one per document
    assert SetField(StringField(), default_empty=True).default == set()
    assert DictField(StringField(), default_empty=True).default == {}
    assert KVField(StringField(), IntField(), default_empty=True).default == {}
    assert KVField(StringField(), IntField(), default={"a": 1}).default == {"a": 1}
    assert ListField(StringField()).default is MISSING


def test_a_type_that_is_not_a_field_instance_is_a_bad_field_specification() -> None:
    with pytest.raises(BadFieldSpecification, match="key_type must be a field"):
        KVField(int, IntField())
    with pytest.raises(BadFieldSpecification, match="value_type must be a field"):
        DictField(int)


def test_has_autoload_for_documents_and_references_inside_containers() -> None:
    assert KVField(IntField(), RefField()).has_autoload
    assert ListField(DocumentField("Anything")).has_autoload
    assert not ListField(IntField()).has_autoload
    assert not IntField().has_autoload


def test_set_field_takes_only_a_stored_list() -> None:
    assert SetField(IntField()).unwrap([4]) == {4}
    with pytest.raises(BadValueException, match="expected an instance of list"):
        SetField(IntField()).unwrap((4,))


def test_use_tz_refuses_a_naive_datetime() -> None:
    aware = datetime(2020, 1, 1, tzinfo=UTC)
    assert DateTimeField(use_tz=True).wrap(aware) == aware
    with pytest.raises(BadValueException, match="timezone-aware"):
        DateTimeField(use_tz=True).wrap(datetime(2020, 1, 1))
    assert DateTimeField().wrap(datetime(2020, 1, 1)) == datetime(2020, 1, 1)


def test_computed_fields_take_the_field_protocol() -> None:
    class Doc(Document):
        a = IntField()

        @computed_field(IntField(), deps=[a])
        def double(obj: dict[str, int]) -> int:
            return obj["a"] * 2

    assert isinstance(Doc._fields["double"], ComputedField)
    assert Doc.double.unwrap(6) == 6
    with pytest.raises(BadValueException, match="expected an int"):
        Doc.double.wrap("x")
    with pytest.raises(BadValueException, match="expected an int"):
        Doc.double.unwrap("x")
    assert Doc(a=2).double == 4


def test_timestamps_have_a_value_from_the_start(db: MongoAlchemy) -> None:
    class Stamped(Document, mongo=db):
        created = CreatedField()
        modified = ModifiedField(tz_aware=True)

    before = datetime.now(UTC).replace(tzinfo=None)
    doc = Stamped()
    made = doc.created
    assert made.tzinfo is None
    assert before - timedelta(seconds=1) <= made <= before + timedelta(seconds=1)
    assert doc.modified.tzinfo is not None
    doc.save()
    stored = db.database[Stamped.get_collection_name()].find_one()
    assert stored is not None
    assert stored["created"] == made  # the save keeps the creation time
    assert stored["modified"] >= made
