"""MongoKit's ``Paginator(cursor, page, limit)``.

A :class:`~flask_mongo.core.pagination.Pagination` with MongoKit's
attribute names added, so templates written for either API work. The page
is fetched as ``cursor.paginate()`` fetches one (the shared
:func:`~flask_mongo.core.pagination.build_page`), but it never aborts: an
out-of-range page, however far, is simply empty (use ``cursor.paginate()``
for the Flask 404 rule).
"""

from __future__ import annotations

from typing import Generic, TypeVar

from ..core.pagination import Pagination
from .cursor import DocumentCursor

__all__ = ["Paginator"]

T = TypeVar("T")


class Paginator(Pagination[T], Generic[T]):
    """One page of a cursor's results.

    :param cursor: the results of a ``find()``.
    :param page: the 1-based page number.
    :param limit: the number of items on a page.
    """

    def __init__(
        self, cursor: DocumentCursor[T], page: int = 1, limit: int = 10
    ) -> None:
        page, limit = int(page), int(limit)
        if page < 1 or limit < 1:
            raise ValueError(
                f"page and limit must be at least 1, got {page} and {limit}"
            )
        found = cursor.paginate(page, limit, error_out=False)
        super().__init__(cursor, page, limit, found.total, found.items)

    @property
    def count(self) -> int:
        """The number of items on all pages."""
        return self.total

    @property
    def num_pages(self) -> int:
        """The number of pages."""
        return self.pages

    @property
    def is_paginated(self) -> bool:
        """Whether there is more than one page."""
        return self.pages > 1

    @property
    def current_page(self) -> int:
        """This page's number."""
        return self.page

    @property
    def previous_page(self) -> int:
        """This page's number minus one (check :attr:`has_previous`)."""
        return self.page - 1

    @property
    def next_page(self) -> int:
        """This page's number plus one (check :attr:`has_next`)."""
        return self.page + 1

    @property
    def has_previous(self) -> bool:
        """Whether this is not the first page."""
        return self.page > 1

    @property
    def start_index(self) -> int:
        """The 1-based position of this page's first item in all items."""
        return (self.page - 1) * self.per_page + 1

    @property
    def end_index(self) -> int:
        """The 1-based position of this page's last item in all items."""
        return min(self.page * self.per_page, self.total)

    @property
    def page_range(self) -> list[int]:
        """Every page number, from 1."""
        return list(range(1, self.pages + 1))
