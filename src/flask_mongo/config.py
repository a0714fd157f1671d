"""Reading an app's configuration into :class:`ConnectionSettings`.

All keys share one prefix (``MONGO`` by default), so one app can hold the
settings of several extension instances: ``MONGO_URI`` and ``ARCHIVE_URI``.
The settings are read once, at ``init_app``; errors surface there, not at the
first query.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any
from urllib.parse import parse_qsl, unquote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pymongo.errors import ConfigurationError, InvalidURI
from pymongo.uri_parser import parse_uri

from .core.read_options import client_defaults
from .errors import ConfigWarning, ImproperlyConfigured
from .settings import (
    DRIVER_SCHEMES,
    EMBEDDED_SCHEME,
    ConnectionSettings,
    EmbeddedSpec,
    redact_mapping,
    redact_uri,
)

__all__ = [
    "ConnectionSettings",
    "EmbeddedSpec",
    "check_uri",
    "parse_flag",
    "parse_milliseconds",
    "parse_name",
    "parse_port",
    "parse_timezone",
    "redact_mapping",
    "redact_uri",
    "settings_from_config",
    "warn_unknown_keys",
]

# Each setting's key suffixes; the first spelling is the documented one.
_KEYS: dict[str, tuple[str, ...]] = {
    "uri": ("URI", "CONNECTION_STRING"),
    "database": ("DATABASE",),
    "host": ("HOST", "SERVER"),
    "port": ("PORT",),
    "username": ("USERNAME", "USER"),
    "password": ("PASSWORD",),
    "auth_source": ("AUTH_SOURCE",),
    "replica_set": ("REPLICA_SET",),
    "options": ("OPTIONS",),
    "timezone": ("TIMEZONE",),
    "client_options": ("CLIENT_OPTIONS",),
    "read_preference": ("READ_PREFERENCE",),
    "read_concern": ("READ_CONCERN",),
    "write_concern": ("WRITE_CONCERN",),
    # Flask integration, not connection: read here so that one list of
    # known keys drives the unknown-key warning.
    "json_provider": ("JSON_PROVIDER",),
    "record_queries": ("RECORD_QUERIES",),
    "slow_query_ms": ("SLOW_QUERY_MS",),
    "gridfs_bucket": ("GRIDFS_BUCKET",),
    "sessions_collection": ("SESSIONS_COLLECTION",),
    "causal_consistency": ("CAUSAL_CONSISTENCY",),
    "transaction_per_request": ("TRANSACTION_PER_REQUEST",),
}


@dataclass(frozen=True)
class _ParsedUri:
    scheme: str
    username: str | None
    password: str | None
    database: str | None
    options: Mapping[str, Any]


def _parse_uri(uri: str, key: str) -> _ParsedUri:
    """``uri`` checked by PyMongo's own parser, at ``init_app`` rather than
    at the first query; errors name ``key`` and never show the password."""
    scheme, sep, _rest = uri.partition("://")
    if not sep or scheme not in (*DRIVER_SCHEMES, EMBEDDED_SCHEME):
        raise ImproperlyConfigured(
            f"{key} must start with mongodb://, mongodb+srv:// or"
            f" {EMBEDDED_SCHEME}:// (got {redact_uri(uri)!r})"
        )
    if scheme == EMBEDDED_SCHEME:
        return _ParsedUri(scheme, None, None, None, {})
    parsed = check_uri(uri, key)
    if parsed["collection"]:
        raise ImproperlyConfigured(
            f"{key} names the collection {parsed['collection']!r} after the"
            f" database ({redact_uri(uri)!r}); a URI names only a database:"
            f" mongodb://host/{parsed['database']}"
        )
    return _ParsedUri(
        scheme,
        parsed["username"],
        parsed["password"],
        parsed["database"],
        parsed["options"],
    )


def check_uri(uri: str, key: str) -> dict[str, Any]:
    """``uri`` parsed by :func:`pymongo.uri_parser.parse_uri`, without the DNS
    look-up a ``mongodb+srv://`` URI needs (the driver does it on connect).

    :raises ImproperlyConfigured: PyMongo refuses the URI; the message names
        ``key`` and PyMongo's reason, with any password hidden.
    """
    checked = uri
    if uri.startswith("mongodb+srv://"):
        checked = "mongodb://" + uri[len("mongodb+srv://") :]
    try:
        return parse_uri(checked, warn=False)
    except (InvalidURI, ConfigurationError, ValueError) as error:
        message = f"{key} is not a valid MongoDB URI ({redact_uri(uri)!r}): {error}"
        secret = _password_in(checked)
        if secret:
            message = message.replace(secret, "***").replace(unquote(secret), "***")
        raise ImproperlyConfigured(message) from None


def _password_in(uri: str) -> str | None:
    userinfo, at, _ = uri.partition("://")[2].partition("/")[0].rpartition("@")
    return userinfo.partition(":")[2] or None if at else None


def _parse_options(value: object, key: str) -> tuple[str | None, dict[str, Any]]:
    """``P_OPTIONS``: a query string (URI units) or a dict (keyword units)."""
    if value is None or value == "":
        return None, {}
    if isinstance(value, str):
        query = value.lstrip("?")
        try:
            parse_qsl(query, strict_parsing=True)
        except ValueError:
            raise ImproperlyConfigured(
                f"{key} must be a query string like 'w=1&appname=x' or a dict,"
                f" got {value!r}"
            ) from None
        return query, {}
    if isinstance(value, Mapping):
        return None, dict(value)
    raise ImproperlyConfigured(
        f"{key} must be a query string like 'w=1&appname=x' or a dict,"
        f" got {type(value).__name__}"
    )


def parse_port(value: object, key: str) -> int | None:
    """A port given as an int or a numeric string (legacy configs used '27017')."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ImproperlyConfigured(f"{key} must be a port number, got {value!r}")
    try:
        port = int(str(value))
    except (TypeError, ValueError):
        raise ImproperlyConfigured(
            f"{key} must be a port number, got {value!r}"
        ) from None
    if not 0 < port < 65536:
        raise ImproperlyConfigured(f"{key} must be between 1 and 65535, got {port}")
    return port


def parse_timezone(value: object, key: str) -> tzinfo | None:
    """A tz database name (``'Europe/Paris'``) or a ``tzinfo``."""
    if value is None or value == "":
        return None
    if isinstance(value, tzinfo):
        return value
    if isinstance(value, str):
        try:
            return ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise ImproperlyConfigured(
        f"{key} must be a time zone name such as 'UTC' or 'Europe/Paris', got {value!r}"
    )


def parse_flag(value: object, key: str) -> bool | None:
    """A boolean key; None when unset."""
    if value is None or isinstance(value, bool):
        return value
    raise ImproperlyConfigured(f"{key} must be True or False, got {value!r}")


def parse_milliseconds(value: object, key: str) -> float | None:
    """A duration in milliseconds (an int or a float, 0 or more)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ImproperlyConfigured(
            f"{key} must be a number of milliseconds (0 or more), got {value!r}"
        )
    return float(value)


def parse_name(value: object, default: str, key: str) -> str:
    """A collection or bucket name; ``default`` when unset."""
    if value is None:
        return default
    if not isinstance(value, str) or not value or "$" in value or "\x00" in value:
        raise ImproperlyConfigured(
            f"{key} must be a collection name (a non-empty str without '$'),"
            f" got {value!r}"
        )
    return value


def _pick(config: Mapping[str, Any], prefix: str, name: str) -> tuple[str, Any]:
    """The value of one setting, accepting its aliases but not two of them."""
    found = [
        (f"{prefix}_{s}", config[f"{prefix}_{s}"])
        for s in _KEYS[name]
        if config.get(f"{prefix}_{s}") is not None
    ]
    if len(found) > 1 and any(v != found[0][1] for _, v in found):
        names = " and ".join(k for k, _ in found)
        raise ImproperlyConfigured(f"{names} are synonyms with different values")
    if found:
        return found[0]
    return f"{prefix}_{_KEYS[name][0]}", None


def warn_unknown_keys(
    config: Mapping[str, Any],
    prefix: str,
    suffixes: Iterable[str] | None = None,
    *,
    reader: str = "Flask-Mongo",
    stacklevel: int = 4,
) -> None:
    """Warn (:class:`ConfigWarning`) about ``{prefix}_*`` keys that are not
    ``{prefix}_{suffix}`` for a known suffix: most often a typo.

    :param suffixes: the known suffixes; default: every Flask-Mongo key.
    :param reader: who reads the keys, for the message.
    """
    if suffixes is None:
        suffixes = (s for spellings in _KEYS.values() for s in spellings)
    known = {f"{prefix}_{s}" for s in suffixes}
    unknown = sorted(k for k in config if k.startswith(f"{prefix}_") and k not in known)
    if unknown:
        warnings.warn(
            f"unknown configuration keys {', '.join(unknown)}; {reader} reads"
            f" {', '.join(sorted(known))}",
            ConfigWarning,
            stacklevel=stacklevel,
        )


def settings_from_config(
    config: Mapping[str, Any], prefix: str = "MONGO", *, instance_path: str = "."
) -> ConnectionSettings:
    """Read the ``{prefix}_*`` keys of a Flask config.

    :raises ImproperlyConfigured: a key has a bad value, a URI is given
        together with separate keys that say something else, or no database
        name can be found.
    """
    warn_unknown_keys(config, prefix)
    values = {name: _pick(config, prefix, name) for name in _KEYS}
    uri_key, uri = values["uri"]
    db_key = f"{prefix}_DATABASE"
    database = values["database"][1]
    options_key, options_value = values["options"]
    options_query, options = _parse_options(options_value, options_key)
    client_options = values["client_options"][1] or {}
    if not isinstance(client_options, Mapping):
        raise ImproperlyConfigured(
            f"{prefix}_CLIENT_OPTIONS must be a dict of MongoClient keyword arguments"
        )
    username = values["username"][1]
    password = values["password"][1]
    auth_source = values["auth_source"][1]
    replica_set = values["replica_set"][1]
    embedded = None

    if uri is not None:
        if not isinstance(uri, str):
            raise ImproperlyConfigured(f"{uri_key} must be a string")
        parsed = _parse_uri(uri, uri_key)
        conflicts = [values[n][0] for n in ("host", "port") if values[n][1] is not None]
        pairs = (
            ("username", username, parsed.username),
            ("password", password, parsed.password),
            ("auth_source", auth_source, parsed.options.get("authSource")),
            ("replica_set", replica_set, parsed.options.get("replicaSet")),
        )
        conflicts += [
            values[name][0]
            for name, ours, theirs in pairs
            if ours is not None and theirs is not None and str(ours) != theirs
        ]
        if conflicts:
            raise ImproperlyConfigured(
                f"{uri_key} and {', '.join(conflicts)} both say how to connect;"
                f" keep the setting in one place (in the URI, or in the separate"
                f" keys without a URI)"
            )
        database = database or parsed.database
        if parsed.scheme == EMBEDDED_SCHEME:
            from .embedded import parse_embedded_uri

            embedded = parse_embedded_uri(uri, instance_path)
            uri = None
    if not database:
        raise ImproperlyConfigured(
            f"no database name: set {db_key}, or put the name in {uri_key}"
            " (mongodb://host/NAME)"
        )
    if not isinstance(database, str):
        raise ImproperlyConfigured(f"{db_key} must be a string")
    host = values["host"][1]
    if host is not None and not isinstance(host, str):
        raise ImproperlyConfigured(f"{values['host'][0]} must be a host name string")
    settings = ConnectionSettings(
        database=database,
        uri=uri,
        host=host,
        port=parse_port(values["port"][1], f"{prefix}_PORT"),
        username=username,
        password=password,
        auth_source=auth_source,
        replica_set=replica_set,
        uri_options=options_query,
        client_options={
            **options,
            **client_defaults(
                values["read_preference"][1],
                values["read_concern"][1],
                values["write_concern"][1],
                prefix,
            ),
            **client_options,
        },
        timezone=parse_timezone(values["timezone"][1], f"{prefix}_TIMEZONE"),
        embedded=embedded,
        json_provider=parse_flag(values["json_provider"][1], f"{prefix}_JSON_PROVIDER")
        is not False,
        record_queries=parse_flag(
            values["record_queries"][1], f"{prefix}_RECORD_QUERIES"
        ),
        slow_query_ms=parse_milliseconds(
            values["slow_query_ms"][1], f"{prefix}_SLOW_QUERY_MS"
        ),
        causal_consistency=parse_flag(
            values["causal_consistency"][1], f"{prefix}_CAUSAL_CONSISTENCY"
        )
        is True,
        transaction_per_request=parse_flag(
            values["transaction_per_request"][1], f"{prefix}_TRANSACTION_PER_REQUEST"
        )
        is True,
        gridfs_bucket=parse_name(
            values["gridfs_bucket"][1], "fs", values["gridfs_bucket"][0]
        ),
        sessions_collection=parse_name(
            values["sessions_collection"][1],
            "sessions",
            values["sessions_collection"][0],
        ),
    )
    if embedded is None:
        # Host, port and options together make the URI the driver gets.
        where = uri_key if uri is not None else f"{prefix}_HOST/PORT"
        if options_query:
            where += f" with {options_key}"
        check_uri(settings.client_arguments()[0], where)
    return settings
