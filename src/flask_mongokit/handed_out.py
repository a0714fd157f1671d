"""What a :class:`~flask_mongokit.MongoKit` extension hands out for one app,
made once: the database and the bound document classes (``db.Task``).

PyMongo's ``Database`` and ``Collection`` cost more to build than a
document, so they are made again only when the app's client or settings
change. ``db.Task`` is usually looked up once per document a view makes;
:class:`QuickBound` lets the lookup of the last app's classes skip finding
the app's state, at the price of a few identity tests that it is still
what the full lookup would give.
"""

from __future__ import annotations

import os
from weakref import ref

from flask import Flask, current_app

from flask_mongo import AppState, ConnectionSettings
from flask_mongo.structure import BoundDocument, Document

from .connection import Database

__all__ = ["HandedOut", "QuickBound"]

# How many times this process was forked off (in the child): a bound class
# handed out before a fork is never handed out quickly after it, so the
# full lookup makes the child its own client (AppState.client).
_forks = 0


def _count_fork() -> None:
    global _forks
    _forks += 1


os.register_at_fork(after_in_child=_count_fork)


class HandedOut:
    """The database and bound classes one app's client serves."""

    __slots__ = ("bound", "client", "database", "sanitize_filters", "settings", "state")

    def __init__(
        self, state: AppState, client: object, sanitize: bool, database: Database
    ) -> None:
        # A weak reference: the extension keeps these by state, weakly.
        self.state: ref[AppState] = ref(state)
        self.client = client
        self.settings = state.settings
        self.sanitize_filters = sanitize
        self.database = database
        #: Class -> (its __collection__ and __database__ when bound, bound).
        self.bound: dict[
            type[Document], tuple[str, str | None, BoundDocument[Document]]
        ] = {}

    def serves(self, client: object, settings: ConnectionSettings) -> bool:
        """Whether these were made for this client and these settings."""
        return self.client is client and self.settings is settings


class QuickBound:
    """A bound class handed out as ``db.<name>``, and what it was made for.

    :param handed: what the app's client serves (the bound class is one).
    :param name: the registered name.
    :param bound: the bound class.
    """

    __slots__ = ("bound", "collection", "database", "forks", "handed", "name")

    def __init__(
        self, handed: HandedOut, name: str, bound: BoundDocument[Document]
    ) -> None:
        self.handed = handed
        self.name = name
        self.bound = bound
        cls = bound.document_class
        self.collection = cls.__collection__
        self.database = cls.__database__
        self.forks = _forks

    def state_if_current(self, extension_key: str, prefix: str) -> AppState | None:
        """The current app's state when :attr:`bound` is what the full
        lookup would give now, else None (also outside an app context).

        That is: the current app is the one it was made for, whose state
        is still registered under ``prefix`` and still has the client and
        the settings it was made with (its credentials checked, if any);
        the process was not forked since; the class still names the same
        collection and database.
        """
        handed = self.handed
        state: AppState | None = handed.state()
        if state is None or self.forks != _forks:
            return None
        try:
            app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        except RuntimeError:  # no app context: the full lookup says so
            return None
        client = handed.client
        cls = self.bound.document_class
        current = (
            state.app is app
            and app.extensions.get(extension_key, {}).get(prefix) is state
            # AppState.client would make a client: only its identity is read.
            and state._client is client
            and state.settings is handed.settings
            and (state.settings.username is None or state.verified_client is client)
            and cls.__collection__ == self.collection
            and cls.__database__ == self.database
        )
        return state if current else None
