"""indexes: declared indexes are created on the collection."""

from __future__ import annotations

import pytest
from pymongo.errors import DuplicateKeyError

from flask_mongokit import (
    INDEX_DESCENDING,
    BadIndexError,
    Document,
    MongoKit,
)


class Account(Document):
    __collection__ = "accounts"
    structure = {"login": str, "profile": {"city": str}, "created": int}
    indexes = [
        {"fields": "login", "unique": True},
        {"fields": ["profile.city", ("created", INDEX_DESCENDING)]},
        {"fields": ["meta.free"], "check": False, "ttl": 300, "name": "free_form"},
    ]


def keys(mk: MongoKit, name: str) -> dict[str, object]:
    return {index: info["key"] for index, info in mk[name].index_information().items()}


def test_indexes_are_created_on_first_use(mk: MongoKit, ctx: None) -> None:
    mk.register([Account])
    assert "accounts" not in mk.database.list_collection_names()
    mk.Account({"login": "ann"}).save()
    info = mk["accounts"].index_information()
    assert info["login_1"]["unique"] is True
    assert info["profile.city_1_created_-1"]["key"] == [
        ("profile.city", 1),
        ("created", -1),
    ]
    assert info["free_form"]["key"] == [("meta.free", 1)]
    with pytest.raises(DuplicateKeyError, match="duplicate key"):
        mk.Account({"login": "ann"}).save()


def test_generate_index_explicitly(mk: MongoKit, ctx: None) -> None:
    names = Account.generate_index(mk["elsewhere"])
    assert names == ["login_1", "profile.city_1_created_-1", "free_form"]
    assert set(keys(mk, "elsewhere")) == {"_id_", *names}


def test_automatic_creation_can_be_turned_off(mk_app: object) -> None:
    from flask import Flask

    assert isinstance(mk_app, Flask)
    db = MongoKit(mk_app, create_indexes=False)
    db.register([Account])
    with mk_app.app_context():
        db.Account({"login": "x"}).save()
        assert set(keys(db, "accounts")) == {"_id_"}
        assert db.Account.generate_index() == [
            "login_1",
            "profile.city_1_created_-1",
            "free_form",
        ]
    db.close(mk_app)


def test_expiring_documents_use_expire_after_seconds(mk: MongoKit, ctx: None) -> None:
    class Session(Document):
        __collection__ = "sessions"
        structure = {"seen": int}
        indexes = [{"fields": "seen", "expireAfterSeconds": 3600}]

    Session.generate_index(mk["sessions"])
    assert mk["sessions"].index_information()["seen_1"]["expireAfterSeconds"] == 3600


@pytest.mark.parametrize(
    ("indexes", "message"),
    [
        ([{"unique": True}], "'fields' key"),
        (["login"], "'fields' key"),
        ([{"fields": "logn"}], "'logn' is not in the structure"),
        ([{"fields": [("login", 2)]}], "not an index direction"),
        ([{"fields": []}], "no fields"),
    ],
)
def test_bad_indexes_fail_at_class_definition(
    indexes: list[object], message: str
) -> None:
    with pytest.raises(BadIndexError, match=message):
        type("Bad", (Document,), {"structure": {"login": str}, "indexes": indexes})


def test_an_undeclared_index_field_is_a_value_error_in_mongokit_words() -> None:
    with pytest.raises(
        ValueError, match=r"'amount\.f' is not in the structure"
    ) as info:
        type(
            "Bad",
            (Document,),
            {"structure": {"amount": int}, "indexes": [{"fields": ["amount.f"]}]},
        )
    assert isinstance(info.value, BadIndexError)
    assert str(info.value) == "Error in indexes: can't find amount.f in structure"


def test_inherited_indexes_come_after_the_class_own() -> None:
    class A(Document):
        structure = {"a": str}
        indexes = [{"fields": "a"}]

    class B(A):
        structure = {"b": str}
        indexes = [{"fields": "b"}]

    class C(Document):
        structure = {"c": str}
        indexes = [{"fields": "c"}]

    class D(B, C):
        structure = {"d": str}

    assert B.indexes == [{"fields": "b"}, {"fields": "a"}]
    assert D.indexes == [{"fields": "b"}, {"fields": "a"}, {"fields": "c"}]
