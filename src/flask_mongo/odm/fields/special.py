"""Fields with a special rule: enums, points, bytes, computed values and
timestamps."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast, overload

from ...core.values import is_number
from ...errors import FieldNotRetrieved
from ..paths import QueryField
from .base import Field
from .containers import bind_inner, check_field_arg
from .scalars import DateTimeField

if TYPE_CHECKING:
    from ..document import Document
    from ..state import DocumentState

T = TypeVar("T")


class EnumField(Field[T]):
    """One of ``values``, each also valid for ``item_type`` (a field
    instance): ``EnumField(StringField(), 'draft', 'published')``."""

    identity = False

    def __init__(self, item_type: Field[T], *values: T, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_type: Field[T] = check_field_arg(item_type, "item_type")
        if not values:
            raise TypeError("EnumField needs at least one allowed value")
        for value in values:
            item_type.validate(value)
        self.values = values
        # An enum of scalars is stored as is: read it straight from the data.
        self.fast = item_type.fast and self.unwrap_validator is None

    def bind(self, owner: type[Document]) -> None:
        super().bind(owner)
        bind_inner(self, self.item_type)

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(map(repr, self.values))

    def check_type(self, value: Any) -> None:
        self.item_type.validate(value)
        if value not in self.values:
            self.fail(value)

    def wrap(self, value: Any) -> Any:
        return self.item_type.to_mongo(value)

    def unwrap(self, stored: Any) -> T:
        return self.item_type.to_python(stored)  # type: ignore[no-any-return]


class GeoField(Field[tuple[float, float]]):
    """A point ``(x, y)`` (longitude, latitude for spherical queries),
    stored as a 2-item list. A list is accepted on assignment; the value
    reads as a tuple of floats. Query it with ``near``, ``within_box``...
    (a ``2d`` index, ``Index().geo2d(...)``, is needed for ``near``)."""

    identity = False
    expected = "an (x, y) pair of numbers"

    def check_type(self, value: Any) -> None:
        if (
            not isinstance(value, tuple | list)
            or len(value) != 2
            or not (is_number(value[0]) and is_number(value[1]))
        ):
            self.fail(value)

    def wrap(self, value: Any) -> list[float]:
        return [float(value[0]), float(value[1])]

    def unwrap(self, stored: Any) -> tuple[float, float]:
        return (float(stored[0]), float(stored[1]))

    def __set__(self, obj: Document, value: tuple[float, float]) -> None:
        self.validate(value)
        obj._assign(self, None if value is None else (float(value[0]), float(value[1])))


class BinaryField(Field[bytes]):
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

    def __set__(self, obj: Document, value: bytes) -> None:
        self.validate(value)
        obj._assign(self, None if value is None else self.wrap(value))


class ComputedField(Field[T]):
    """A value computed from other fields of the document.

    :param computed_type: a field instance validating the value.
    :param fun: called with a dict of the dependencies' values, by
        attribute name; returns the value.
    :param deps: the fields (or their names) ``fun`` reads.
    :param one_time: compute once, then keep the stored value.

    The value is recomputed when read and before every write, so it is
    stored up to date and can be queried; assigning it raises
    :class:`~flask_mongo.errors.BadValueException`. Usually declared with
    :func:`computed_field`.
    """

    identity = False
    computed = True

    def __init__(
        self,
        computed_type: Field[T],
        fun: Callable[[dict[str, Any]], T],
        deps: Iterable[Field[Any] | QueryField[Any] | str] | None = None,
        one_time: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.computed_type: Field[T] = check_field_arg(computed_type, "computed_type")
        self.fun = fun
        self.deps = tuple(deps or ())
        self.one_time = one_time
        self.allow_none = self.allow_none or computed_type.allow_none
        self.fast = computed_type.fast and self.unwrap_validator is None

    def bind(self, owner: type[Document]) -> None:
        super().bind(owner)
        bind_inner(self, self.computed_type)

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.computed_type.expected

    def check_type(self, value: Any) -> None:
        self.computed_type.validate(value)

    def wrap(self, value: Any) -> Any:
        return self.computed_type.to_mongo(value)

    def unwrap(self, stored: Any) -> Any:
        return self.computed_type.to_python(stored)

    def dep_names(self) -> list[str]:
        """The attribute names of the dependencies."""
        names = []
        for dep in self.deps:
            if isinstance(dep, QueryField):
                dep = QueryField.field_of(dep)
            names.append(dep if isinstance(dep, str) else dep.name)
        return names

    def compute(self, obj: Document) -> T:
        """The value for ``obj`` now (not stored)."""
        return self.fun({name: getattr(obj, name) for name in self.dep_names()})

    def refresh(self, obj: Document) -> T:
        """Compute the value, validate it and store it in ``obj``; the
        document is marked changed only if the stored form changed."""
        value = self.compute(obj)
        self.validate(value)
        obj._recomputed(self, value)
        return value

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> QueryField[T]: ...
    @overload
    def __get__(self, obj: Document, owner: type | None = None) -> T: ...
    def __get__(self, obj: Document | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.query_field
        if not (self.one_time and obj._has_value(self.db_field)):
            try:
                return self.refresh(obj)
            except FieldNotRetrieved:
                pass  # a partial load: what was stored is all there is
        return super().__get__(obj, owner)

    def __set__(self, obj: Document, value: T) -> None:
        self.fail(
            value,
            "a computed field cannot be assigned; set the fields it is computed"
            " from instead",
        )

    def on_save(self, doc: DocumentState) -> None:
        if self.one_time and doc._has_value(self.db_field):
            return
        # A dependency without a value (or not loaded): the required check
        # that follows names it.
        with contextlib.suppress(AttributeError):
            self.refresh(cast("Document", doc))


def computed_field(
    computed_type: Field[T],
    deps: Iterable[Field[Any] | QueryField[Any] | str] | None = None,
    one_time: bool = False,
    **kwargs: Any,
) -> Callable[[Callable[[dict[str, Any]], T]], ComputedField[T]]:
    """Declare a :class:`ComputedField` with a method::

        class Order(db.Document):
            price = db.IntField()
            count = db.IntField()

            @db.computed_field(db.IntField(), deps=[price, count])
            def total(obj):
                return obj["price"] * obj["count"]

    The method receives a dict of the dependencies' values.
    """

    def decorate(fun: Callable[[dict[str, Any]], T]) -> ComputedField[T]:
        return ComputedField(computed_type, fun, deps=deps, one_time=one_time, **kwargs)

    return decorate


def _now(tz_aware: bool) -> datetime:
    # Truncated to what BSON keeps, so the value read before and after a
    # reload is the same.
    now = datetime.now(UTC)
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    return now if tz_aware else now.replace(tzinfo=None)


class CreatedField(DateTimeField):
    """When the document was first saved (UTC), set by that save unless a
    value was given. Reads as None before then.

    :param tz_aware: the value is an aware datetime in UTC (else naive UTC).
    """

    def __init__(self, tz_aware: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(use_tz=tz_aware, **kwargs)
        self.tz_aware = tz_aware

    def on_save(self, doc: DocumentState) -> None:
        if doc._is_new() and not doc._has_value(self.db_field):
            doc._assign(self, _now(self.tz_aware))


class ModifiedField(DateTimeField):
    """When the document was last written (UTC): set by every save that
    writes something (a save with nothing to write leaves it alone).

    :param tz_aware: the value is an aware datetime in UTC (else naive UTC).
    """

    def __init__(self, tz_aware: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(use_tz=tz_aware, **kwargs)
        self.tz_aware = tz_aware

    def on_save(self, doc: DocumentState) -> None:
        if doc._is_new() or doc._changed_besides(self.db_field):
            doc._assign(self, _now(self.tz_aware))
