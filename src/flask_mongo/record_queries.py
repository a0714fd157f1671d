"""Recording the commands an app context sends, and logging slow ones.

With ``MONGO_RECORD_QUERIES`` (on by default when ``app.debug`` or
``app.testing``), every command the app's client runs inside an app context
is kept, in order, as a :class:`QueryInfo`; :func:`get_recorded_queries`
returns them. With ``MONGO_SLOW_QUERY_MS``, commands that take longer are
logged as warnings on the ``flask_mongo`` logger, in or out of an app
context. Both use PyMongo's command monitoring: a :class:`QueryListener` is
added to the client's ``event_listeners``, after the user's own.

Recorded commands never hold credentials: authentication and user commands
keep only their name, ``pwd``/``password``/``payload`` values are replaced
by ``"<elided>"``, and binary values over 256 bytes by a short description.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bson import Binary
from flask import Flask, current_app, g, has_app_context
from pymongo import monitoring

__all__ = ["QueryInfo", "QueryListener", "get_recorded_queries"]

logger = logging.getLogger("flask_mongo")

ELIDED = "<elided>"
#: Binary values longer than this are not kept in a recorded command.
MAX_BINARY = 256
# Commands whose whole body is a secret (PyMongo already sends an empty
# body to listeners for most of them; we do not rely on it).
_SECRET_COMMANDS = frozenset(
    {
        "authenticate",
        "saslstart",
        "saslcontinue",
        "getnonce",
        "createuser",
        "updateuser",
        "copydbgetnonce",
        "copydbsaslstart",
        "copydb",
    }
)
_SECRET_KEYS = frozenset({"pwd", "password", "payload"})
# Commands whose first value is a string that is not a collection name.
_NOT_A_COLLECTION = frozenset(
    {"dropuser", "usersinfo", "createrole", "updaterole", "droprole", "rolesinfo"}
)
_G_KEY = "_flask_mongo_queries"
# A command whose completion is never reported must not grow the table of
# started commands forever.
_MAX_PENDING = 1000


@dataclass(frozen=True)
class QueryInfo:
    """One command sent to MongoDB.

    .. versionadded:: 0.1
    """

    #: ``find``, ``insert``, ``aggregate``, ...
    command_name: str
    database: str
    #: The collection the command acts on; None for database commands.
    collection: str | None
    #: The command document, credentials and large binaries elided.
    command: dict[str, Any]
    #: How long the server took to answer, in milliseconds.
    duration_ms: float
    #: The server's (or the driver's) error message when the command failed.
    error: str | None = None
    #: The server's error code when the command failed with one.
    error_code: int | None = None


def get_recorded_queries() -> list[QueryInfo]:
    """The commands recorded in the current app context, oldest first;
    empty when recording is off (``MONGO_RECORD_QUERIES = False``).

    :raises RuntimeError: outside an app context.

    .. versionadded:: 0.1
    """
    if not has_app_context():
        raise RuntimeError(
            "Working outside of application context: recorded queries belong"
            " to an app context. Push one with 'with app.app_context():'."
        )
    return list(g.get(_G_KEY, ()))


@dataclass(frozen=True, slots=True)
class _Started:
    collection: str | None
    command: dict[str, Any] | None  # None: not recorded (no app context)


class QueryListener(monitoring.CommandListener):
    """Records and times the commands of one app's client.

    :param app: the app whose contexts hold the records.
    :param record: keep the commands run in this app's contexts.
    :param slow_query_ms: log commands slower than this; None for never.
    """

    def __init__(self, app: Flask, *, record: bool, slow_query_ms: float | None):
        self.app = app
        self.record = record
        self.slow_query_ms = slow_query_ms
        # Keyed by (connection, request id): PyMongo reports a command's
        # end on the thread that started it, but one listener serves every
        # thread of the app.
        self._started: dict[tuple[Any, int], _Started] = {}

    def _recording(self) -> bool:
        return (
            self.record
            and has_app_context()
            and current_app._get_current_object() is self.app  # type: ignore[attr-defined]
        )

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        """Note a command's collection (and, when recorded, its document)."""
        recording = self._recording()
        if not recording and self.slow_query_ms is None:
            return
        if len(self._started) >= _MAX_PENDING:
            self._started.clear()
        name = event.command_name
        self._started[(event.connection_id, event.request_id)] = _Started(
            collection=_collection_of(name, event.command),
            command=safe_command(name, event.command) if recording else None,
        )

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        """Record and time a command that succeeded."""
        self._finish(event, None)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        """Record and time a command that failed, with its error."""
        failure = event.failure if isinstance(event.failure, Mapping) else {}
        self._finish(event, failure)

    def _finish(
        self,
        event: monitoring.CommandSucceededEvent | monitoring.CommandFailedEvent,
        failure: Mapping[str, Any] | None,
    ) -> None:
        started = self._started.pop((event.connection_id, event.request_id), None)
        if started is None:
            return
        duration_ms = event.duration_micros / 1000
        if self.slow_query_ms is not None and duration_ms >= self.slow_query_ms:
            where = event.database_name
            if started.collection is not None:
                where = f"{where}.{started.collection}"
            logger.warning(
                "slow MongoDB command %s on %s: %.1f ms%s",
                event.command_name,
                where,
                duration_ms,
                " (failed)" if failure is not None else "",
            )
        if started.command is None or not has_app_context():
            return
        error = error_code = None
        if failure is not None:
            error = str(failure.get("errmsg") or failure.get("errtype") or "failed")
            code = failure.get("code")
            error_code = code if isinstance(code, int) else None
        queries: list[QueryInfo] = g.setdefault(_G_KEY, [])
        queries.append(
            QueryInfo(
                command_name=event.command_name,
                database=event.database_name,
                collection=started.collection,
                command=started.command,
                duration_ms=duration_ms,
                error=error,
                error_code=error_code,
            )
        )


def make_listener(
    app: Flask, record: bool | None, slow_query_ms: float | None
) -> QueryListener | None:
    """The listener for an app's new client, or None when there is nothing
    to do. ``record=None`` means "when the app is in debug or testing mode",
    read now (the client is created on first use, after the app is set up)."""
    if record is None:
        record = app.debug or app.testing
    if not record and slow_query_ms is None:
        return None
    return QueryListener(app, record=record, slow_query_ms=slow_query_ms)


def safe_command(name: str, command: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``command`` fit to keep and show: no credentials, no large
    binaries."""
    if name.lower() in _SECRET_COMMANDS:
        return {name: ELIDED}
    return {key: _safe_value(key, value) for key, value in command.items()}


def _safe_value(key: str, value: Any) -> Any:
    if key.lower() in _SECRET_KEYS:
        return ELIDED
    if isinstance(value, Mapping):
        return {k: _safe_value(k, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_safe_value("", v) for v in value]
    if isinstance(value, bytes | bytearray) and len(value) > MAX_BINARY:
        subtype = value.subtype if isinstance(value, Binary) else 0
        return f"<binary subtype {subtype}, {len(value)} bytes>"
    return value


def _collection_of(name: str, command: Mapping[str, Any]) -> str | None:
    if name == "getMore":
        collection = command.get("collection")
        return collection if isinstance(collection, str) else None
    lowered = name.lower()
    if lowered in _SECRET_COMMANDS or lowered in _NOT_A_COLLECTION:
        return None
    first = next(iter(command.values()), None)
    return first if isinstance(first, str) else None
