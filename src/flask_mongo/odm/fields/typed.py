"""What type checkers infer for a field's constructor (nothing here runs).

``StringField()`` is a ``StringField[str]``; ``StringField(required=False)``
(or ``allow_none=True``, or ``default=None``) a ``StringField[str | None]``,
so that ``book.subtitle`` reads as ``str | None``. Which options make a
value optional is said once, by :class:`~.base.Options`; the option sets of
the field types derive from it.

A field type whose constructor takes one of the option sets below and
nothing else of its own names the two types it can be in one of the bases
here (``R``: the value is never None; ``O``: it may be), first among its
bases: ``class BoolField(Plain[bool, BoolField[bool], BoolField[bool | None]],
Field[B])``. Type checkers take its constructor from ``__new__``, which
exists for them only: at run time these bases are empty.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Never, TypeVar, Unpack, overload

from .base import FieldOptions, OptionalFieldOptions, Options

if TYPE_CHECKING:
    from .base import Field

V = TypeVar("V")
N = TypeVar("N")
#: The value type (the item type, for ``Items``).
B = TypeVar("B")
#: The container type, for ``Items``.
C = TypeVar("C")
#: The field's type when its value is never None, and when it may be None.
R = TypeVar("R")
O = TypeVar("O")  # noqa: E741


class Lengths(Options[V, N], total=False):
    min_length: int | None
    max_length: int | None


class Bounds(Options[V, N], total=False):
    min_value: V | None
    max_value: V | None


class Dates(Options[V, N], total=False):
    min_date: datetime | None
    max_date: datetime | None
    use_tz: bool


class Auto(Options[V, N], total=False):
    auto: bool


class Empty(Options[V, N], total=False):
    default_empty: bool


class Capacity(Empty[V, N], total=False):
    min_capacity: int | None
    max_capacity: int | None


# "__new__" returns R or O, the field type itself: mypy asks for a class
# instance there (hence the ignores), and takes the type as it is given.


class Plain(Generic[B, R, O]):
    """Fields taking only the options every field takes."""

    if TYPE_CHECKING:

        @overload
        def __new__(cls, **options: Unpack[FieldOptions[B]]) -> R: ...  # type: ignore[misc]
        @overload
        def __new__(cls, **options: Unpack[OptionalFieldOptions[B]]) -> O: ...  # type: ignore[misc]
        def __new__(cls, **options: Any) -> Any: ...


class Bounded(Generic[B, R, O]):
    """Numbers: ``min_value`` and ``max_value`` too."""

    if TYPE_CHECKING:

        @overload
        def __new__(cls, **options: Unpack[Bounds[B, Never]]) -> R: ...  # type: ignore[misc]
        @overload
        def __new__(cls, **options: Unpack[Bounds[B | None, bool]]) -> O: ...  # type: ignore[misc]
        def __new__(cls, **options: Any) -> Any: ...


class Items(Generic[B, C, R, O]):
    """Lists and sets of ``B`` items (``C``: the container): an item type,
    then ``min_capacity``, ``max_capacity`` and ``default_empty`` too."""

    if TYPE_CHECKING:

        @overload
        def __new__(  # type: ignore[misc]
            cls, item_type: Field[B], **options: Unpack[Capacity[C, Never]]
        ) -> R: ...
        @overload
        def __new__(  # type: ignore[misc]
            cls, item_type: Field[B], **options: Unpack[Capacity[C | None, bool]]
        ) -> O: ...
        def __new__(cls, item_type: Field[B], **options: Any) -> Any: ...
