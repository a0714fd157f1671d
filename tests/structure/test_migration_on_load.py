"""Loading migrates with Document's own check, not a subclass's validate()."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import pytest

from flask_mongokit import Document, DocumentMigration, MongoKit, SchemaTypeError
from tests.support import found


class TagsMigration(DocumentMigration):
    def migration01__add_tags(self) -> None:
        self.target = {"tags": {"$exists": False}}
        self.update = {"$set": {"tags": []}}


class Strict(Document):
    __collection__ = "strict"
    structure: ClassVar[dict[Any, Any]] = {"title": str, "tags": [str]}
    migration_handler = TagsMigration
    checked: ClassVar[list[str]] = []

    def validate(self, auto_migrate: bool = False) -> None:
        # An override that expects the migrated form.
        Strict.checked.append(",".join(self["tags"]))
        super().validate(auto_migrate)


def test_loading_migrates_without_the_override(mk: MongoKit, ctx: None) -> None:
    mk.register([Strict])
    mk.strict.insert({"_id": 1, "title": "old", "at": datetime(2020, 1, 1)})
    mk.strict.update({"_id": 1}, {"$unset": {"at": ""}})
    doc = found(mk.Strict.get_from_id(1))
    assert doc == {"_id": 1, "title": "old", "tags": []}
    assert Strict.checked == []
    doc.validate()
    assert Strict.checked == [""]


class TitleMigration(DocumentMigration):
    def migration01__title_becomes_a_dict(self) -> None:
        self.target = {"title": {"$type": "string"}}
        assert self.doc is not None
        self.update = {"$set": {"title": {"text": self.doc["title"]}}}

    def migration02__copy_the_new_title(self) -> None:
        self.target = {"copy": {"$exists": False}}
        assert self.doc is not None
        self.update = {"$set": {"copy": self.doc["title"]}}  # as rule 01 left it


class Titled(Document):
    __collection__ = "titled"
    structure: ClassVar[dict[Any, Any]] = {"title": {"text": str}, "copy": str}
    migration_handler = TitleMigration


def test_each_rule_reads_what_the_rules_before_it_left(mk: MongoKit, ctx: None) -> None:
    mk.register([Titled])
    mk.titled.insert({"_id": 1, "title": "old"})
    doc = found(mk.Titled.get_from_id(1))  # loading never raises
    assert doc == {"_id": 1, "title": {"text": "old"}, "copy": {"text": "old"}}
    assert found(mk.titled.find_one()) == doc
    with pytest.raises(SchemaTypeError, match="copy must be an instance of str"):
        doc.validate(auto_migrate=True)  # checked again after migrating
