"""Keeping values from becoming query operators.

Shared by both object mappers: a value that came from a request (a form, a
URL, a JSON body) must never turn into ``{'$ne': None}`` and match every
document.
"""

from __future__ import annotations

from .errors import BadValueException

__all__ = ["reject_operators"]


def reject_operators(value: object, name: str) -> None:
    """Refuse dicts whose keys start with ``$`` anywhere inside ``value``.

    A value from a request must never become a query operator
    (``{'$ne': None}`` would match every document).
    """
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.startswith("$"):
                raise BadValueException(
                    name, value, "a value may not contain keys starting with '$'"
                )
            reject_operators(item, name)
    elif isinstance(value, list | tuple):
        for item in value:
            reject_operators(item, name)
