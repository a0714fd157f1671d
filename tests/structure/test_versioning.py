"""VersionedDocument: revisions of saved documents."""

from __future__ import annotations

from flask_mongokit import MongoKit, VersionedDocument
from tests.support import found


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
    import pytest

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
