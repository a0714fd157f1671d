"""``_get_mongo_uri``: the URI Flask-MongoAlchemy 0.7 built from its keys.

Kept for code that logged or compared it. The extension never connects
with it: credentials reach the driver as keyword arguments (see
:func:`~flask_mongoalchemy.extension.legacy_settings`). Here they are
percent-escaped, so a password with ``@`` or ``/`` still gives a valid URI
(the legacy code pasted them in as they were).
"""

from __future__ import annotations

from urllib.parse import quote_plus

from flask import Flask

__all__ = ["_get_mongo_uri"]


def _get_mongo_uri(app: Flask, key: str = "MONGOALCHEMY") -> str:
    """The legacy connection URI of ``app``'s ``{key}_*`` settings: the
    connection string when set, else one made of the separate keys."""
    config = app.config

    def get(suffix: str, default: object = None) -> object:
        value = config.get(f"{key}_{suffix}")
        return default if value is None or value == "" else value

    uri = get("CONNECTION_STRING")
    if uri is not None:
        return str(uri)
    credentials = ""
    user = get("USER")
    if user is not None:
        credentials = quote_plus(str(user))
        password = get("PASSWORD")
        if password is not None:
            credentials += ":" + quote_plus(str(password))
        credentials += "@"
    host = f"{get('SERVER', 'localhost')}:{get('PORT', '27017')}"
    # Without server auth, the user authenticates against the database.
    database = ""
    if user is not None and get("SERVER_AUTH", True) is False:
        database = str(get("DATABASE", ""))
    options = get("OPTIONS")
    query = f"?{options}" if options is not None else ""
    return f"mongodb://{credentials}{host}/{database}{query}"
