"""The active transaction's session, for the dict documents' operations.

Inside ``with db.transaction():`` (see :mod:`flask_mongo.core.transactions`),
every read and write of a document, a bound class or a legacy collection on
that extension's client runs in the transaction, as the typed documents'
do. An explicit ``session=`` always wins. GridFS attachments are the
exception: PyMongo's GridFS cannot join a transaction, so they are read and
written outside it.
"""

from __future__ import annotations

from typing import Any

from pymongo.collection import Collection

from ..core.transactions import session_for

__all__ = ["session_options"]


def session_options(
    collection: Collection[Any], options: dict[str, Any] | None = None
) -> dict[str, Any]:
    """``options`` (a new dict when None) with ``session`` set to the active
    transaction's session, when there is one for ``collection``'s client and
    ``options`` names no session of its own."""
    options = {} if options is None else options
    if "session" not in options:
        session = session_for(collection.database.client)
        if session is not None:
            options["session"] = session
    return options
