"""The session every mapper operation runs in.

Inside ``with db.transaction():`` a :class:`~pymongo.client_session.ClientSession`
is *active* for the extension's client: both mappers pass it to every read
and write they send through that client (saves, removes, queries, update
builders), so the transaction covers them all. Outside one, operations run
without an explicit session, as PyMongo's do.

The active session is kept in a :class:`contextvars.ContextVar`, so each
thread (each request) and each asyncio task sees only its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from pymongo.client_session import ClientSession

__all__ = [
    "active_session",
    "run_in_transaction",
    "session_for",
    "transaction_block",
    "using_session",
]

T = TypeVar("T")

_active: ContextVar[ClientSession | None] = ContextVar(
    "flask_mongo_active_session", default=None
)


def active_session() -> ClientSession | None:
    """The session of the innermost active transaction block, if any."""
    session = _active.get()
    if session is None or session.has_ended:
        return None
    return session


def session_for(client: Any) -> ClientSession | None:
    """The active session if it belongs to ``client`` (a session can only be
    used with the client that started it), else None."""
    session = active_session()
    if session is not None and session.client is client:
        return session
    return None


@contextmanager
def using_session(session: ClientSession) -> Iterator[ClientSession]:
    """Make ``session`` the active one for the block."""
    token = _active.set(session)
    try:
        yield session
    finally:
        _active.reset(token)


@contextmanager
def transaction_block(
    session: ClientSession, options: dict[str, Any]
) -> Iterator[ClientSession]:
    """A transaction on ``session`` for the block, made active: committed
    when the block ends, aborted when it raises. Inside a transaction
    already, the block joins it."""
    if session.in_transaction:
        with using_session(session):
            yield session
        return
    with session.start_transaction(**options), using_session(session):
        yield session


def run_in_transaction(
    session: ClientSession, func: Callable[[ClientSession], T], options: dict[str, Any]
) -> T:
    """``func(session)`` in a transaction with the driver's retry rules
    (:meth:`~pymongo.client_session.ClientSession.with_transaction`), or in
    the transaction already under way."""
    if session.in_transaction:
        with using_session(session):
            return func(session)

    def attempt(session: ClientSession) -> T:
        with using_session(session):
            return func(session)

    return session.with_transaction(attempt, **options)
