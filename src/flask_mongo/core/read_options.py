"""How a read is routed and bounded, and how a write is acknowledged:
read preference, read concern, time limit, comment, collation, write
concern. One description both mappers' queries keep, and the app-wide
defaults read from the config (``MONGO_READ_PREFERENCE``, ...).

The read preference and the concerns are the collection's (PyMongo sends
``$readPreference`` and ``readConcern`` with each command);
``maxTimeMS``, ``comment`` and ``collation`` go with the command itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Self

from pymongo.collation import Collation
from pymongo.collection import Collection
from pymongo.read_concern import ReadConcern
from pymongo.read_preferences import (
    Nearest,
    Primary,
    PrimaryPreferred,
    Secondary,
    SecondaryPreferred,
    _ServerMode,
)
from pymongo.write_concern import WriteConcern

from ..errors import BadQueryException, ImproperlyConfigured

__all__ = [
    "ChoosesReadOptions",
    "ReadOptions",
    "client_defaults",
    "parse_read_concern",
    "parse_read_preference",
    "parse_write_concern",
    "with_write_concern",
]

_MODES: dict[str, Callable[[], _ServerMode]] = {
    "primary": Primary,
    "primarypreferred": PrimaryPreferred,
    "secondary": Secondary,
    "secondarypreferred": SecondaryPreferred,
    "nearest": Nearest,
}
_LEVELS = ("local", "available", "majority", "linearizable", "snapshot")


def parse_read_preference(value: object) -> _ServerMode:
    """A PyMongo read preference from itself or its mode's name
    (``"secondaryPreferred"``, ``"secondary_preferred"``, ``"SECONDARY"``).

    :raises ValueError: an unknown name.
    """
    if isinstance(value, _ServerMode):
        return value
    if isinstance(value, str):
        mode = _MODES.get(value.replace("_", "").lower())
        if mode is not None:
            return mode()
    raise ValueError(
        f"read preference must be one of primary, primaryPreferred, secondary,"
        f" secondaryPreferred, nearest (or a pymongo ReadPreference), got {value!r}"
    )


def parse_read_concern(value: object) -> ReadConcern:
    """A PyMongo read concern from itself or its level (``"majority"``).

    :raises ValueError: an unknown level.
    """
    if isinstance(value, ReadConcern):
        return value
    if isinstance(value, str) and value in _LEVELS:
        return ReadConcern(value)
    raise ValueError(
        f"read concern level must be one of {', '.join(_LEVELS)}, got {value!r}"
    )


def parse_write_concern(value: object) -> WriteConcern:
    """A PyMongo write concern from itself, a ``w`` value (``1``,
    ``"majority"``) or a dict of its options (``{"w": 2, "wtimeout": 500}``).

    :raises ValueError: anything else.
    """
    if isinstance(value, WriteConcern):
        return value
    try:
        if isinstance(value, Mapping):
            return WriteConcern(**value)
        if isinstance(value, str) or (
            isinstance(value, int) and not isinstance(value, bool)
        ):
            return WriteConcern(w=value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"bad write concern {value!r}: {error}") from None
    raise ValueError(
        f"write concern must be a w value (1, 'majority'), a dict of WriteConcern"
        f" options or a WriteConcern, got {value!r}"
    )


def with_write_concern(collection: Collection[Any], value: object) -> Collection[Any]:
    """``collection``, acknowledging writes with ``value`` (see
    :func:`parse_write_concern`) when it is not None."""
    if value is None:
        return collection
    try:
        concern = parse_write_concern(value)
    except ValueError as error:
        raise BadQueryException(str(error)) from None
    return collection.with_options(write_concern=concern)


def client_defaults(
    read_preference: object, read_concern: object, write_concern: object, prefix: str
) -> dict[str, Any]:
    """``MongoClient`` keyword arguments for the app-wide defaults
    (``{prefix}_READ_PREFERENCE``, ``_READ_CONCERN``, ``_WRITE_CONCERN``).

    :raises ImproperlyConfigured: a bad value, naming its key.
    """
    options: dict[str, Any] = {}
    try:
        key = f"{prefix}_READ_PREFERENCE"
        if read_preference is not None:
            options["read_preference"] = parse_read_preference(read_preference)
        key = f"{prefix}_READ_CONCERN"
        if read_concern is not None:
            level = parse_read_concern(read_concern).level
            options["readConcernLevel"] = level
        key = f"{prefix}_WRITE_CONCERN"
        if write_concern is not None:
            document = parse_write_concern(write_concern).document
            # MongoClient spells some write concern options its own way.
            names = {"wtimeout": "wTimeoutMS", "j": "journal"}
            options.update({names.get(k, k): v for k, v in document.items()})
    except ValueError as error:
        raise ImproperlyConfigured(f"{key}: {error}") from None
    return options


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """Per-query read settings; ``None`` keeps the collection's (the app's
    defaults)."""

    read_preference: _ServerMode | None = None
    read_concern: ReadConcern | None = None
    max_time_ms: int | None = None
    comment: Any = None
    collation: Collation | Mapping[str, Any] | None = None

    def with_read_preference(self, value: object) -> ReadOptions:
        """A copy reading with ``value`` (see :func:`parse_read_preference`)."""
        try:
            return replace(self, read_preference=parse_read_preference(value))
        except ValueError as error:
            raise BadQueryException(str(error)) from None

    def with_read_concern(self, value: object) -> ReadOptions:
        """A copy reading with the concern ``value`` (a level or ReadConcern)."""
        try:
            return replace(self, read_concern=parse_read_concern(value))
        except ValueError as error:
            raise BadQueryException(str(error)) from None

    def with_max_time_ms(self, value: object) -> ReadOptions:
        """A copy that the server aborts after ``value`` milliseconds."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise BadQueryException(f"max_time_ms() takes an int >= 1, got {value!r}")
        return replace(self, max_time_ms=value)

    def with_comment(self, value: Any) -> ReadOptions:
        """A copy whose commands carry ``value`` (seen in the server's logs
        and profiler)."""
        return replace(self, comment=value)

    def with_collation(self, value: object) -> ReadOptions:
        """A copy comparing strings with ``value`` (a Collation or its dict)."""
        if not isinstance(value, Collation | Mapping) or (
            isinstance(value, Mapping) and "locale" not in value
        ):
            raise BadQueryException(
                f"collation() takes a pymongo Collation or a dict with a 'locale',"
                f" got {value!r}"
            )
        return replace(self, collation=value)

    def collection(self, collection: Collection[Any]) -> Collection[Any]:
        """``collection`` with this read preference and read concern."""
        options: dict[str, Any] = {}
        if self.read_preference is not None:
            options["read_preference"] = self.read_preference
        if self.read_concern is not None:
            options["read_concern"] = self.read_concern
        return collection.with_options(**options) if options else collection

    def command_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``find`` / ``aggregate`` /
        ``count_documents`` / ``distinct`` for the time limit, comment and
        collation."""
        arguments: dict[str, Any] = {}
        if self.max_time_ms is not None:
            arguments["maxTimeMS"] = self.max_time_ms
        if self.comment is not None:
            arguments["comment"] = self.comment
        if self.collation is not None:
            arguments["collation"] = self.collation
        return arguments

    def find_arguments(self) -> dict[str, Any]:
        """Like :meth:`command_arguments`, spelled as ``find`` takes them."""
        arguments = self.command_arguments()
        if "maxTimeMS" in arguments:
            arguments["max_time_ms"] = arguments.pop("maxTimeMS")
        return arguments


class ChoosesReadOptions:
    """Gives a query its ``read_preference()``, ``read_concern()``,
    ``max_time_ms()``, ``comment()`` and ``collation()``: each sets one
    option and returns the query, so calls chain."""

    _read: ReadOptions = ReadOptions()

    def read_preference(self, mode: object) -> Self:
        """Read from ``mode``'s members (``"secondaryPreferred"``, or a
        pymongo ``ReadPreference``, with tag sets or max staleness)."""
        self._read = self._read.with_read_preference(mode)
        return self

    def read_concern(self, level: object) -> Self:
        """Read with this concern (``"majority"``, ``"local"``, ... or a
        pymongo ``ReadConcern``)."""
        self._read = self._read.with_read_concern(level)
        return self

    def max_time_ms(self, milliseconds: int) -> Self:
        """Let the server abort the query after ``milliseconds``."""
        self._read = self._read.with_max_time_ms(milliseconds)
        return self

    def comment(self, comment: Any) -> Self:
        """Attach ``comment`` to the commands (the server's logs show it)."""
        self._read = self._read.with_comment(comment)
        return self

    def collation(self, collation: Collation | Mapping[str, Any]) -> Self:
        """Compare strings by ``collation`` (``{"locale": "fr", "strength": 1}``)."""
        self._read = self._read.with_collation(collation)
        return self
