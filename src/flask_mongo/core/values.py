"""Value rules shared by both mappers: written once, used everywhere.

Each function either answers a question about a value (``is_number``,
``is_valid_key``) or refuses it with a :class:`~flask_mongo.errors`
exception whose message says what to do instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

from bson import ObjectId
from bson.errors import InvalidId

from ..errors import BadQueryException, BadValueException

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "MAX_DEPTH",
    "MISSING",
    "check_depth",
    "check_key",
    "check_storable",
    "fits_int64",
    "is_number",
    "is_valid_key",
    "reject_operators",
    "to_object_id",
]


class _Missing:
    """The "no value" marker (``None`` is a value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> _Missing:
        return self

    def __deepcopy__(self, memo: object) -> _Missing:
        return self

    def __reduce__(self) -> str:
        return "MISSING"


#: Marks a value that is absent (a field never set, a path that leads
#: nowhere). ``None`` is a value; ``MISSING`` is its absence.
MISSING: Final[Any] = _Missing()

#: The bounds of a BSON int64; larger Python ints cannot be stored.
INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1

# A MongoDB key: a non-empty str without '.', NUL or a leading '$'.
_KEY = re.compile(r"[^$.\x00][^.\x00]*")


def is_number(value: object) -> bool:
    """An ``int`` or ``float`` that is not a ``bool``.

    Python makes ``bool`` a subclass of ``int``; a form or JSON body sending
    ``true`` where a number belongs is a mistake worth reporting.
    """
    return isinstance(value, int | float) and not isinstance(value, bool)


def fits_int64(value: int) -> bool:
    """Whether an ``int`` can be stored as a BSON int64."""
    return INT64_MIN <= value <= INT64_MAX


def is_valid_key(key: object) -> bool:
    """Whether ``key`` can be a key of a stored document."""
    return isinstance(key, str) and _KEY.fullmatch(key) is not None


def check_key(key: object, where: str | None = None) -> str:
    """``key`` if it can be a stored key; :class:`BadQueryException` otherwise.

    ``where`` names the field the key belongs to, for the message.
    """
    if is_valid_key(key):
        return key  # type: ignore[return-value]
    place = f" in {where!r}" if where else ""
    raise BadQueryException(
        f"{key!r}{place} cannot be a MongoDB field name: it must be a non-empty"
        " str without '.', NUL, or a leading '$'"
    )


def to_object_id(value: object) -> ObjectId | None:
    """``value`` as an ObjectId: an ObjectId, or its 24-hex-digit string
    (or 12 bytes); ``None`` for anything else, including malformed strings."""
    if isinstance(value, ObjectId):
        return value
    if isinstance(value, str | bytes):
        try:
            return ObjectId(value)
        except (InvalidId, TypeError):
            return None
    return None


#: How deeply MongoDB lets documents nest (a stored document and the
#: values inside it).
MAX_DEPTH: Final = 100


def _walk(value: object, name: str) -> Iterator[tuple[object, object]]:
    """Every (key, item) below ``value`` (``MISSING`` as the key of a list
    item), walked without recursion and never deeper than :data:`MAX_DEPTH`
    (a deeper value raises, naming ``name``)."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            items: Any = current.items()
        elif isinstance(current, list | tuple):
            items = ((MISSING, item) for item in current)
        else:
            continue
        if depth > MAX_DEPTH:
            raise BadValueException(
                name,
                value,
                f"nested more than {MAX_DEPTH} levels deep, which MongoDB"
                " cannot store; flatten the value",
            )
        for key, item in items:
            yield key, item
            stack.append((item, depth + 1))


def check_depth(value: object, name: str) -> None:
    """Refuse a value nested deeper than MongoDB stores (:data:`MAX_DEPTH`
    levels of documents and arrays), before anything is written.

    :raises BadValueException: naming ``name`` (a field, a document).
    """
    for _ in _walk(value, name):
        pass


def check_storable(value: object, name: str) -> None:
    """Refuse a value MongoDB cannot store as it is, at any depth: nested
    deeper than :data:`MAX_DEPTH`, or holding a dict key that
    :func:`is_valid_key` refuses (not a str, empty, with '.' or NUL, or a
    leading '$'). Such a key would be split into a path by an update
    (``a.b`` is the key ``b`` under ``a``), or read as an operator.

    :raises BadValueException: naming ``name`` and the key.
    """
    if not isinstance(value, dict | list | tuple):
        return
    for key, _item in _walk(value, name):
        if key is not MISSING and not is_valid_key(key):
            raise BadValueException(
                name,
                value,
                f"the key {key!r} cannot be stored: a key must be a non-empty"
                " str without '.', NUL or a leading '$'; rename it, or store"
                " such data as a list of [key, value] pairs",
            )


def reject_operators(value: object, name: str) -> None:
    """Refuse dicts whose keys start with ``$`` anywhere inside ``value``.

    A value from a request must never become a query operator
    (``{'$ne': None}`` would match every document). Values nested deeper
    than MongoDB stores are refused too.
    """
    if not isinstance(value, dict | list | tuple):
        return  # the common case, kept cheap: queries run it per value
    for key, _item in _walk(value, name):
        if isinstance(key, str) and key.startswith("$"):
            raise BadValueException(
                name, value, "a value may not contain keys starting with '$'"
            )
