"""MongoAlchemy's ``update_expression`` module: the update expressions of
queries (``Book.query.set(...).execute()``) and their exceptions.

``UpdateException`` (a :class:`~flask_mongo.errors.BadQueryException`) is
raised for a malformed update, ``InvalidModifierException`` for an operator
that does not fit its field (``inc()`` of a str, ``append()`` to a non-list,
``remove(Book.isbn, Page.num == 8)``), ``ConflictingModifierException`` for
two operators on one path.
"""

from flask_mongo.errors import BadQueryException, BadValueException
from flask_mongo.odm.update_builder import (
    BadUpdateArguments,
    ConflictingModifierException,
    InvalidModifierException,
    UpdateException,
)
from flask_mongo.odm.updates import FindAndModifyExpression, UpdateExpression

__all__ = [
    "BadQueryException",
    "BadUpdateArguments",
    "BadValueException",
    "ConflictingModifierException",
    "FindAndModifyExpression",
    "InvalidModifierException",
    "UpdateException",
    "UpdateExpression",
]
