"""Reading Flask-MongoAlchemy's ``MONGOALCHEMY_*`` keys into the shared
connection settings (:func:`legacy_settings`)."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from flask_mongo.config import (
    ConnectionSettings,
    settings_from_config,
    warn_unknown_keys,
)
from flask_mongo.errors import (
    ConfigWarning,
    ImproperlyConfiguredError,
)

__all__ = ["LEGACY_KEYS", "legacy_settings", "normalize_prefix"]


# The keys a connection string makes irrelevant (the legacy doc: "when it's
# defined, Flask MongoAlchemy will ignore other connection settings").
_CONNECTION_KEYS = (
    "SERVER",
    "PORT",
    "USER",
    "PASSWORD",
    "SERVER_AUTH",
    "REPLICA_SET",
    "OPTIONS",
)
#: The key suffixes Flask-MongoAlchemy reads, plus ``CLIENT_OPTIONS`` (ours).
LEGACY_KEYS = (
    "DATABASE",
    *_CONNECTION_KEYS,
    "SAFE_SESSION",
    "CONNECTION_STRING",
    "TIMEZONE",
    "CLIENT_OPTIONS",
)


def normalize_prefix(prefix: str) -> str:
    if not isinstance(prefix, str) or not prefix.strip("_"):
        raise ImproperlyConfiguredError(
            f"config_prefix must be a non-empty str such as 'MONGOALCHEMY',"
            f" got {prefix!r}"
        )
    return prefix.rstrip("_").upper()


def legacy_settings(
    config: Mapping[str, Any], prefix: str = "MONGOALCHEMY", *, instance_path: str = "."
) -> ConnectionSettings:
    """Read Flask-MongoAlchemy's ``{prefix}_*`` keys.

    :raises ImproperlyConfiguredError: ``{prefix}_DATABASE`` is missing, or
        a key has a value that cannot be used.
    """

    def key(suffix: str) -> str:
        return f"{prefix}_{suffix}"

    def get(suffix: str) -> Any:
        return config.get(key(suffix))

    warn_unknown_keys(
        config, prefix, LEGACY_KEYS, reader="Flask-MongoAlchemy", stacklevel=6
    )
    database = get("DATABASE")
    if database is None or database == "":
        hint = ""
        near = [
            k for k in (key("DBNAME"), key("DB"), key("DATABASE_NAME")) if k in config
        ]
        if near:
            hint = f" ({near[0]} is set, but the key is {key('DATABASE')})"
        raise ImproperlyConfiguredError(
            f"You should provide a database name (the {key('DATABASE')} setting){hint}."
        )
    server_auth = _flag(get("SERVER_AUTH"), key("SERVER_AUTH"), default=True)
    safe_session = _flag(get("SAFE_SESSION"), key("SAFE_SESSION"), default=False)
    client_options = get("CLIENT_OPTIONS")
    if client_options is not None and not isinstance(client_options, Mapping):
        raise ImproperlyConfiguredError(
            f"{key('CLIENT_OPTIONS')} must be a dict of MongoClient keyword arguments"
        )
    modern: dict[str, Any] = {
        key("DATABASE"): database,
        key("TIMEZONE"): get("TIMEZONE"),
        key("CLIENT_OPTIONS"): dict(client_options or {}),
    }
    uri = get("CONNECTION_STRING")
    if uri is not None and uri != "":
        ignored = [
            key(s) for s in _CONNECTION_KEYS if get(s) is not None and get(s) != ""
        ]
        if ignored:
            warnings.warn(
                f"{key('CONNECTION_STRING')} is set, so {', '.join(ignored)}"
                " are ignored; put those settings in the connection string",
                ConfigWarning,
                stacklevel=5,
            )
        modern[key("CONNECTION_STRING")] = uri
        w_values = _uri_w_values(uri)
    else:
        user, password = get("USER"), get("PASSWORD")
        if password is not None and user is None:
            raise ImproperlyConfiguredError(
                f"{key('PASSWORD')} is set but {key('USER')} is not; set both"
            )
        replica_set = get("REPLICA_SET")
        if replica_set is not None and not isinstance(replica_set, str):
            raise ImproperlyConfiguredError(
                f"{key('REPLICA_SET')} must be a replica set name (str)"
            )
        options, w_values = _legacy_options(get("OPTIONS"), key("OPTIONS"))
        modern.update(
            {
                key("SERVER"): _or_default(get("SERVER"), "localhost"),
                key("PORT"): _or_default(get("PORT"), "27017"),
                key("USER"): user,
                key("PASSWORD"): password,
                key("REPLICA_SET"): replica_set or None,
                key("OPTIONS"): options,
            }
        )
        if user is not None:
            modern[key("AUTH_SOURCE")] = "admin" if server_auth else database
    if safe_session:
        _make_safe(modern[key("CLIENT_OPTIONS")], w_values, key("SAFE_SESSION"))
    return settings_from_config(
        {k: v for k, v in modern.items() if v is not None},
        prefix,
        instance_path=instance_path,
    )


def _or_default(value: object, default: str) -> object:
    return default if value is None or value == "" else value


def _flag(value: object, key: str, *, default: bool) -> bool:
    """A boolean key; anything else is refused rather than guessed at (the
    string ``'False'`` is true in Python)."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise ImproperlyConfiguredError(f"{key} must be True or False, got {value!r}")


def _legacy_options(value: object, key: str) -> tuple[Any, list[str]]:
    """``P_OPTIONS`` to pass on, and the ``w`` values it gives, with PyMongo
    2's ``safe`` option translated (PyMongo 4 refuses it)."""
    if value is None or value == "":
        return None, []
    if isinstance(value, str):
        query = value.lstrip("?")
        try:
            pairs = parse_qsl(query, strict_parsing=True)
        except ValueError:
            raise ImproperlyConfiguredError(
                f"{key} must be a query string of URI options like"
                f" 'w=1&appname=x', got {value!r}"
            ) from None
    elif isinstance(value, Mapping):
        pairs = [(str(k), _option_text(v)) for k, v in value.items()]
    else:
        raise ImproperlyConfiguredError(
            f"{key} must be a query string of URI options like 'w=1&appname=x',"
            f" got {type(value).__name__}"
        )
    w_values = [v for k, v in pairs if k.lower() == "w"]
    safe = [v for k, v in pairs if k.lower() == "safe"]
    if not safe:
        return value, w_values
    if len(safe) > 1 or safe[0].lower() not in ("true", "false"):
        raise ImproperlyConfiguredError(
            f"{key}: safe must be true or false, got {', '.join(safe)}"
        )
    if w_values:
        raise ImproperlyConfiguredError(
            f"{key} has both safe= and w=; PyMongo 4 only knows w=, drop safe="
        )
    w = "1" if safe[0].lower() == "true" else "0"
    warnings.warn(
        f"{key}: PyMongo 4 has no 'safe' option; safe={safe[0]} is read as"
        f" w={w} (write w={w} instead)",
        ConfigWarning,
        stacklevel=6,
    )
    if isinstance(value, str):
        # Drop the safe= item textually, so the other items keep their
        # escaping exactly as written.
        kept = [
            item
            for item in query.split("&")
            if item.partition("=")[0].lower() != "safe"
        ]
        return "&".join([*kept, f"w={w}"]), [w]
    assert isinstance(value, Mapping)
    options = {k: v for k, v in value.items() if str(k).lower() != "safe"}
    options["w"] = int(w)
    return options, [w]


def _option_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _uri_w_values(uri: object) -> list[str]:
    if not isinstance(uri, str):
        return []  # settings_from_config reports the bad value
    return [v for k, v in parse_qsl(urlsplit(uri).query) if k.lower() == "w"]


def _make_safe(
    client_options: dict[str, Any], w_values: list[str], safe_key: str
) -> None:
    """``P_SAFE_SESSION = True``: writes wait for acknowledgement (w=1)
    unless a stronger acknowledged write concern is already configured."""
    given = [
        *w_values,
        *(str(v) for k, v in client_options.items() if k.lower() == "w"),
    ]
    if "0" in given:
        raise ImproperlyConfiguredError(
            f"{safe_key} is True but the options ask for w=0"
            " (unacknowledged writes); drop one of them"
        )
    if not given:
        client_options["w"] = 1
