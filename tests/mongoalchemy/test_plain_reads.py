# MongoAlchemy code declares fields without annotations.
# mypy: disable-error-code="call-arg,operator,attr-defined"
"""Dict-speed reads of the legacy str / int / bool fields (odm.plain_reads):
a stored dict whose such values all have exactly their field's type is the
document's instance dict; any other is read through the checking fields.
Each test compares a class reading that way (``Fast``) with a twin that
never does (``Slow``: a ``__setattr__`` of its own keeps it off), so the
quick path and the checked one must agree."""

from __future__ import annotations

from typing import Any

import pytest
from bson import Int64, ObjectId

from flask_mongo.errors import BadValueException, FieldNotRetrieved
from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.exceptions import ExtraValueException
from flask_mongoalchemy.field_protocol import Field as FieldBase
from flask_mongoalchemy.fields import (
    BoolField,
    DocumentField,
    IntField,
    ListField,
    StringField,
)


class Base(Document):
    __abstract__ = True  # never saved: unwrap and wrap only
    s = StringField()
    i = IntField()
    b = BoolField()
    n = IntField(required=False)  # no default: unset raises AttributeError
    d = StringField(default="dflt")
    even = IntField(validator=lambda v: v % 2 == 0, required=False)


class Fast(Base):
    pass


class Slow(Base):
    def __setattr__(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)  # no dict-speed reads


NAMES = ("s", "i", "b", "n", "d", "even")


def _stored(**values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"_id": ObjectId(), "s": "x", "i": 1, "b": True}
    return {**base, **values}


def _is_fast(doc: Document) -> bool:
    return doc.__dict__ is doc._data


def _outcome(doc: Document, name: str) -> Any:
    """What reading ``name`` gives: the value and its type, or the error."""
    try:
        value = getattr(doc, name)
    except (BadValueException, AttributeError) as error:
        return type(error), str(error)
    return type(value), value


def test_only_the_twin_without_a_setattr_reads_from_the_stored_dict() -> None:
    assert Fast._shadowed is not None
    assert Slow._shadowed is None
    assert _is_fast(Fast.unwrap(_stored()))
    assert not _is_fast(Slow.unwrap(_stored()))


class _Str(str):
    pass


# Every checked key present (the one-call test) or some unset (key by key).
COMPLETE = pytest.mark.parametrize(
    "rest", [{"n": 0, "d": "v"}, {}], ids=["all", "some"]
)


@COMPLETE
@pytest.mark.parametrize(
    ("values", "fast"),
    [
        ({}, True),
        ({"n": 5, "d": "e", "even": 4}, True),
        ({"i": -(2**63), "n": 2**63 - 1}, True),  # the bounds of 64 bits
        ({"s": 4}, False),
        ({"s": None}, False),
        ({"d": 4}, False),
        ({"i": "1"}, False),
        ({"i": True}, False),
        ({"i": 2**63}, False),
        ({"n": -(2**63) - 1}, False),
        ({"b": 1}, False),
        ({"even": 3}, True),  # a validator: read through its field
        ({"i": Int64(7)}, False),  # valid, not of exactly int: checked
        ({"s": _Str("sub")}, False),
    ],
)
def test_quick_and_checked_reads_agree(
    rest: dict[str, Any], values: dict[str, Any], fast: bool
) -> None:
    stored = _stored(**{**rest, **values})
    doc, twin = Fast.unwrap(dict(stored)), Slow.unwrap(dict(stored))
    assert _is_fast(doc) is fast
    for _ in range(2):  # the first read and the next (nothing cached wrongly)
        for name in NAMES:
            assert _outcome(doc, name) == _outcome(twin, name), name


@COMPLETE
@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("s", 4, r"Base\.s.*expected a str"),
        ("i", "1", r"Base\.i.*expected an int"),
        ("i", True, r"Base\.i.*expected an int"),
        ("i", 2**64, r"Base\.i.*does not fit in 64 bits"),
        ("n", -(2**63) - 1, r"Base\.n.*does not fit in 64 bits"),
        ("b", 1, r"Base\.b.*expected a bool"),
        ("d", b"x", r"Base\.d.*expected a str"),
        ("even", 3, r"Base\.even.*rejected by the field's validator"),
    ],
)
def test_a_bad_stored_value_still_raises_on_read(
    rest: dict[str, Any], key: str, value: Any, message: str
) -> None:
    stored = _stored(**{**rest, key: value})
    for loaded in (Fast.unwrap(stored), Fast.unwrap(stored, fields=[key])):
        with pytest.raises(BadValueException, match=message):
            getattr(loaded, key)


def test_unset_fields_keep_the_legacy_policy_in_a_quick_document() -> None:
    doc = Fast.unwrap(_stored())
    assert _is_fast(doc)
    with pytest.raises(AttributeError, match="unset fields raise AttributeError"):
        _ = doc.n
    assert not hasattr(doc, "n")
    assert doc.d == "dflt"  # a default: assigned on the first read
    assert doc.get_dirty_ops() == {"$set": {"d": "dflt"}}
    with pytest.raises(AttributeError, match="no value to delete"):
        del doc.n
    part = Fast.unwrap({"_id": ObjectId(), "s": "x"}, fields=[Fast.s])
    assert part.s == "x"
    with pytest.raises(FieldNotRetrieved, match=r"Base\.i was not loaded"):
        _ = part.i


def test_writes_are_validated_and_tracked_in_a_quick_document() -> None:
    doc = Fast.unwrap(_stored())
    with pytest.raises(BadValueException, match=r"Base\.i.*expected an int"):
        doc.i = "2"
    with pytest.raises(BadValueException, match="rejected by the field's validator"):
        doc.even = 3
    doc.i, doc.n, doc.even = 2, 3, 4
    del doc.even
    assert (doc.i, doc.n) == (2, 3)
    assert not hasattr(doc, "even")
    assert doc.get_dirty_ops() == {"$set": {"i": 2, "n": 3}, "$unset": {"even": True}}
    assert _is_fast(doc)


def test_a_bad_value_stays_checked_after_its_document_is_copied() -> None:
    # An embedded document shares its parent's sub-dict until its first
    # change, which copies it (and attaches the copy): the copy of a dict
    # holding a bad value must not become the instance dict either.
    class Holder(Document):
        __abstract__ = True
        inner = DocumentField(Fast)
        inners = ListField(DocumentField(Fast))

    class Concrete(Holder):
        pass

    bad = _stored(s=4)
    holder = Concrete.unwrap({"inner": bad, "inners": [_stored(), bad]})
    for inner in (holder.inner, holder.inners[1]):
        inner.i = 5  # the first change: a copy is attached
        assert not _is_fast(inner)
        with pytest.raises(BadValueException, match="expected a str"):
            _ = inner.s
        inner.s = "fixed"
        assert (inner.s, inner.i) == ("fixed", 5)
    good = holder.inners[0]
    good.i = 6
    assert _is_fast(good)
    assert holder.get_dirty_ops()["$set"]["inners"][0]["i"] == 6


def test_attributes_that_are_not_fields_are_kept_off_the_stored_values() -> None:
    doc = Fast.unwrap(_stored())
    doc.note = "not stored"
    assert doc.note == "not stored"
    assert not _is_fast(doc)  # moved off the stored dict first
    assert "note" not in doc._data
    assert (doc.s, doc.i) == ("x", 1)
    del doc.note
    assert not hasattr(doc, "note")
    with pytest.raises(AttributeError):
        del doc.never_set
    new = Fast(s="y", i=2, b=False)
    new.note = 1
    new._attach(new.wrap())  # as an insert does: the attribute stays
    assert new.note == 1
    assert new.wrap() == {"s": "y", "i": 2, "b": False, "d": "dflt"}
    session = object()
    loaded = Fast.unwrap(_stored())
    loaded._set_session(session)  # a slot: stored dict untouched
    assert loaded._get_session() is session
    assert _is_fast(loaded)
    assert "_legacy_session" not in loaded._data


def test_new_documents_read_quickly_and_check_as_before() -> None:
    doc = Fast(s="x", i=1, b=True)
    assert _is_fast(doc)
    assert (doc.s, doc.i, doc.b, doc.d) == ("x", 1, True, "dflt")
    with pytest.raises(BadValueException, match="expected a str"):
        Fast(s=1, i=1, b=True)
    positional = Fast([Fast.s], s="x")  # the generic constructor
    assert positional.s == "x"
    with pytest.raises(FieldNotRetrieved, match="not loaded"):
        _ = positional.i


class Loose(Document):
    __abstract__ = True
    config_extra_fields = "ignore"
    s = StringField()


class LooseDoc(Loose):
    pass


def test_extra_stored_keys_are_no_attributes() -> None:
    doc = LooseDoc.unwrap({"_id": ObjectId(), "s": "x", "colour": "red"})
    assert not _is_fast(doc)
    assert not hasattr(doc, "colour")
    assert doc.get_extra_fields() == {"colour": "red"}
    plain = LooseDoc.unwrap({"_id": ObjectId(), "s": "x"})
    assert _is_fast(plain)
    extras = plain.get_extra_fields()
    extras["save"] = "a key named as a method"
    assert not _is_fast(plain)
    assert callable(plain.save)
    assert plain.wrap()["save"] == "a key named as a method"
    assert plain.s == "x"
    with pytest.raises(ExtraValueException, match="does not declare the stored"):
        Fast.unwrap(_stored(colour="red"))


def test_a_field_of_a_subclass_with_a_bound_is_checked() -> None:
    class Bounded(Fast):
        i = IntField(min_value=0)

    doc = Bounded.unwrap(_stored(i=-1))
    assert _is_fast(doc)  # s and b read quickly; i through its field
    with pytest.raises(BadValueException, match="less than min_value=0"):
        _ = doc.i
    assert doc.s == "x"


def test_the_stored_dict_is_saved_and_loaded_as_before(db: MongoAlchemy) -> None:
    class Saved(Document, mongo=db):
        s = StringField()
        i = IntField()

    Saved(s="a", i=1).save()
    doc = Saved.query.one()
    assert _is_fast(doc)
    doc.i = 2
    doc.note = "kept"
    doc.save()
    again = Saved.query.one()
    assert (again.s, again.i, _is_fast(again)) == ("a", 2, True)
    assert db.database["Saved"].find_one({}, {"_id": 0}) == {"s": "a", "i": 2}
    assert doc.note == "kept"
    db.database["Saved"].update_one({}, {"$set": {"i": "two"}})
    with pytest.raises(BadValueException, match=r"Saved\.i.*expected an int"):
        _ = Saved.query.one().i


class Part(Document):
    __abstract__ = True
    s = StringField()


class Whole(Document):
    __abstract__ = True
    part = DocumentField(Part, required=False)
    checked = DocumentField(Part, validator=lambda p: p.s != "no", required=False)
    screened = DocumentField(
        Part,
        unwrap_validator=lambda v: isinstance(v, dict) and "s" in v,
        required=False,
    )


class WholeDoc(Whole):
    pass


def test_embedded_documents_read_in_one_call_check_as_before() -> None:
    doc = WholeDoc.unwrap({"part": {"s": "a"}, "checked": {"s": "b"}})
    assert isinstance(doc.part, Part)
    assert doc.part is doc.part  # cached
    assert (doc.part.s, doc.checked.s) == ("a", "b")
    with pytest.raises(BadValueException, match=r"Whole\.part"):
        _ = WholeDoc.unwrap({"part": "not a document"}).part
    with pytest.raises(BadValueException, match="rejected by the field's validator"):
        _ = WholeDoc.unwrap({"checked": {"s": "no"}}).checked
    with pytest.raises(BadValueException, match="rejected by unwrap_validator"):
        _ = WholeDoc.unwrap({"screened": {}}).screened
    assert WholeDoc.unwrap({"screened": {"s": "c"}}).screened.s == "c"
    with pytest.raises(ExtraValueException, match="Part does not declare"):
        _ = WholeDoc.unwrap({"part": {"s": "a", "extra": 1}}).part


@pytest.mark.parametrize(
    "stored",
    [{"s": "a"}, {"s": 1}, {}, {"s": "a", "extra": 1}, "text", [1], None, 3],
)
@pytest.mark.parametrize("name", ["part", "checked", "screened"])
def test_embedded_reads_agree_with_the_generic_chain(stored: Any, name: str) -> None:
    field: Any = WholeDoc._fields[name]

    def outcome(read: Any) -> Any:
        try:
            value = read(WholeDoc.unwrap({name: stored}))
        except (BadValueException, ExtraValueException, AttributeError) as error:
            return type(error), str(error)
        return type(value), value and value._data

    # The legacy Field's __get__: the chain DocumentField.__get__ stands for.
    generic = outcome(lambda doc: FieldBase.__get__(field, doc, WholeDoc))
    assert outcome(lambda doc: getattr(doc, name)) == generic
