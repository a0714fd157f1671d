"""Stored documents for the server tasks, and the queries that find them.

:func:`fill` stores ``n`` copies of a data set's document, each with its own
first field; each ``by_*`` function gives, for one stored document, the raw
filter, a function running Flask-Mongo's query, and one running
MongoEngine's.
"""

from __future__ import annotations

from typing import Any

from pymongo.collection import Collection

from . import competitors as c
from . import data
from . import models as m


def fill(coll: Collection[dict[str, Any]], doc: data.Doc, n: int) -> None:
    """Store ``n`` copies of ``doc``, each with a distinct first field."""
    coll.drop()
    docs = data.with_ids(doc, n)
    for i, stored in enumerate(docs):
        # A distinct first field, so that a filter on it finds one document.
        first = next(k for k in stored if k != "_id")
        if isinstance(stored[first], dict):
            stored[first] = {**stored[first], "field1": f"key-{i}"}
        else:
            stored[first] = f"key-{i}"
    coll.insert_many(docs)


def by_id(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Find a small document by ``_id``."""
    oid = stored["_id"]
    return (
        {"_id": oid},
        lambda: m.SmallDoc.query.get(oid),
        lambda: c.MESmall.objects(id=oid).first(),
    )


def by_filter(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Find a small document by its first field."""
    key = stored["field1"]
    SmallDoc = m.SmallDoc
    return (
        {"field1": key},
        lambda: SmallDoc.query.filter(SmallDoc.field1 == key).first(),
        lambda: c.MESmall.objects(field1=key).first(),
    )


def by_nested(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Find a nested document by an embedded field and ``_id``."""
    oid, key = stored["_id"], stored["embedded_str_doc_1"]["field1"]
    N = m.NestedDoc
    return (
        {"embedded_str_doc_1.field1": key, "_id": oid},
        lambda: N.query.filter(
            N.embedded_str_doc_1.field1 == key, N.mongo_id == oid
        ).first(),
        lambda: c.MENested.objects(embedded_str_doc_1__field1=key, id=oid).first(),
    )


def by_nested_array(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    """Find a nested document by a field of its array and ``_id``."""
    oid = stored["_id"]
    key = stored["embedded_str_doc_array"][1]["field2"]
    N = m.NestedDoc
    return (
        {"embedded_str_doc_array.field2": key, "_id": oid},
        lambda: N.query.filter(
            N.embedded_str_doc_array.field2 == key, N.mongo_id == oid
        ).first(),
        lambda: c.MENested.objects(embedded_str_doc_array__field2=key, id=oid).first(),
    )
