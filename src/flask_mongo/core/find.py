"""One description of a find, shared by both mappers.

A :class:`FindSpec` is plain data (filter, projection, sort, skip, limit,
hint) that prints and compares as itself; both mappers' queries and
cursors keep one and run it the same way. The Flask helpers
(:func:`not_found`, :func:`found_or_404`) give the same 404 everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn, TypeVar

from flask import abort
from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.cursor import Cursor

from ..errors import BadQueryException
from .read_options import ReadOptions
from .values import is_number

__all__ = ["FindSpec", "check_count", "found_or_404", "not_found"]

T = TypeVar("T")
Raw = dict[str, Any]


def check_count(value: object, name: str) -> int:
    """``value`` if it is a whole number >= 0 (a skip, a limit, an index);
    :class:`BadQueryException` naming ``name`` otherwise."""
    if not is_number(value) or not isinstance(value, int) or value < 0:
        raise BadQueryException(f"{name}() takes an int >= 0, got {value!r}")
    return value


@dataclass(slots=True)
class FindSpec:
    """What one ``find`` sends to the server.

    ``limit`` 0 means no limit; a negative limit (PyMongo 3's "one batch")
    counts as its absolute value.
    """

    filter: dict[str, Any] = field(default_factory=dict)
    projection: Mapping[str, Any] | None = None
    sort: list[tuple[str, Any]] = field(default_factory=list)
    skip: int = 0
    limit: int = 0
    hint: str | Sequence[tuple[str, Any]] | None = None
    #: Read preference, read concern, time limit, comment, collation.
    read: ReadOptions = field(default_factory=ReadOptions)

    def copy(self) -> FindSpec:
        """An independent copy (the filter and sort lists are copied)."""
        return replace(self, filter=dict(self.filter), sort=list(self.sort))

    def find_arguments(self) -> dict[str, Any]:
        """The keyword arguments of :meth:`Collection.find` for this find."""
        arguments: dict[str, Any] = {"filter": self.filter}
        if self.projection is not None:
            arguments["projection"] = self.projection
        if self.sort:
            arguments["sort"] = self.sort
        if self.skip:
            arguments["skip"] = self.skip
        if self.limit:
            arguments["limit"] = self.limit
        if self.hint is not None:
            arguments["hint"] = self.hint
        arguments.update(self.read.find_arguments())
        return arguments

    def cursor(
        self, collection: Collection[Raw], session: ClientSession | None = None
    ) -> Cursor[Raw]:
        """The PyMongo cursor of this find."""
        return self.read.collection(collection).find(
            session=session, **self.find_arguments()
        )

    def count(
        self,
        collection: Collection[Raw],
        *,
        with_limit_and_skip: bool = False,
        session: ClientSession | None = None,
    ) -> int:
        """How many documents match: PyMongo 3's ``count()``, done with
        ``count_documents``. Skip and limit apply only when asked."""
        options: dict[str, Any] = {}
        if with_limit_and_skip:
            if self.skip:
                options["skip"] = self.skip
            if self.limit:
                options["limit"] = abs(self.limit)
        if self.hint is not None:
            options["hint"] = self.hint
        options.update(self.read.command_arguments())
        return self.read.collection(collection).count_documents(
            self.filter, session=session, **options
        )


def not_found(description: str | None = None) -> NoReturn:
    """Abort the request with 404 Not Found (and ``description``, if given)."""
    # One call either way: a test that patches abort() sees exactly one.
    if description is None:
        abort(404)
    else:
        abort(404, description=description)


def found_or_404(found: T | None, description: str | None = None) -> T:
    """``found``, or abort with 404 Not Found when it is ``None``."""
    if found is None:
        not_found(description)
    return found
