"""JSON for MongoDB values: ``jsonify(collection.find_one())`` just works.

:class:`MongoJSONProvider` is Flask's :class:`~flask.json.provider.DefaultJSONProvider`
with a :meth:`~MongoJSONProvider.default` that also knows the BSON types and
the mappers' documents. ``Mongo.init_app`` installs it as ``app.json`` unless
``MONGO_JSON_PROVIDER = False``, or the app already uses a JSON provider of
its own (any class other than Flask's default): that one is left alone, and
can call :func:`to_json_value` from its ``default`` to get the same rules.

=======================================  =========================================
value                                    JSON
=======================================  =========================================
``ObjectId``                             its 24-digit hex string
``datetime``                             ISO 8601; in UTC with ``Z`` (naive values
                                         are UTC, as PyMongo returns them), or in
                                         ``MONGO_TIMEZONE`` with its offset
``date``                                 ISO 8601 (``2024-05-01``)
``Decimal128``, ``Decimal``              a string, so no digit is lost
``UUID``, ``Binary`` of a UUID subtype   the UUID's string
``bytes``, ``Binary``                    a base64 string
``DBRef``                                ``{"$ref": ..., "$id": ..., "$db": ...}``
``flask_mongo.Document``                 its stored dict (stored key names,
                                         ``_id`` for the id)
MongoKit ``Document`` (a dict)           itself: its keys, ``_id`` for the id
``Pagination``                           ``{"items": [...], "page", "per_page",
                                         "total", "pages", "has_next", "has_prev"}``
``KeysetPage``                           ``{"items": [...], "per_page",
                                         "next_token", "prev_token", "has_next",
                                         "has_prev"}``
=======================================  =========================================
"""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bson import Binary, DBRef, Decimal128, ObjectId
from bson.binary import UUID_SUBTYPE, UuidRepresentation
from flask.json.provider import DefaultJSONProvider

from .core.keyset import KeysetPage
from .core.pagination import Pagination
from .odm.document import Document
from .odm.fields import DateTimeField, ObjectIdField

if TYPE_CHECKING:
    from flask import Flask

__all__ = [
    "MongoJSONProvider",
    "install_json_provider",
    "json_dict",
    "json_items",
    "to_json_value",
]

_OLD_UUID_SUBTYPE = 3  # the legacy, driver-specific UUID byte order


def to_json_value(value: Any, timezone: tzinfo | None = None) -> Any:
    """``value`` as something :func:`json.dumps` can write, following the
    table of the module doc; its parts are converted by the encoder in turn.

    :param timezone: the zone datetimes are written in (default: UTC).
    :raises TypeError: a value of no type in the table.
    """
    if isinstance(value, ObjectId):
        return str(value)
    if isinstance(value, datetime):
        return _datetime(value, timezone)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal128 | Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Binary) and value.subtype in (UUID_SUBTYPE, _OLD_UUID_SUBTYPE):
        # Subtype 3 is only readable as PYTHON_LEGACY, the order PyMongo 3
        # wrote by default; it is the likeliest origin of such values.
        representation = (
            UuidRepresentation.STANDARD
            if value.subtype == UUID_SUBTYPE
            else UuidRepresentation.PYTHON_LEGACY
        )
        return str(value.as_uuid(representation))
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, DBRef):
        # $ref, $id, $db when set, then any extra fields; the id and the
        # extras are converted by the encoder in turn.
        return dict(value.as_doc())
    if isinstance(value, Document):
        return json_dict(value, timezone)
    if isinstance(value, Pagination):
        return {
            "items": json_items(value.items, timezone),
            "page": value.page,
            "per_page": value.per_page,
            "total": value.total,
            "pages": value.pages,
            "has_next": bool(value.has_next),
            "has_prev": bool(value.has_prev),
        }
    if isinstance(value, KeysetPage):
        return {
            "items": json_items(value.items, timezone),
            "per_page": value.per_page,
            "next_token": value.next_token,
            "prev_token": value.prev_token,
            "has_next": value.has_next,
            "has_prev": value.has_prev,
        }
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def stored_dict(document: Document) -> dict[str, Any]:
    """What ``document`` holds, in the form MongoDB stores it.

    Not :meth:`Document.wrap`: that runs the save hooks (a ``ModifiedField``
    would change) and refuses a document loaded with only some fields, and
    writing JSON must neither change a document nor need all of it.
    """
    # The mapper keeps stored values in _data and values assigned since
    # loading, not yet converted, in _cache (see odm/state.py). A loaded
    # document nothing was assigned to has an empty _cache: only the copy.
    stored = dict(document._data)
    cache = document._cache
    if cache:
        fields = type(document)._db_fields
        for key, value in cache.items():
            stored[key] = fields[key].to_mongo(value)
    return stored


def json_dict(document: Document, timezone: tzinfo | None = None) -> dict[str, Any]:
    """A copy of what ``document`` stores, the ids and datetimes of its own
    fields already written as :func:`to_json_value` writes them.

    What the encoder would otherwise call back for, once per value (an id
    and a datetime or two in most documents); other values, and those
    inside embedded documents and lists, are left to :func:`to_json_value`.
    """
    stored = stored_dict(document)
    for key in _id_and_time_keys(type(document)):
        value: Any = stored.get(key)
        kind = type(value)
        if kind is ObjectId:
            stored[key] = str(value)
        elif kind is datetime:
            stored[key] = _datetime(value, timezone)
    return stored


def _id_and_time_keys(cls: type[Document]) -> tuple[str, ...]:
    # The stored keys of cls's id and datetime fields, worked out once per
    # class (kept on the class with the class itself, so that a subclass,
    # which may declare more, works out its own).
    kept: tuple[type[Document], tuple[str, ...]] | None = getattr(
        cls, "_fm_json_keys", None
    )
    if kept is not None and kept[0] is cls:
        return kept[1]
    keys = tuple(
        key
        for key, field in cls._db_fields.items()
        if key == "_id" or isinstance(field, ObjectIdField | DateTimeField)
    )
    cls._fm_json_keys = (cls, keys)  # type: ignore[attr-defined]
    return keys


def json_items(items: list[Any], timezone: tzinfo | None = None) -> list[Any]:
    """``items`` with each document in it as its :func:`json_dict`."""
    return [
        json_dict(item, timezone) if isinstance(item, Document) else item
        for item in items
    ]


def _datetime(value: datetime, timezone: tzinfo | None) -> str:
    if timezone is None and value.tzinfo is None and type(value) is datetime:
        # What the general steps give a naive value (UTC) written in UTC,
        # without them; a subclass may write itself otherwise.
        return value.isoformat() + "Z"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(timezone or UTC)
    text = value.isoformat()
    return text[:-6] + "Z" if timezone is None and text.endswith("+00:00") else text


class MongoJSONProvider(DefaultJSONProvider):
    """Flask's default JSON provider, also writing BSON values and documents
    (see the module doc). Everything else (``sort_keys``, ``compact``,
    dataclasses, ``__html__``) is Flask's.

    .. versionadded:: 0.1
    """

    #: The zone datetimes are written in; None for UTC.
    timezone: tzinfo | None = None

    def default(self, o: Any) -> Any:
        """Convert one value :func:`json.dumps` cannot write."""
        # The encoder calls this for every such value (in a list of documents:
        # each document, its id and its datetimes), so the commonest exact
        # types are answered first, with what to_json_value gives them; any
        # other value, subclasses included, takes the full table.
        kind = type(o)
        if kind is ObjectId:
            return str(o)
        if kind is datetime:
            return _datetime(o, self.timezone)
        if isinstance(o, Document):
            return json_dict(o, self.timezone)
        try:
            return to_json_value(o, self.timezone)
        except TypeError:
            return super().default(o)

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        """Serialize ``obj`` as Flask's provider does; a list of documents
        (``jsonify(query.all())``) is converted up front, without one call
        of :meth:`default` per document."""
        # Only with this class's own default: a subclass that writes
        # documents its own way is called for each one, as before.
        if (
            type(obj) is list
            and "default" not in kwargs
            and type(self).default is MongoJSONProvider.default
        ):
            obj = json_items(obj, self.timezone)
        return super().dumps(obj, **kwargs)


def install_json_provider(app: Flask, timezone: tzinfo | None = None) -> bool:
    """Make ``app.json`` a :class:`MongoJSONProvider`, keeping the settings
    (``sort_keys``, ``compact``...) already made on the current provider.

    Only Flask's own default provider is replaced; an app or extension that
    chose another keeps it. A provider installed by an earlier ``Mongo``
    instance is kept too (its ``timezone`` is the first instance's).

    :returns: True when ``app.json`` is now a :class:`MongoJSONProvider`.
    """
    current = app.json
    if isinstance(current, MongoJSONProvider):
        return True
    if type(current) is not DefaultJSONProvider:
        return False
    provider = MongoJSONProvider(app)
    # Attributes set on the instance (app.json.sort_keys = False) carry over.
    for name, value in vars(current).items():
        if name != "_app":
            setattr(provider, name, value)
    provider.timezone = timezone
    app.json = provider
    return True
