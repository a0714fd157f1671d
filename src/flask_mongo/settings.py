"""Connection settings: what one ``MongoClient`` needs, and its database.

:class:`ConnectionSettings` is what :mod:`flask_mongo.config` reads from an
app's config; it builds the client's arguments and never shows a password.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from typing import Any, Literal
from urllib.parse import urlsplit

from .errors import ImproperlyConfigured

__all__ = [
    "DRIVER_SCHEMES",
    "EMBEDDED_SCHEME",
    "ConnectionSettings",
    "EmbeddedSpec",
    "redact_mapping",
    "redact_uri",
]

#: The URI schemes handed to PyMongo.
DRIVER_SCHEMES = ("mongodb", "mongodb+srv")
#: The URI scheme of the embedded engine (see :mod:`flask_mongo.embedded`).
EMBEDDED_SCHEME = "mongoeco"

_SECRET = re.compile(r"pass|pwd|secret|token|key", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EmbeddedSpec:
    """Where the embedded engine keeps its data."""

    engine: Literal["memory", "sqlite"]
    #: Absolute path of the SQLite file; None for the memory engine.
    path: str | None = None


@dataclass(frozen=True)
class ConnectionSettings:
    """Everything needed to build one ``MongoClient`` and pick its database.

    Credentials stay separate from the URI and reach the driver as keyword
    arguments, so any character in a password works and nothing has to be
    escaped. ``repr()`` never shows a password.
    """

    database: str
    uri: str | None = None
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    auth_source: str | None = None
    replica_set: str | None = None
    #: Driver options given as a query string (``w=1&appname=x``); PyMongo
    #: parses them as URI options, with their URI units and spellings.
    uri_options: str | None = None
    #: Keyword arguments for ``MongoClient``.
    client_options: Mapping[str, Any] = field(default_factory=dict)
    timezone: tzinfo | None = None
    embedded: EmbeddedSpec | None = None
    #: Install :class:`flask_mongo.json.MongoJSONProvider` (``P_JSON_PROVIDER``).
    json_provider: bool = True
    #: Record every command of an app context (``P_RECORD_QUERIES``); None
    #: means "when the app is in debug or testing mode".
    record_queries: bool | None = None
    #: Log commands slower than this many milliseconds (``P_SLOW_QUERY_MS``).
    slow_query_ms: float | None = None
    #: Each request's operations share one causally consistent session
    #: (``P_CAUSAL_CONSISTENCY``): a read after a write sees it.
    causal_consistency: bool = False
    #: Each request runs in a transaction, committed when the view answers
    #: below 400 (``P_TRANSACTION_PER_REQUEST``).
    transaction_per_request: bool = False
    #: The GridFS bucket of ``Mongo.save_file`` and friends (``P_GRIDFS_BUCKET``).
    gridfs_bucket: str = "fs"
    #: The collection of ``Mongo.init_sessions`` (``P_SESSIONS_COLLECTION``).
    sessions_collection: str = "sessions"

    def __repr__(self) -> str:
        shown = {
            "database": self.database,
            "uri": redact_uri(self.uri) if self.uri else None,
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "password": "***" if self.password is not None else None,
            "auth_source": self.auth_source,
            "replica_set": self.replica_set,
            "uri_options": self.uri_options,
            "client_options": redact_mapping(self.client_options),
            "timezone": self.timezone,
            "embedded": self.embedded,
            "json_provider": None if self.json_provider else False,
            "record_queries": self.record_queries,
            "slow_query_ms": self.slow_query_ms,
            "causal_consistency": self.causal_consistency or None,
            "transaction_per_request": self.transaction_per_request or None,
            "gridfs_bucket": None if self.gridfs_bucket == "fs" else self.gridfs_bucket,
            "sessions_collection": None
            if self.sessions_collection == "sessions"
            else self.sessions_collection,
        }
        body = ", ".join(f"{k}={v!r}" for k, v in shown.items() if v is not None)
        return f"ConnectionSettings({body})"

    def with_embedded_address(self, host: str, port: int) -> ConnectionSettings:
        """These settings pointed at a running embedded server."""
        return replace(self, host=host, port=port, embedded=None)

    def client_arguments(self) -> tuple[str, dict[str, Any]]:
        """The ``host`` argument and keyword arguments for ``MongoClient``."""
        if self.embedded is not None:
            raise RuntimeError("start the embedded server before building a client")
        target = self.uri or _host_uri(self.host or "localhost", self.port)
        if self.uri_options:
            target = _append_query(target, self.uri_options)
        kwargs: dict[str, Any] = {}
        if self.username is not None:
            kwargs["username"] = self.username
        if self.password is not None:
            kwargs["password"] = self.password
        if self.auth_source is not None:
            kwargs["authSource"] = self.auth_source
        if self.replica_set:
            kwargs["replicaSet"] = self.replica_set
        if self.timezone is not None:
            kwargs["tz_aware"] = True
            kwargs["tzinfo"] = self.timezone
        kwargs.update(self.client_options)
        return target, kwargs


def redact_uri(uri: str) -> str:
    """``uri`` with any password replaced by ``***``."""
    return re.sub(r"(://[^:/?#@]*:)[^@/]*@", r"\1***@", uri)


def redact_mapping(options: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``options`` with values of secret-looking keys hidden."""
    return {k: "***" if _SECRET.search(k) else v for k, v in options.items()}


def _host_uri(host: str, port: int | None) -> str:
    if "," not in host and not host.startswith("[") and host.count(":") > 1:
        host = f"[{host}]"  # a bare IPv6 address
    elif port is not None and "," not in host and ":" in host:
        raise ImproperlyConfigured(
            f"the host {host!r} already has a port and a port is configured too;"
            " give the port in one place"
        )
    return f"mongodb://{host}:{port}/" if port is not None else f"mongodb://{host}/"


def _append_query(uri: str, query: str) -> str:
    parts = urlsplit(uri)
    if parts.query:
        return f"{uri}&{query}"
    if parts.path in ("", None):
        return f"{uri}/?{query}"
    return f"{uri}?{query}"
