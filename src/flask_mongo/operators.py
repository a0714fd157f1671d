"""Kept for imports written before :mod:`flask_mongo.core.values`."""

from .core.values import reject_operators

__all__ = ["reject_operators"]
