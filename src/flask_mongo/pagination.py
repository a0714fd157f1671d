"""Kept for imports written before :mod:`flask_mongo.core.pagination`,
where pagination now lives."""

from .core.pagination import *  # noqa: F403
from .core.pagination import __all__ as __all__
