"""Filters that cannot carry operators from user input (opt-in).

A collection made with ``sanitize_filters=True`` (Flask-MongoKit's
``MONGODB_SANITIZE_FILTERS = True``) refuses, in the filters given to
``find``, ``find_one``, ``count``, ``update``, ``find_and_modify`` and
``remove``, any dict below a field name whose keys start with ``$``::

    tasks.find({"title": request.args["title"]})   # {'$ne': None}? refused
    tasks.find({"rank": trusted({"$gt": 3})})       # the code's own operator

Top-level ``$and``, ``$or`` and ``$nor`` hold filters, checked the same way;
other top-level operators (``$where``, ``$text``...) are the code's own.
:func:`trusted` marks a filter, or a value inside one, as written by the
program.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .exceptions import UntrustedFilterError

__all__ = ["Trusted", "check_filter", "sanitize", "trusted"]

_LOGICAL = ("$and", "$or", "$nor")


class Trusted(dict[str, Any]):
    """A filter or operator dict the program wrote itself (see
    :func:`trusted`); to PyMongo it is a plain dict."""

    __slots__ = ()


def trusted(value: Mapping[str, Any]) -> Trusted:
    """Mark ``value`` (a whole filter, or an operator dict inside one) as
    written by the program, so that sanitized collections accept it."""
    return value if isinstance(value, Trusted) else Trusted(value)


def check_filter(filter: Any, where: str) -> None:
    """Refuse operators below a field name in ``filter``.

    :param where: what received the filter, for the message.
    :raises UntrustedFilterError: naming the field.
    """
    if not isinstance(filter, Mapping) or isinstance(filter, Trusted):
        return  # an _id, None, or the program's own filter
    for key, value in filter.items():
        if not isinstance(key, str) or not key.startswith("$"):
            _check_value(value, str(key), where)
        elif key in _LOGICAL and isinstance(value, list | tuple):
            for item in value:
                check_filter(item, where)


def _check_value(value: Any, path: str, where: str) -> None:
    if isinstance(value, Trusted):
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and key.startswith("$"):
                raise UntrustedFilterError(
                    f"{where}: the value of {path!r} holds the operator {key!r};"
                    " MONGODB_SANITIZE_FILTERS refuses operators from values. If"
                    " the code wrote it, wrap it: trusted({...})",
                    path,
                )
            _check_value(item, f"{path}.{key}", where)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_value(item, path, where)


def sanitize(collection: object, filter: Any, where: str) -> None:
    """:func:`check_filter` when ``collection`` sanitizes its filters."""
    if getattr(collection, "sanitize_filters", False):
        check_filter(filter, where)
