"""Fields with a special rule: enums, bytes and timestamps (points are in
:mod:`.geo`, computed values in :mod:`.computed`)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Unpack, overload

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ..state import save_time
from .base import Field, FieldOptions, OptionalFieldOptions, WrappingField
from .scalars import DateTimeField
from .typed import Plain

if TYPE_CHECKING:
    from ..state import DocumentState

T = TypeVar("T")
# The value types, or None too for optional fields.
V = TypeVar("V", default=T)
Y = TypeVar("Y", default=bytes)


class EnumField(WrappingField[V], Generic[T, V]):
    """One of ``values``, each also valid for ``item_type`` (a field
    instance): ``EnumField(StringField(), 'draft', 'published')``."""

    @overload
    def __init__(
        self: EnumField[T, T],
        item_type: Field[T],
        *values: T,
        **options: Unpack[FieldOptions[T]],
    ) -> None: ...
    @overload
    def __init__(
        self: EnumField[T, T | None],
        item_type: Field[T],
        *values: T,
        **options: Unpack[OptionalFieldOptions[T]],
    ) -> None: ...
    def __init__(self, item_type: Field[T], *values: T, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._wrap(item_type, "item_type")
        self.item_type: Field[T] = item_type
        if not values:
            raise TypeError("EnumField needs at least one allowed value")
        for value in values:
            item_type.validate(value)
        self.values = values

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(map(repr, self.values))

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        if value not in self.values:
            self.fail(value)


class BinaryField(
    Plain[bytes, "BinaryField[bytes]", "BinaryField[bytes | None]"], Field[Y]
):
    """``bytes``, stored as BSON binary data (subtype 0). ``bytearray``,
    ``memoryview`` and ``bson.Binary`` are accepted; reads always give
    ``bytes``, also for data stored with another subtype (use an
    ``AnythingField`` to keep a subtype)."""

    identity = False
    expected = "bytes"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, bytes | bytearray | memoryview):
            self.fail(value)

    def wrap(self, value: Any) -> bytes:
        return value if type(value) is bytes else bytes(value)

    def unwrap(self, stored: Any) -> bytes:
        return stored if type(stored) is bytes else bytes(stored)

    def __set__(self, obj: DocumentState, value: Y) -> None:
        self.validate(value)
        obj._assign(self, None if value is None else self.wrap(value))


class _Timestamp(DateTimeField[datetime | None]):
    """A datetime the document sets itself when it is saved (UTC); optional,
    since it reads as None until then.

    :param tz_aware: the value is an aware datetime in UTC (else naive UTC).
    """

    def __init__(self, tz_aware: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(use_tz=tz_aware, **kwargs)
        self.tz_aware = tz_aware

    def _stamp(self, doc: DocumentState) -> None:
        # One clock per save, truncated to what BSON keeps, so the value
        # read before and after a reload is the same.
        now = save_time()
        doc._assign(self, now if self.tz_aware else now.replace(tzinfo=None))


class CreatedField(_Timestamp):
    """When the document was first saved (UTC), set by that save unless a
    value was given. Reads as None before then.

    :param tz_aware: the value is an aware datetime in UTC (else naive UTC).
    """

    def on_save(self, doc: DocumentState) -> None:
        if doc._is_new() and not doc._has_value(self.db_field):
            self._stamp(doc)


class ModifiedField(_Timestamp):
    """When the document was last written (UTC): set by every save that
    writes something (a save with nothing to write leaves it alone).

    :param tz_aware: the value is an aware datetime in UTC (else naive UTC).
    """

    def on_save(self, doc: DocumentState) -> None:
        if doc._is_new() or doc._changed_besides(self.db_field):
            self._stamp(doc)
