"""DocumentMigration: lazy (per document) and bulk migrations."""

from __future__ import annotations

from datetime import datetime

import pytest

from flask_mongokit import Document, DocumentMigration, MongoKit, UpdateQueryError


class PostMigration(DocumentMigration):
    def migration01__add_tags(self) -> None:
        self.target = {"tags": {"$exists": False}}
        self.update = {"$set": {"tags": []}}

    def migration02__copy_created_into_updated(self) -> None:
        self.target = {"updated": {"$exists": False}}
        if not self.status:  # get_deprecated() runs the rule without a document
            assert self.doc is not None
            self.update = {"$set": {"updated": self.doc["created"]}}

    def allmigration01__drop_rank(self) -> None:
        self.target = {"rank": {"$exists": True}}
        self.update = {"$unset": {"rank": ""}}


class Post(Document):
    __collection__ = "posts"
    structure = {"title": str, "created": datetime, "updated": datetime, "tags": [str]}
    migration_handler = PostMigration


WHEN = datetime(2020, 1, 1)


def test_lazy_migration_on_load(mk: MongoKit, ctx: None) -> None:
    mk.register([Post])
    mk["posts"].insert_one({"_id": 1, "title": "old", "created": WHEN})
    post = mk.Post.get_from_id(1)
    assert post == {
        "_id": 1,
        "title": "old",
        "created": WHEN,
        "updated": WHEN,
        "tags": [],
    }
    assert mk["posts"].find_one() == post
    # An up-to-date document is left alone.
    assert mk.Post.get_from_id(1) == post


def test_bulk_migration_and_status(mk: MongoKit, ctx: None) -> None:
    mk["posts"].insert_many(
        [{"_id": i, "title": "t", "created": WHEN, "rank": i} for i in range(3)]
    )
    migration = PostMigration(Post)
    status = migration.get_deprecated(mk["posts"])
    assert status == {
        "deprecated": [],
        "active": [
            "migration01__add_tags",
            "migration02__copy_created_into_updated",
            "allmigration01__drop_rank",
        ],
    }
    migration.migrate_all(mk["posts"])
    assert mk["posts"].count_documents({"rank": {"$exists": True}}) == 0
    assert (
        "allmigration01__drop_rank"
        in migration.get_deprecated(mk["posts"])["deprecated"]
    )


def test_bad_rules() -> None:
    class Broken(DocumentMigration):
        def migration01__no_update(self) -> None:
            self.target = {}

        def allmigration01__not_operators(self) -> None:
            self.target = {}
            self.update = {"title": "x"}

        def allmigration02__unknown_field(self) -> None:
            self.target = {}
            self.update = {"$set": {"titel": "x"}}

    migration = Broken(Post)
    with pytest.raises(UpdateQueryError, match=r"both self\.target and self\.update"):
        migration._run(migration.migration01__no_update)
    with pytest.raises(UpdateQueryError, match="update operators"):
        migration._run(migration.allmigration01__not_operators)
    with pytest.raises(UpdateQueryError, match="'titel' is not in the structure"):
        migration._run(migration.allmigration02__unknown_field)
    migration.validate_update({"$set": {"tags.0": "x", "title": "y"}})


def test_a_migration_handler_cannot_go_with_use_schemaless() -> None:
    from flask_mongokit import OptionConflictError

    class Handler(DocumentMigration):
        pass

    with pytest.raises(
        OptionConflictError, match="cannot go with use_schemaless"
    ) as info:
        type(
            "Loose",
            (Document,),
            {
                "structure": {"a": int},
                "use_schemaless": True,
                "migration_handler": Handler,
            },
        )
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "You cannot set a migration_handler with use_schemaless set to True"
    )
