"""MongoKit's helpers: dotted keys, skeletons, sizes, hashing, plain
collection lookups, and the auth User."""

from __future__ import annotations

from typing import Any, ClassVar

import pytest

from flask_mongo.structure import (
    DotCollapsedDict,
    DotExpandedDict,
    EvalException,
    LegacyCollection,
    MultipleResultsFound,
    SchemaDocument,
)
from flask_mongokit import Document, MongoKit
from flask_mongokit.auth import User


def test_dot_expanded_dict_nests_and_reads_type_parts() -> None:
    assert DotExpandedDict({"a.b": 1, "a.c": 2, "d": 3}) == {
        "a": {"b": 1, "c": 2},
        "d": 3,
    }
    assert DotExpandedDict({"a.$int.c": 1, "b.$unicode": [str]}) == {
        "a": {int: {"c": 1}},
        "b": {str: [str]},
    }
    assert DotExpandedDict({"c.1": 2, "c": 1}) == {"c": 1}
    with pytest.raises(EvalException, match=r"\$arf does not name a type"):
        DotExpandedDict({"a.$arf": 1})


def test_dot_collapsed_dict() -> None:
    assert DotCollapsedDict({"a": {"b": {"c": 1}, "e": {}}, "f": 2}) == {
        "a.b.c": 1,
        "a.e": {},
        "f": 2,
    }
    assert DotCollapsedDict({"a": {int: {"c": 1}}}) == {"a.$int.c": 1}
    assert DotCollapsedDict({"a": {int: 1, "g": 2}}, remove_under_type=True) == {
        "a": {}
    }
    kept = DotCollapsedDict({"a": {"b": {"c": 1}}}, reference={"a.b": None})
    assert kept == {"a.b": {"c": 1}}


class Skeleton(SchemaDocument):
    structure: ClassVar[dict[Any, Any]] = {
        "a": {"foo": [int], "spam": {"bla": str}},
        "bar": {str: int},
    }


def test_generate_skeleton_fills_missing_fields() -> None:
    doc = Skeleton(gen_skel=False)
    assert doc == {}
    doc.generate_skeleton()
    assert doc == {"a": {"foo": [], "spam": {"bla": None}}, "bar": {}}


class Thing(Document):
    __collection__ = "things"
    structure: ClassVar[dict[Any, Any]] = {"doc": {"foo": int, "bla": str}}


def test_size_hash_db_and_connection(mk: MongoKit, ctx: None) -> None:
    mk.register([Thing])
    thing = mk.Thing()
    thing["doc"].update(foo=3, bla="bla bla")
    assert thing.get_size() == 41
    with pytest.raises(TypeError, match="save it before hashing"):
        hash(thing)
    thing.save()
    assert hash(thing) == hash(thing["_id"])
    assert {thing: 1}[thing] == 1
    assert thing.db.name == mk.name
    assert thing.connection is thing.db.client
    assert thing.find_one() == thing


def test_plain_collection_lookups(mk: MongoKit, ctx: None) -> None:
    tasks: LegacyCollection = mk.tasks
    assert tasks.find_random() is None
    assert tasks.one() is None
    tasks.insert({"_id": "a", "n": 1})
    assert tasks.get_from_id("a") == {"_id": "a", "n": 1}
    assert tasks.one({"n": 1}) == {"_id": "a", "n": 1}
    assert tasks.find_random() == {"_id": "a", "n": 1}
    tasks.insert({"_id": "b", "n": 1})
    with pytest.raises(MultipleResultsFound, match="more than one document"):
        tasks.one({"n": 1})
    assert tasks.get_from_id("c") is None


class Account(User):
    __collection__ = "users"


def test_user_hashes_and_verifies_passwords(mk: MongoKit, ctx: None) -> None:
    mk.register([Account])
    user = mk.Account()
    user.login = "alice"
    user.email = "alice@example.com"
    user.password = "s3cret"
    assert user.password is not None
    assert len(user.password) == 80
    assert "s3cret" not in user.password
    user.save()
    saved = mk.Account.get_from_id("alice")
    assert saved is not None
    assert saved.verify_password("s3cret")
    assert not saved.verify_password("wrong")
    assert saved.verify_password(b"s3cret")
    del saved.password
    assert saved.password is None
    assert not saved.verify_password("s3cret")
    del saved.login, saved.email
    assert saved.login is None
    assert saved.email is None


def test_user_accepts_a_mongokit_0_9_hash() -> None:
    import hashlib

    salt = "0" * 40
    user = User()
    user["user"]["password"] = salt + hashlib.sha1(b"old" + salt.encode()).hexdigest()
    assert user.verify_password("old")
    assert not user.verify_password("new")


def test_user_save_needs_login_as_id(mk: MongoKit, ctx: None) -> None:
    mk.register([Account])
    user = mk.Account()
    user["_id"] = "bob"
    with pytest.raises(ValueError, match="_id must be its login"):
        user.save()
