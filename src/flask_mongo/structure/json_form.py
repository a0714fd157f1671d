"""MongoKit's JSON form of a document (``to_json``, ``to_json_type``,
``from_json``).

A document is written in its Python form with JSON types only:

- a datetime is its milliseconds since the epoch (UTC), as MongoKit wrote
  it; an ObjectId is ``{"$oid": "..."}``; a set or tuple is a list;
- a custom type's Python value is written as it is (``"3C"``), or its
  stored form where the Python value is no JSON type;
- a referenced document (``use_autorefs``) or an embedded one is written
  whole; :meth:`~flask_mongo.structure.document.Document.to_json` puts
  ``"_collection"`` and ``"_database"`` first in a reference, so that
  ``from_json`` can load it back;
- any other BSON value (Binary, UUID, Decimal128, an unloaded DBRef) is
  written as MongoDB Extended JSON.

Reading turns milliseconds (or ``{"$date": ...}``) back into datetimes where
the structure declares a datetime, and reloads references from the
database the JSON names, which must be the one read from (or the class's
``__database__``), and from the class's ``__collection__`` when it has one.
A reference's ``_id`` is only ever matched as a value (``$eq``): JSON never
becomes a query operator.
"""

from __future__ import annotations

import calendar
import json
from datetime import UTC, datetime, timedelta
from itertools import repeat
from typing import TYPE_CHECKING, Any

from bson import DBRef, ObjectId, json_util
from bson.binary import UuidRepresentation
from pymongo.collection import Collection

from .autorefs import AutoRef, EmbeddedDocument
from .exceptions import AutoReferenceError
from .types import CustomType

if TYPE_CHECKING:
    from .document import Document

__all__ = ["from_json_text", "from_millis", "millis", "to_json_text", "to_json_value"]

Raw = dict[str, Any]

_OPTIONS = json_util.JSONOptions(
    json_mode=json_util.JSONMode.RELAXED,
    uuid_representation=UuidRepresentation.STANDARD,
    tz_aware=False,
)
_EPOCH = datetime(1970, 1, 1)


def millis(value: datetime) -> int:
    """Milliseconds since the epoch; a naive datetime is taken as UTC."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return calendar.timegm(value.timetuple()) * 1000 + value.microsecond // 1000


def from_millis(value: int | float) -> datetime:
    """The naive UTC datetime ``value`` milliseconds after the epoch."""
    return _EPOCH + timedelta(milliseconds=value)


def to_json_value(doc: Document, references: bool) -> Raw:
    """The JSON form of ``doc`` (see the module); ``references`` adds
    ``_collection`` and ``_database`` to each referenced document."""
    result: Raw = _document(doc, doc._schema.structure, references, doc.collection)
    return result


def to_json_text(doc: Document) -> str:
    """``doc``'s JSON form as a string (references carry their collection)."""
    return json.dumps(to_json_value(doc, references=True))


def _document(
    doc: Raw, spec: Any, references: bool, collection: Collection[Raw] | None
) -> Raw:
    specs = spec if isinstance(spec, dict) else {}
    return {
        key: _value(item, _entry(specs, key), references, collection)
        for key, item in doc.items()
    }


def _entry(spec: dict[Any, Any], key: str) -> Any:
    if key in spec:
        return spec[key]
    typed = [v for k, v in spec.items() if isinstance(k, type)]
    return typed[0] if typed else None


def _value(
    value: Any, spec: Any, references: bool, collection: Collection[Raw] | None
) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(spec, AutoRef) and isinstance(value, spec.document_class):
        return _reference(value, references, collection)
    if isinstance(spec, EmbeddedDocument) and isinstance(value, dict):
        return _document(value, spec.document_class._schema.structure, references, None)
    if isinstance(spec, CustomType) and not isinstance(spec, AutoRef):
        try:
            return _value(value, None, references, collection)
        except TypeError:  # no JSON form: write the stored one
            return _value(spec.to_bson(value), None, references, collection)
    if isinstance(value, datetime):
        return millis(value)
    if isinstance(value, ObjectId):
        return {"$oid": str(value)}
    if isinstance(value, DBRef):
        return json.loads(json_util.dumps(value, json_options=_OPTIONS))
    if isinstance(value, dict):
        return _document(value, spec, references, collection)
    if isinstance(value, (list, tuple, set, frozenset)):
        subs = spec if isinstance(spec, tuple) else repeat(_item_spec(spec))
        return [_value(v, s, references, collection) for v, s in zip(value, subs)]
    return json_util.default(value, json_options=_OPTIONS)


def _item_spec(spec: Any) -> Any:
    return spec[0] if isinstance(spec, list) and spec else None


def _reference(
    ref: Document, references: bool, collection: Collection[Raw] | None
) -> Raw:
    body = _document(ref, ref._schema.structure, references, ref.collection)
    if "_id" in body:  # a reference starts with what identifies it
        body = {"_id": body.pop("_id"), **body}
    if not references:
        return body
    where = ref.collection if ref.collection is not None else collection
    if where is None:
        return body
    return {"_collection": where.name, "_database": where.database.name, **body}


# -- reading ---------------------------------------------------------------


def from_json_text(
    text: str, structure: Any, collection: Collection[Raw] | None
) -> Raw:
    """The stored form of a document read from its JSON form: what
    ``Document(..., gen_skel=False)`` takes. References become DBRefs; they
    are loaded (through ``collection``'s client) when the document is built.
    """
    data = json_util.loads(text, json_options=_OPTIONS)
    if not isinstance(data, dict):
        raise TypeError(
            f"a document's JSON must be an object, not {type(data).__name__}"
        )
    stored: Raw = _stored(data, structure, collection)
    return stored


def _stored(value: Any, spec: Any, where: Collection[Raw] | None) -> Any:
    if value is None:
        return None
    if (
        spec is datetime
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        return from_millis(value)
    if isinstance(spec, AutoRef):
        return _dbref(value, spec, where)
    if isinstance(spec, EmbeddedDocument):
        return _stored(value, spec.document_class._schema.structure, where)
    if isinstance(spec, CustomType):
        return _custom(value, spec)
    if isinstance(spec, dict) and isinstance(value, dict):
        for key, item in value.items():
            value[key] = _stored(item, _entry(spec, key), where)
        return value
    if isinstance(value, list) and (isinstance(spec, tuple) or _item_spec(spec)):
        subs = spec if isinstance(spec, tuple) else repeat(_item_spec(spec))
        return [_stored(v, s, where) for v, s in zip(value, subs)]
    return value


def _custom(value: Any, spec: CustomType) -> Any:
    # The JSON holds the Python form where it could; a value that is not of
    # the Python type is taken as the stored form.
    python = spec.python_type
    if python is datetime and isinstance(value, (int, float)):
        value = from_millis(value)
    if python is None or isinstance(value, python):
        return spec.to_bson(value)
    return value


def _dbref(value: Any, spec: AutoRef, where: Collection[Raw] | None) -> Any:
    """A DBRef for a reference written by ``to_json`` (``_collection``,
    ``_database``, ``_id``) or as a DBRef; anything else is left for
    validation to refuse."""
    if isinstance(value, dict) and "_collection" in value and "_id" in value:
        database = value.get("_database")
        value = DBRef(value["_collection"], value["_id"], database=database)
    if isinstance(value, DBRef) and where is not None:
        _check_reference(value, spec, where)
    return value


def _check_reference(ref: DBRef, spec: AutoRef, where: Collection[Raw]) -> None:
    # JSON may come from a request: the reference it names is loaded only
    # from where the class's documents live (MongoKit loaded any database's
    # and any collection's document, which JSON could use to read them).
    cls = spec.document_class
    databases = {where.database.name, cls.__database__} - {None}
    if ref.database is not None and ref.database not in databases:
        raise AutoReferenceError(
            f"the JSON references a {cls.__name__} in the database"
            f" {ref.database!r}; from_json() loads references from"
            f" {', '.join(sorted(d for d in databases if d))} only"
        )
    if cls.__collection__ is not None and ref.collection != cls.__collection__:
        raise AutoReferenceError(
            f"the JSON references a {cls.__name__} in the collection"
            f" {ref.collection!r}; {cls.__name__} documents are in"
            f" {cls.__collection__!r}"
        )
