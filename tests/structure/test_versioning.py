"""VersionedDocument: revisions of saved documents."""

from __future__ import annotations

import pytest

from flask_mongo.structure import UntrustedFilterError
from flask_mongokit import MongoKit, VersionedDocument
from tests.support import AppFactory, found


class Wiki(VersionedDocument):
    __collection__ = "wiki"
    structure = {"title": str, "body": str}


def test_revisions(mk: MongoKit, ctx: None) -> None:
    mk.register([Wiki])
    page = mk.Wiki({"_id": "home", "title": "Home", "body": "v1"})
    assert page["_revision"] is None
    page.save()
    assert page["_revision"] == 1
    assert page.get_last_revision_id() == 1
    records = list(mk["versioned_wiki"].find())
    assert [(r["id"], r["revision"]) for r in records] == [("home", 1)]
    assert records[0]["doc"] == {
        "_id": "home",
        "title": "Home",
        "body": "v1",
        "_revision": 1,
    }

    page["body"] = "v2"
    page.save()
    page.save()  # nothing changed: no new revision
    assert page.get_last_revision_id() == 2
    first = page.get_revision(1)
    assert isinstance(first, Wiki)
    assert first["body"] == "v1"
    assert page.get_revision(7) is None
    assert [r["body"] for r in page.get_revisions()] == ["v1", "v2"]

    page["body"] = "untracked"
    page.save(versioning=False)
    assert page.get_last_revision_id() == 2
    assert found(mk["wiki"].find_one())["body"] == "untracked"

    page.delete(versioning=True)
    assert mk["wiki"].count_documents({}) == 0
    assert mk["versioned_wiki"].count_documents({}) == 0


def test_a_failed_save_keeps_the_revision(mk: MongoKit, ctx: None) -> None:
    from flask_mongokit import SchemaTypeError

    mk.register([Wiki])
    page = mk.Wiki({"title": "T"})
    page.save()
    page["title"] = 3
    with pytest.raises(
        SchemaTypeError, match="title must be an instance of str not int"
    ):
        page.save()
    assert page["_revision"] == 1
    assert page.get_last_revision_id() == 1


def test_remove_by_filter_with_and_without_revisions(mk: MongoKit, ctx: None) -> None:
    mk.register([Wiki])
    for name in ("a", "b", "c"):
        page = mk.Wiki({"_id": name, "title": name, "body": "v1"})
        page.save()
        page["body"] = "v2"
        page.save()
    assert mk["versioned_wiki"].count_documents({}) == 6
    removed = page.remove({"_id": {"$in": ["a", "b"]}}, versioning=True)
    assert removed == 2
    assert [d["_id"] for d in mk["wiki"].find()] == ["c"]
    assert {r["id"] for r in mk["versioned_wiki"].find()} == {"c"}
    assert page.remove({"_id": "c"}) == 1  # the revisions are kept
    assert mk["wiki"].count_documents({}) == 0
    assert mk["versioned_wiki"].count_documents({}) == 2
    with pytest.raises(TypeError, match="use delete"):
        page.remove("c")


def test_remove_by_filter_is_sanitized(make_app: AppFactory) -> None:
    app = make_app("MONGODB", MONGODB_SANITIZE_FILTERS=True)
    db = MongoKit(app)
    db.register([Wiki])
    with app.app_context():
        page = db.Wiki({"_id": "a", "title": "a", "body": "v1"})
        page.save()
        with pytest.raises(UntrustedFilterError):
            page.remove({"title": {"$ne": None}}, versioning=True)
        assert db["wiki"].count_documents({}) == 1
        assert db["versioned_wiki"].count_documents({}) == 1
    db.close(app)
