"""Kept for imports written before :mod:`flask_mongo.core.pagination`."""

from .core.pagination import (
    CallableBool,
    PaginatedQuery,
    Pagination,
    build_page,
    check_page_found,
    resolve_page_args,
)

__all__ = [
    "CallableBool",
    "PaginatedQuery",
    "Pagination",
    "build_page",
    "check_page_found",
    "resolve_page_args",
]
