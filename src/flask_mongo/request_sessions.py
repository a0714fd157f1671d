"""Sessions that span a request: causal consistency, and a transaction per
request.

With ``MONGO_CAUSAL_CONSISTENCY``, every operation of a request, by either
mapper, runs in the request's session (``db.session``, causally consistent
as PyMongo's explicit sessions are), so a read after a write in the same
request sees that write, even from a secondary.

With ``MONGO_TRANSACTION_PER_REQUEST``, the request's operations also run in
one transaction: committed when the view's response has a status below 400,
aborted for an error response or an exception. A commit that fails turns
the response into a 500 (nothing was written).
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import TYPE_CHECKING

from flask import Flask, Response, g

from .core.transactions import using_session

if TYPE_CHECKING:
    from .extension import Mongo

__all__ = ["install_request_sessions"]


def install_request_sessions(app: Flask, mongo: Mongo, *, transaction: bool) -> None:
    """Make ``mongo``'s session active for every request of ``app`` (and,
    with ``transaction``, run each request in a transaction)."""
    key = f"_flask_mongo_request_{mongo.config_prefix}"

    def begin() -> None:
        session = mongo.client_session
        stack = ExitStack()
        if transaction:
            session.start_transaction()
        stack.enter_context(using_session(session))
        setattr(g, key, stack)

    def finish(response: Response) -> Response:
        if transaction and getattr(g, key, None) is not None:
            session = mongo.client_session
            if session.in_transaction:
                if response.status_code < 400:
                    session.commit_transaction()
                else:
                    session.abort_transaction()
        return response

    def end(exc: BaseException | None) -> None:
        stack: ExitStack | None = g.pop(key, None)
        if stack is None:
            return
        if transaction:
            session = mongo.client_session
            if session.in_transaction:  # the view raised: nothing is kept
                session.abort_transaction()
        stack.close()

    app.before_request(begin)
    app.after_request(finish)
    app.teardown_request(end)
