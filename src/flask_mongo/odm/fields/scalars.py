"""Fields holding one scalar: strings, numbers, booleans, ids, datetimes.

Each field type is generic in the value it holds, so that type checkers
know ``book.subtitle`` of ``StringField(required=False)`` may be ``None``:
``StringField()`` is a ``StringField[str]``, ``StringField(required=False)``
(or ``allow_none=True``, or ``default=None``) a ``StringField[str | None]``.
"""

from __future__ import annotations

import copy
import math
import re
from datetime import UTC, datetime
from typing import Any, Generic, Never, Unpack, overload

from bson import ObjectId

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.values import (
    INT64_MAX,
    INT64_MIN,
    check_storable,
    is_number,
    to_object_id,
)
from .base import Field
from .quick_range import QuickRange
from .typed import Auto, Bounded, Dates, Lengths, Plain

N = TypeVar("N")
S = TypeVar("S", default=str)
B = TypeVar("B", default=bool)
I = TypeVar("I", default=int)  # noqa: E741
F = TypeVar("F", default=float)
O = TypeVar("O", default=ObjectId)  # noqa: E741
W = TypeVar("W", default=datetime)


class StringField(Field[S]):
    """A ``str``, optionally with length bounds."""

    expected = "a str"

    @overload
    def __init__(
        self: StringField[str], **options: Unpack[Lengths[str, Never]]
    ) -> None: ...
    @overload
    def __init__(
        self: StringField[str | None], **options: Unpack[Lengths[str | None, bool]]
    ) -> None: ...
    def __init__(
        self,
        min_length: int | None = None,
        max_length: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_length = min_length
        self.max_length = max_length

    def check_type(self, value: Any) -> None:
        if type(value) is not str and not isinstance(value, str):
            self.fail(value)
        if self.min_length is not None and len(value) < self.min_length:
            self.fail(value, f"shorter than min_length={self.min_length}")
        if self.max_length is not None and len(value) > self.max_length:
            self.fail(value, f"longer than max_length={self.max_length}")

    def _exact_type(self) -> type | None:
        unbounded = self.min_length is None and self.max_length is None
        plain = type(self).check_type is StringField.check_type
        return str if unbounded and plain else None

    def quick_range(self) -> QuickRange | None:
        if type(self).check_type is not StringField.check_type:
            return None
        return _range(str, True, self.min_length, self.max_length, 0, math.inf)


class RegExStringField(StringField[S]):
    """A ``str`` matching the regular expression ``regex`` (whole value)."""

    @overload
    def __init__(
        self: RegExStringField[str],
        regex: str | re.Pattern[str],
        **options: Unpack[Lengths[str, Never]],
    ) -> None: ...
    @overload
    def __init__(
        self: RegExStringField[str | None],
        regex: str | re.Pattern[str],
        **options: Unpack[Lengths[str | None, bool]],
    ) -> None: ...
    def __init__(self, regex: str | re.Pattern[str], **kwargs: Any) -> None:
        # The overloads above type the public constructor, not this call.
        super().__init__(**kwargs)  # type: ignore[misc]
        self.regex = re.compile(regex) if isinstance(regex, str) else regex

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        if not self.regex.fullmatch(value):
            self.fail(value, f"does not match {self.regex.pattern!r}")


class BoolField(Plain[bool, "BoolField[bool]", "BoolField[bool | None]"], Field[B]):
    """A ``bool``."""

    expected = "a bool"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, bool):
            self.fail(value)

    def _exact_type(self) -> type | None:
        return bool if type(self).check_type is BoolField.check_type else None


class _Number(Field[N], Generic[N]):
    kinds: tuple[type, ...] = (int,)

    def __init__(
        self,
        min_value: Any = None,
        max_value: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_value = min_value
        self.max_value = max_value

    def check_type(self, value: Any) -> None:
        # A plain int or float is a number; is_number judges the rest
        # (a bool is not one).
        if type(value) not in self.kinds and (
            not is_number(value) or not isinstance(value, self.kinds)
        ):
            self.fail(value)
        if self.min_value is not None and value < self.min_value:
            self.fail(value, f"less than min_value={self.min_value}")
        if self.max_value is not None and value > self.max_value:
            self.fail(value, f"more than max_value={self.max_value}")


class IntField(Bounded[int, "IntField[int]", "IntField[int | None]"], _Number[I]):
    """An ``int`` (64-bit in MongoDB), optionally bounded."""

    expected = "an int"

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        # fits_int64, inlined: this runs for every int assigned.
        if not INT64_MIN <= value <= INT64_MAX:
            self.fail(value, "does not fit in 64 bits")

    def quick_range(self) -> QuickRange | None:
        if type(self).check_type is not IntField.check_type:
            return None
        # One range: the field's bounds within int64's.
        return _range(int, False, self.min_value, self.max_value, INT64_MIN, INT64_MAX)


class FloatField(
    Bounded[float, "FloatField[float]", "FloatField[float | None]"], _Number[F]
):
    """A ``float`` (an ``int`` is accepted and stored as a float)."""

    expected = "a float"
    kinds = (int, float)

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        # A double holds every int up to 2**53 exactly; past that, refuse an
        # int it would round rather than store another number.
        if type(value) is not float and float(value) != value:
            self.fail(value, "cannot be stored exactly as a float; pass a float")

    def _exact_type(self) -> type | None:
        unbounded = self.min_value is None and self.max_value is None
        plain = type(self).check_type is FloatField.check_type
        return float if unbounded and plain else None

    def quick_range(self) -> QuickRange | None:
        if type(self).check_type is not FloatField.check_type:
            return None
        # NaN fails the range test, and is left to check_type (which accepts it).
        return _range(float, False, self.min_value, self.max_value, -math.inf, math.inf)

    def wrap(self, value: Any) -> float:
        return float(value)


def _range(
    kind: type, by_length: bool, low: Any, high: Any, least: Any, most: Any
) -> QuickRange | None:
    """The field's bounds ``low``/``high`` within the type's ``least``/``most``;
    None unless each is absent or a plain number (anything else, compared,
    might do what check_type's own test would not)."""
    if not all(type(bound) in (int, float) or bound is None for bound in (low, high)):
        return None
    least = least if low is None else max(low, least)
    most = most if high is None else min(high, most)
    return QuickRange(kind, by_length, least, most)


class ObjectIdField(Field[O]):
    """An ``ObjectId``; a 24-hex ``str`` or 12 ``bytes`` are converted.

    :param auto: new documents get a fresh ObjectId.
    """

    expected = "an ObjectId, a 24-character hex str or 12 bytes"

    @overload
    def __init__(
        self: ObjectIdField[ObjectId], **options: Unpack[Auto[ObjectId, Never]]
    ) -> None: ...
    @overload
    def __init__(
        self: ObjectIdField[ObjectId | None],
        **options: Unpack[Auto[ObjectId | None, bool]],
    ) -> None: ...
    def __init__(self, auto: bool = False, **kwargs: Any) -> None:
        if auto:
            kwargs.setdefault("default_f", ObjectId)
        super().__init__(**kwargs)
        self.auto = auto

    def check_type(self, value: Any) -> None:
        if type(value) is not ObjectId and to_object_id(value) is None:
            self.fail(value)

    def _exact_type(self) -> type | None:
        plain = type(self).check_type is ObjectIdField.check_type
        return ObjectId if plain else None

    def wrap(self, value: Any) -> ObjectId:
        return value if isinstance(value, ObjectId) else ObjectId(value)


class DateTimeField(Field[W]):
    """A ``datetime``, stored (as BSON requires) to the millisecond.

    :param min_date: the earliest date allowed.
    :param max_date: the latest date allowed.
    :param use_tz: read values back as aware datetimes in UTC (stored
        values are UTC either way).
    """

    expected = "a datetime"

    @overload
    def __init__(
        self: DateTimeField[datetime], **options: Unpack[Dates[datetime, Never]]
    ) -> None: ...
    @overload
    def __init__(
        self: DateTimeField[datetime | None],
        **options: Unpack[Dates[datetime | None, bool]],
    ) -> None: ...
    def __init__(
        self,
        min_date: datetime | None = None,
        max_date: datetime | None = None,
        use_tz: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.min_date = min_date
        self.max_date = max_date
        self.use_tz = use_tz
        # A tz-aware read needs a conversion; otherwise the stored form is
        # what the driver already decoded.
        self.fast = self.fast and not use_tz

    def check_type(self, value: Any) -> None:
        if not isinstance(value, datetime):
            self.fail(value)
        if self.min_date is not None and _naive_utc(value) < _naive_utc(self.min_date):
            self.fail(value, f"earlier than min_date={self.min_date}")
        if self.max_date is not None and _naive_utc(value) > _naive_utc(self.max_date):
            self.fail(value, f"later than max_date={self.max_date}")

    def _exact_type(self) -> type | None:
        unbounded = self.min_date is None and self.max_date is None
        plain = type(self).check_type is DateTimeField.check_type
        return datetime if unbounded and plain else None

    def wrap(self, value: datetime) -> datetime:
        # BSON keeps milliseconds; truncate now so that what is read back
        # equals what was saved.
        return value.replace(microsecond=value.microsecond // 1000 * 1000)

    def unwrap(self, stored: datetime) -> datetime:
        if self.use_tz:
            if stored.tzinfo is None:
                return stored.replace(tzinfo=UTC)
            return stored.astimezone(UTC)
        return stored


def _naive_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


class AnythingField(Field[Any]):
    """Any value BSON can store. Containers are copied on read, so that
    changes made in place are seen (and written) by ``save()``.

    A value nested more than 100 levels deep, or holding a dict key MongoDB
    cannot store (with '.' or NUL, a leading '$', not a str), is refused
    when assigned and before every write."""

    identity = False
    mutable = True
    expected = "any BSON value"

    def check_type(self, value: Any) -> None:
        # Before anything copies the value: a deep one must be refused, not
        # overflow the stack in copy.deepcopy.
        check_storable(value, self.label)

    def wrap(self, value: Any) -> Any:
        if isinstance(value, dict | list):
            # Containers may have changed in place since they were assigned.
            self.validate(value)
            return copy.deepcopy(value)
        return value

    def unwrap(self, stored: Any) -> Any:
        return copy.deepcopy(stored) if isinstance(stored, dict | list) else stored

    def item_field(self) -> Field[Any]:
        # Whatever it holds may be a list; its items are anything too.
        return self
