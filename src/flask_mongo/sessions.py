"""Server-side sessions: Flask's ``session`` kept in a MongoDB collection.

``db.init_sessions(app)`` makes :class:`MongoSessionInterface` the app's
session interface. Each session is one document of the collection
``MONGO_SESSIONS_COLLECTION`` (default ``sessions``)::

    {"_id": "<session id>", "data": {...the session...}, "expires": datetime}

The cookie holds only the id, signed with the app's ``SECRET_KEY`` (and
verified with ``SECRET_KEY_FALLBACKS`` too); the data never leaves the
server. An id is 32 random bytes (:func:`secrets.token_urlsafe`). A cookie
whose signature does not verify, or whose document is gone or past its
``expires``, starts a new, empty session with a new id.

``expires`` is the time of the last write plus
``PERMANENT_SESSION_LIFETIME``, for permanent sessions and browser sessions
alike (the browser forgets a browser session's cookie when it closes; the
server still needs a date to forget the document). A TTL index on
``expires``, created on the first write of each app, lets MongoDB delete
expired documents (within a minute or so; the ``expires`` check on reading
makes the exact date hold).

A session is written only when it was modified, or when it is permanent
and ``SESSION_REFRESH_EACH_REQUEST`` is on (then only ``expires`` is
updated). As with Flask's cookie sessions, changing a mutable value in
place (``session["cart"].append(x)``) needs ``session.modified = True``.
An emptied session (``session.clear()``) deletes its document and the
cookie. A session whose document was deleted while a request ran (a logout
in another tab) is not written back, so a logout cannot be undone by a
request that was already running.

Values must be storable in BSON: ``str``, numbers, ``bool``, ``None``,
``datetime``, ``bytes``, ``UUID``, ``ObjectId``, lists and dicts with
``str`` keys. Tuples come back as lists and datetimes as UTC-aware values.
Anything else raises :class:`SessionDataError` when the session is saved.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import bson
from bson.binary import UuidRepresentation
from bson.errors import InvalidDocument
from flask import Flask, Request
from flask.sessions import SecureCookieSession, SessionInterface, SessionMixin
from itsdangerous import BadSignature, Signer
from pymongo import ASCENDING
from pymongo.collection import Collection
from werkzeug.wrappers import Response

from .core.values import is_valid_key
from .errors import SessionDataError

if TYPE_CHECKING:
    from .extension import Mongo

__all__ = ["MongoSession", "MongoSessionInterface", "SessionDataError"]

#: Bytes of randomness in a session id (256 bits).
ID_BYTES = 32


class MongoSession(SecureCookieSession):
    """A session stored in MongoDB: a dict that knows its id.

    ``modified`` and ``accessed`` are tracked as by Flask's cookie session.
    """

    def __init__(
        self, initial: Mapping[str, Any] | None = None, sid: str | None = None
    ) -> None:
        super().__init__(initial)
        #: The id of the stored document; None until first saved.
        self.sid = sid
        self.new = sid is None
        self.regenerate_requested = False

    def regenerate(self) -> None:
        """Move this session to a new id when the response is saved; the
        document of the old id is deleted. Call it on login (and on any
        change of privilege) so that an id an attacker planted before
        (session fixation) is worthless afterwards."""
        self.regenerate_requested = True
        self.modified = True


class MongoSessionInterface(SessionInterface):
    """Flask sessions in the collection ``collection`` of ``mongo``'s
    database (see the module doc). Install it with ``db.init_sessions(app)``.

    .. versionadded:: 0.1
    """

    #: Salt of the cookie's signature, so that no other signed value of the
    #: app can pass for a session id.
    salt = "flask-mongo.session-id"
    session_class = MongoSession

    def __init__(self, mongo: Mongo, collection: str = "sessions") -> None:
        self.mongo = mongo
        self.collection_name = collection
        self._indexed: weakref.WeakSet[Flask] = weakref.WeakSet()
        self._lock = threading.Lock()

    def get_signer(self, app: Flask) -> Signer | None:
        """The signer of session cookies; None without ``SECRET_KEY`` (Flask
        then gives a null session that refuses writes, saying why)."""
        if not app.secret_key:
            return None
        # itsdangerous signs with the last key and accepts every one.
        keys = [*(app.config.get("SECRET_KEY_FALLBACKS") or ()), app.secret_key]
        return Signer(
            keys,
            salt=self.salt,
            key_derivation="hmac",
            digest_method=hashlib.sha256,
        )

    def get_collection(self, app: Flask) -> Collection[dict[str, Any]]:
        """The collection of ``app``'s sessions."""
        database = self.mongo.get_state(app).database
        # UUIDs must be storable, and datetimes come back aware in UTC as
        # from Flask's cookie sessions, whatever the client's own options.
        options = database.codec_options.with_options(
            tz_aware=True,
            tzinfo=UTC,
            uuid_representation=UuidRepresentation.STANDARD,
        )
        return database.get_collection(self.collection_name, codec_options=options)

    def open_session(self, app: Flask, request: Request) -> MongoSession | None:
        """The session named by the request's cookie, or a new empty one."""
        signer = self.get_signer(app)
        if signer is None:
            return None
        cookie = request.cookies.get(self.get_cookie_name(app))
        if not cookie:
            return self.session_class()
        try:
            sid = signer.unsign(cookie).decode("ascii")
        except (BadSignature, UnicodeError):
            return self.session_class()
        document = self.get_collection(app).find_one(
            {"_id": sid, "expires": {"$gt": datetime.now(UTC)}}
        )
        if document is None or not isinstance(document.get("data"), Mapping):
            return self.session_class()
        return self.session_class(document["data"], sid=sid)

    def save_session(
        self, app: Flask, session: SessionMixin, response: Response
    ) -> None:
        """Write the session if needed (see the module doc) and set or
        delete the cookie.

        :raises SessionDataError: a value cannot be stored in BSON.
        """
        if not isinstance(session, MongoSession):
            raise TypeError(
                f"MongoSessionInterface saves MongoSession objects, not"
                f" {type(session).__name__}"
            )
        if session.accessed:
            response.vary.add("Cookie")
        collection = self.get_collection(app)
        if not session:
            if session.modified:
                if session.sid is not None:
                    collection.delete_one({"_id": session.sid})
                self._delete_cookie(app, response)
            return
        if not self.should_set_cookie(app, session):
            return
        expires = datetime.now(UTC) + app.permanent_session_lifetime
        self._ensure_index(app, collection)
        sid = self._write(collection, session, expires)
        if sid is None:
            # Deleted since this request opened it (a logout, an expiry): not
            # recreated, or a request started before a logout would undo it.
            self._delete_cookie(app, response)
            return
        signer = self.get_signer(app)
        assert signer is not None  # open_session made no null session
        response.set_cookie(
            self.get_cookie_name(app),
            signer.sign(sid).decode("ascii"),
            expires=self.get_expiration_time(app, session),
            **self._cookie_options(app),
        )
        response.vary.add("Cookie")

    def _write(
        self, collection: Collection[Any], session: MongoSession, expires: datetime
    ) -> str | None:
        """Store ``session``; its id, or None when its document is gone."""
        old = session.sid
        if old is None or session.regenerate_requested:
            data = check_session_data(session, collection)
            sid = secrets.token_urlsafe(ID_BYTES)
            collection.insert_one({"_id": sid, "data": data, "expires": expires})
            if old is not None:
                collection.delete_one({"_id": old})
            session.sid, session.new, session.regenerate_requested = sid, False, False
            return sid
        if session.modified:
            data = check_session_data(session, collection)
            result = collection.replace_one(
                {"_id": old}, {"data": data, "expires": expires}
            )
        else:  # unchanged, but permanent with SESSION_REFRESH_EACH_REQUEST
            result = collection.update_one({"_id": old}, {"$set": {"expires": expires}})
        return old if result.matched_count else None

    def _delete_cookie(self, app: Flask, response: Response) -> None:
        response.delete_cookie(self.get_cookie_name(app), **self._cookie_options(app))
        response.vary.add("Cookie")

    def _cookie_options(self, app: Flask) -> dict[str, Any]:
        options: dict[str, Any] = {
            "httponly": self.get_cookie_httponly(app),
            "domain": self.get_cookie_domain(app),
            "path": self.get_cookie_path(app),
            "secure": self.get_cookie_secure(app),
            "samesite": self.get_cookie_samesite(app),
        }
        if hasattr(self, "get_cookie_partitioned"):  # Flask 3.1+
            options["partitioned"] = self.get_cookie_partitioned(app)
        return options

    def _ensure_index(self, app: Flask, collection: Collection[Any]) -> None:
        # Once per app, not per request (the index outlives the process);
        # createIndexes keeps an index that already exists.
        if app in self._indexed:
            return
        with self._lock:
            if app not in self._indexed:
                collection.create_index([("expires", ASCENDING)], expireAfterSeconds=0)
                self._indexed.add(app)


def check_session_data(
    session: Mapping[str, Any], collection: Collection[Any]
) -> dict[str, Any]:
    """The session as a dict MongoDB can store.

    :raises SessionDataError: a key or value cannot be stored; the message
        names it.
    """
    data = dict(session)
    _check_keys(data, None)
    for key, value in data.items():
        try:
            bson.encode({key: value}, codec_options=collection.codec_options)
        except (InvalidDocument, TypeError, OverflowError) as error:
            raise SessionDataError(
                f"the session value {key!r} ({type(value).__name__}) cannot be"
                f" stored in MongoDB: {error}. Store str, int, float, bool, None,"
                " datetime, bytes, UUID, ObjectId, or lists and dicts of them"
            ) from None
    return data


def _check_keys(value: Any, path: str | None) -> None:
    if isinstance(value, Mapping):
        for key, item in value.items():
            where = f"{path}.{key}" if path is not None else str(key)
            if not is_valid_key(key):
                raise SessionDataError(
                    f"the session key {where!r} cannot be stored in MongoDB:"
                    " keys must be non-empty str without '.', NUL or a leading '$'"
                )
            _check_keys(item, where)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check_keys(item, f"{path}.{index}")
