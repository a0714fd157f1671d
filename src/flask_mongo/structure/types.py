"""What a structure can say about a value besides a plain type.

* :class:`OR`, :class:`NOT`, :class:`IS`: the value is one of several types,
  none of several types, or one of several values.
* :class:`CustomType`: a Python value stored in another form (convert on the
  way in and out); :class:`Set` is one, a ``set`` stored as a list.
* :data:`AUTHORIZED_TYPES`: the types a document may hold by default.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterator
from typing import Any, ClassVar

from bson import (
    Binary,
    Code,
    DBRef,
    Decimal128,
    Int64,
    MaxKey,
    MinKey,
    ObjectId,
    Regex,
    Timestamp,
)

from ..core.values import is_number
from .exceptions import SetItemTypeError

__all__ = [
    "AUTHORIZED_TYPES",
    "IS",
    "NOT",
    "OR",
    "CustomType",
    "SchemaOperator",
    "Set",
    "describe",
    "is_instance",
]


class CustomType:
    """A field whose Python value is stored in MongoDB in another form.

    Subclass it, set :attr:`mongo_type` (the stored type) and
    :attr:`python_type` (the Python one, checked by validation), and
    implement :meth:`to_bson` and :meth:`to_python`::

        class IsoDate(CustomType):
            mongo_type = str
            python_type = datetime.date

            def to_bson(self, value):
                return value.isoformat()

            def to_python(self, value):
                return datetime.date.fromisoformat(value)

        class Event(Document):
            structure = {"day": IsoDate()}

    A document holds the Python form; it is converted to the stored form when
    written and back when read. ``None`` is never converted.
    """

    #: The type stored in MongoDB (required).
    mongo_type: type[Any] | None = None
    #: The type of the Python value (required); checked by validation.
    python_type: type[Any] | None = None
    #: A type or callable giving the value of a new document's field.
    init_type: Any = None
    #: Validation checks that :meth:`to_bson` gives a :attr:`mongo_type`
    #: (the package's own types, whose stored form is known, skip it).
    check_stored: ClassVar[bool] = True

    def __init__(self) -> None:
        if self.mongo_type is None:
            raise TypeError(
                f"{type(self).__name__} must set mongo_type, the type stored in MongoDB"
            )
        if self.python_type is None:
            raise TypeError(
                f"{type(self).__name__} must set python_type, the type of the value"
                " in Python"
            )

    def to_bson(self, value: Any) -> Any:
        """Convert a Python value to its stored form."""
        raise NotImplementedError(f"{type(self).__name__}.to_bson")

    def to_python(self, value: Any) -> Any:
        """Convert a stored value to its Python form."""
        raise NotImplementedError(f"{type(self).__name__}.to_python")

    def validate(self, value: Any, path: str) -> None:
        """Check a Python value (never ``None``) beyond its type; raise one of
        the :mod:`~flask_mongo.structure.exceptions` to refuse it."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class Set(CustomType):
    """A Python ``set``, stored as a list: ``{'tags': Set(str)}``.

    :param item_type: the type (or operator) of every item; ``None`` for any.
    """

    mongo_type = list
    python_type = set
    init_type = set
    check_stored = False

    def __init__(self, item_type: Any = None) -> None:
        super().__init__()
        self.item_type = item_type

    def to_bson(self, value: Any) -> list[Any]:
        return list(value)

    def to_python(self, value: Any) -> set[Any]:
        return set(value)

    def validate(self, value: Any, path: str) -> None:
        if self.item_type is None:
            return
        for item in value:
            if not matches(item, self.item_type):
                raise SetItemTypeError(
                    f"{path} must be a set of {describe(self.item_type)},"
                    f" not contain {type(item).__name__} ({item!r})",
                    path,
                )

    def __repr__(self) -> str:
        return f"Set({describe(self.item_type) if self.item_type else ''})"


class SchemaOperator:
    """Base of :class:`OR`, :class:`NOT` and :class:`IS`."""

    #: The word between operands in :func:`repr`.
    joiner: ClassVar[str] = " or "

    def __init__(self, *operands: Any) -> None:
        # Operands are checked where the operator is used in a structure.
        self.operands = operands

    def __iter__(self) -> Iterator[Any]:
        return iter(self.operands)

    def validate(self, value: Any) -> bool:
        """Whether ``value`` satisfies the operator."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return "<" + self.joiner.join(describe(op) for op in self.operands) + ">"


class OR(SchemaOperator):
    """The value is an instance of one of the types: ``OR(str, int)``."""

    def validate(self, value: Any) -> bool:
        return any(matches(value, op) for op in self.operands)


class NOT(SchemaOperator):
    """The value is an instance of none of the types: ``NOT(str, datetime)``."""

    joiner = ", "

    def validate(self, value: Any) -> bool:
        return not any(matches(value, op) for op in self.operands)

    def __repr__(self) -> str:
        return "<" + ", ".join(f"not {describe(op)}" for op in self.operands) + ">"


class IS(SchemaOperator):
    """The value is one of the given values: ``IS('draft', 'published')``.

    Types must match too, so ``IS(1)`` refuses ``True`` and ``1.0``.
    """

    def validate(self, value: Any) -> bool:
        return any(type(value) is type(op) and value == op for op in self.operands)

    def __repr__(self) -> str:
        return repr(list(self.operands))


#: The types a document may hold unless a class sets ``authorized_types``.
AUTHORIZED_TYPES: list[type[Any]] = [
    type(None),
    bool,
    int,
    float,
    str,
    bytes,
    list,
    dict,
    datetime.datetime,
    Binary,
    ObjectId,
    DBRef,
    Code,
    re.Pattern,
    Regex,
    uuid.UUID,
    Decimal128,
    Int64,
    Timestamp,
    MinKey,
    MaxKey,
    CustomType,
]


def is_instance(value: Any, expected: type[Any]) -> bool:
    """``isinstance`` for structure checks, except that ``True``/``False``
    are only booleans: where an ``int`` or ``float`` (or any type but
    ``bool`` and ``object``) is declared, a value must pass
    :func:`flask_mongo.core.values.is_number` to count as a number."""
    if expected is bool or expected is object:
        return isinstance(value, expected)
    if isinstance(value, int | float) and not is_number(value):
        return False  # a bool, which Python makes an int
    return isinstance(value, expected)


def matches(value: Any, spec: Any) -> bool:
    """Whether ``value`` satisfies an operator operand: a type or an operator."""
    if isinstance(spec, SchemaOperator):
        return spec.validate(value)
    if isinstance(spec, type):
        return is_instance(value, spec)
    return bool(value == spec)


def describe(spec: Any) -> str:
    """A short name for a structure entry, for messages."""
    if spec is None:
        return "any authorized type"
    if isinstance(spec, type):
        return spec.__name__
    if isinstance(spec, dict):
        return "dict"
    if isinstance(spec, list):
        return "list"
    if isinstance(spec, tuple):
        return f"list of {len(spec)} items"
    return repr(spec)
