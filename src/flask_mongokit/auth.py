"""MongoKit's ``User`` document: a login, an email and a salted password
hash.

The password is hashed with PBKDF2-HMAC-SHA256 (a 40 hex digit salt, then
40 hex digits of the key: 80 characters, the length MongoKit's salted SHA-1
had). :meth:`User.verify_password` also accepts a hash MongoKit 0.9 stored,
so existing users keep logging in; their next ``password = ...`` stores the
new form.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import Any, ClassVar

from flask_mongo.structure import Document

__all__ = ["User"]

_ITERATIONS = 200_000
_SALT_DIGITS = 40


def _pbkdf2(password: bytes, salt: str) -> str:
    key = hashlib.pbkdf2_hmac("sha256", password, salt.encode(), _ITERATIONS, 20)
    return key.hex()


def _legacy_sha1(password: bytes, salt: str) -> str:
    # MongoKit 0.9's hash, only ever compared, never stored.
    return hashlib.sha1(password + salt.encode(), usedforsecurity=False).hexdigest()


class User(Document):
    """A user: ``_id`` is the login; ``user.password`` the salted hash.

    ::

        user = db.users.User()
        user.login = "alice"
        user.email = "alice@example.com"
        user.password = "s3cret"          # stored hashed
        user.save()
        user.verify_password("s3cret")    # True
    """

    structure: ClassVar[dict[Any, Any]] = {
        "_id": str,
        "user": {"login": str, "password": str, "email": str},
    }
    required_fields: ClassVar[list[str]] = ["user.password", "user.email"]
    use_dot_notation: ClassVar[bool] = True

    @property
    def login(self) -> str | None:
        """The login, which is also the ``_id``."""
        login: str | None = self["_id"]
        return login

    @login.setter
    def login(self, login: str) -> None:
        self["_id"] = login
        self["user"]["login"] = login

    @login.deleter
    def login(self) -> None:
        self["_id"] = None
        self["user"]["login"] = None

    @property
    def password(self) -> str | None:
        """The stored hash; setting a password stores its hash."""
        stored: str | None = self["user"]["password"]
        return stored

    @password.setter
    def password(self, password: str | bytes) -> None:
        raw = password.encode() if isinstance(password, str) else password
        salt = os.urandom(_SALT_DIGITS // 2).hex()
        self["user"]["password"] = salt + _pbkdf2(raw, salt)

    @password.deleter
    def password(self) -> None:
        self["user"]["password"] = None

    def verify_password(self, password: str | bytes) -> bool:
        """Whether ``password`` is the one whose hash is stored."""
        stored = self["user"]["password"]
        if not isinstance(stored, str) or len(stored) <= _SALT_DIGITS:
            return False
        raw = password.encode() if isinstance(password, str) else password
        salt, digest = stored[:_SALT_DIGITS], stored[_SALT_DIGITS:]
        return any(
            hmac.compare_digest(digest, hashed(raw, salt))
            for hashed in (_pbkdf2, _legacy_sha1)
        )

    @property
    def email(self) -> str | None:
        """The email address."""
        email: str | None = self["user"]["email"]
        return email

    @email.setter
    def email(self, email: str) -> None:
        self["user"]["email"] = email

    @email.deleter
    def email(self) -> None:
        self["user"]["email"] = None

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save (the ``_id`` must be the login).

        :raises ValueError: ``_id`` and ``user.login`` differ.
        """
        if self["_id"] != self["user"]["login"]:
            raise ValueError("a User's _id must be its login: set user.login")
        super().save(*args, **kwargs)
