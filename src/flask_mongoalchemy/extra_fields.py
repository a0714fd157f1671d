"""Stored keys a MongoAlchemy document does not declare (its "extra
fields", kept with ``config_extra_fields = 'ignore'``), as a live mapping.

``doc.get_extra_fields()`` is a view of the document's own stored dict:
setting or deleting a key there changes the document, and the next
``save()`` / ``session.update(doc)`` writes it (``$set`` / ``$unset``).
Keys are checked as stored keys are (no ``.`` or leading ``$``), and
values may not hold ``$`` operators; declared fields are reached through
their attributes, never here.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from flask_mongo.core.values import check_key, reject_operators
from flask_mongo.errors import BadQueryException
from flask_mongo.odm.plain_reads import detach

if TYPE_CHECKING:
    from flask_mongo.odm import Document

__all__ = ["ExtraFields", "set_extra"]


def _declared(doc: Document) -> set[str]:
    cls = type(doc)
    return {*cls._db_fields, *([cls._poly_key] if cls._poly_key else [])}


def set_extra(doc: Document, key: str, value: Any) -> None:
    """Store ``value`` under the undeclared key ``key`` of ``doc``."""
    check_key(key)
    if key in _declared(doc):
        raise BadQueryException(
            f"{key!r} is a declared key of {type(doc).__name__}: set it through"
            " its attribute"
        )
    reject_operators(value, key)
    doc._mark(key)  # first: it may copy _data (see odm.state.SHARED)
    detach(doc)  # an extra key is no attribute (see odm.plain_reads)
    doc._data[key] = value


class ExtraFields(MutableMapping[str, Any]):
    """The undeclared stored keys of one document (see the module docstring)."""

    __slots__ = ("_doc",)

    def __init__(self, doc: Document) -> None:
        self._doc = doc

    def _keys(self) -> list[str]:
        declared = _declared(self._doc)
        return [k for k in self._doc._data if k not in declared]

    def __getitem__(self, key: str) -> Any:
        if key not in self._keys():
            raise KeyError(key)
        return self._doc._data[key]

    def __setitem__(self, key: str, value: Any) -> None:
        set_extra(self._doc, key, value)

    def __delitem__(self, key: str) -> None:
        if key not in self._keys():
            raise KeyError(key)
        self._doc._mark(key)  # first: it may copy _data
        del self._doc._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __repr__(self) -> str:
        return f"ExtraFields({dict(self)!r})"
