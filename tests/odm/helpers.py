"""Small helpers shared by the mapper's tests."""

from __future__ import annotations

from typing import Any


def reload(doc: Any) -> Any:
    """The document as a fresh query loads it."""
    return type(doc).query.get(doc.mongo_id)


def stored(doc: Any) -> dict[str, Any]:
    """The document exactly as MongoDB holds it."""
    raw = type(doc).get_collection().find_one({"_id": doc.mongo_id})
    assert raw is not None
    return raw
