# MongoAlchemy code declares fields without annotations, so mypy does not
# know the constructors' keyword arguments (see the README).
# mypy: disable-error-code="call-arg,attr-defined"
"""MongoAlchemy's references: ``RefField`` options (``db``, ``db_required``,
``proxy``), ``rel(ignore_missing=True)`` and ``Session.dereference``."""

from __future__ import annotations

import pytest
from bson import DBRef, ObjectId

from flask_mongo.errors import BadValueException, DocumentNotFound
from flask_mongoalchemy import Document, MongoAlchemy
from flask_mongoalchemy.exceptions import BadReferenceException
from flask_mongoalchemy.fields import IntField, ListField, RefField, SRefField
from flask_mongoalchemy.session import Session


def _session(db: MongoAlchemy) -> Session:
    session = db.session
    assert session is not None
    return session


def test_db_options_check_the_dbref(db: MongoAlchemy) -> None:
    class Target(Document, mongo=db):
        x = IntField()

    ref = DBRef("Target", ObjectId())
    with pytest.raises(BadValueException, match="names no database"):
        RefField(Target, db_required=True).unwrap(ref)
    other = DBRef("Target", ObjectId(), database="elsewhere")
    with pytest.raises(BadValueException, match="database 'elsewhere', not 'here'"):
        RefField(Target, db="here").validate_unwrap(other)
    assert RefField(Target, db="elsewhere").unwrap(other) == other
    assert RefField(Target).unwrap(ref) == ref


def test_proxy_and_rel_read_the_referenced_document(db: MongoAlchemy) -> None:
    class Target(Document, mongo=db):
        x = IntField()

    class Holder(Document, mongo=db):
        target = RefField(Target, proxy="target_doc", required=False)
        sref = SRefField(Target, required=False)
        sdoc = sref.rel()

    target = Target(x=4)
    target.save()
    holder = Holder(target=target.to_ref())
    assert holder.target_doc.x == 4
    holder.sdoc = target  # a document assigned directly reads back
    assert holder.sdoc.x == 4
    holder.save()
    stored = db.database["Holder"].find_one()
    assert stored is not None
    assert stored["sref"] == target.mongo_id
    assert stored["target"] == DBRef("Target", target.mongo_id)


def test_ignore_missing_leaves_out_gone_documents(db: MongoAlchemy) -> None:
    class Target(Document, mongo=db):
        x = IntField()

    class Holder(Document, mongo=db):
        refs = ListField(
            RefField(Target, allow_none=True), default_empty=True, allow_none=True
        )
        present = refs.rel(ignore_missing=True)
        every = refs.rel()

    kept, gone = Target(x=1), Target(x=2)
    kept.save()
    gone.mongo_id = ObjectId()
    holder = Holder(refs=[kept.to_ref(), gone.to_ref(), None])
    assert [None if t is None else t.x for t in holder.present] == [1, None]
    with pytest.raises(DocumentNotFound, match="not in the database"):
        _ = holder.every
    holder.refs = None
    assert holder.present is None


def test_dereference_through_the_session(db: MongoAlchemy) -> None:
    class Deref(Document, mongo=db):
        x = IntField()

    session = Session(db, cache_size=10)
    doc = Deref(x=5)
    session.save(doc)
    assert session.dereference(doc) is doc
    assert session.dereference(doc.to_ref()) is doc  # from the identity map
    fresh = Session(db).dereference(doc.to_ref(db.database.name))
    assert fresh is not doc
    assert fresh.x == 5
    assert Session(db).dereference(DBRef("Deref", ObjectId()), allow_none=True) is None
    with pytest.raises(BadReferenceException, match="no document for the reference"):
        Session(db).dereference(DBRef("Deref", ObjectId()))
    with pytest.raises(BadReferenceException, match="no document class"):
        Session(db).dereference(DBRef("NoSuchCollection", ObjectId()))
    with pytest.raises(BadReferenceException, match="takes a DBRef"):
        Session(db).dereference(doc.mongo_id)


def test_dereference_reads_another_database(db: MongoAlchemy) -> None:
    class Remote(Document, mongo=db):
        config_collection_name = "remote_things"
        x = IntField()

    other = db.database.client[db.database.name + "_other"]
    oid = other["remote_things"].insert_one({"x": 9}).inserted_id
    try:
        found = Session(db).dereference(DBRef("remote_things", oid, other.name))
        assert isinstance(found, Remote)
        assert found.x == 9
    finally:
        db.database.client.drop_database(other.name)


def test_polymorphic_collection_is_shared_without_polymorphism(
    db: MongoAlchemy,
) -> None:
    class Base(Document, mongo=db):
        config_polymorphic_collection = True
        x = IntField()

    class Derived(Base):
        y = IntField()

    class Named(Base):
        config_collection_name = "own"

    assert Derived.get_collection_name() == "Base"
    assert Named.get_collection_name() == "own"
    derived = Derived(x=1, y=2)
    derived.mongo_id = ObjectId()
    assert RefField()._to_ref(derived).collection == "Base"
    assert RefField(db="x")._to_ref(derived).database == "x"
    derived._set_session(_session(db))
    assert derived._get_session() is _session(db)
    assert Base()._get_session() is None
