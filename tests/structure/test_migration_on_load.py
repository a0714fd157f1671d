"""Loading migrates with Document's own check, not a subclass's validate()."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from flask_mongokit import Document, DocumentMigration, MongoKit
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
