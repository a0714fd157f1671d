"""Fields holding several values: lists, sets and tuples, and what every
container shares (dicts are in :mod:`.mappings`).

The item (or value) type is itself a field instance:
``ListField(StringField())``, ``ListField(DocumentField(Chapter))``,
``DictField(IntField(min_value=0))``.

Containers change in place (``book.tags.append('x')``), so ``save()``
compares their stored form with what was loaded, and converting a value to
its stored form validates every item again: an invalid item appended behind
the document's back raises :class:`~flask_mongo.errors.BadValueException`
naming the field, and nothing is written.
"""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, NoReturn, Unpack, overload

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.values import reject_operators
from ...errors import BadValueException
from .base import Field, FieldOptions, OptionalFieldOptions, bind_inner, check_field_arg
from .references import ListRel, RefBase
from .typed import Items

if TYPE_CHECKING:
    from ..document import Document
    from ..state import DocumentState

C = TypeVar("C")
I = TypeVar("I")  # noqa: E741
T = TypeVar("T")
# The value types: the container, or None too for optional fields.
L = TypeVar("L", default=list[T])
S = TypeVar("S", default=set[T])
U = TypeVar("U", default=tuple[Any, ...])


def named_part(outer: Field[Any], inner: Field[Any], key: str) -> Field[Any]:
    """A copy of ``inner`` stored under the sub-path ``key`` of ``outer``,
    for dotted queries (``Book.scores.alice > 3``, ``Book.kv.k == 'x'``)."""
    part = copy.copy(inner)
    part.db_field = key
    part.name = f"{outer.name}.{key}"
    part.owner = outer.owner
    return part


class _Container(Field[C]):
    """What every container field shares."""

    identity = False
    mutable = True
    #: What a new document gets with ``default_empty=True`` (None: the
    #: container offers no such option).
    empty: type | None = None

    def __init__(self, default_empty: bool = False, **kwargs: Any) -> None:
        if default_empty:
            if self.empty is None:
                raise TypeError(f"{type(self).__name__} takes no default_empty")
            kwargs.setdefault("default_f", self.empty)
        super().__init__(**kwargs)
        self.default_empty = default_empty

    #: The field instances of the items (or keys and values), in order.
    _inners: tuple[Field[Any], ...] = ()

    def _inner_field(self, field: Field[I], what: str) -> Field[I]:
        """``field``, checked to be a field instance, as one of this
        container's :attr:`_inners`."""
        checked = check_field_arg(field, what)
        self._inners += (checked,)
        return checked

    def bind(self, owner: type[Document]) -> None:
        super().bind(owner)
        for inner in self._inners:
            bind_inner(self, inner)

    def _item_failed(self, error: BadValueException, where: str) -> NoReturn:
        raise BadValueException(
            self.label, error.value, f"{where}: {error.reason}"
        ) from None

    def check_items(
        self, field: Field[Any], items: Iterable[tuple[object, Any]], where: str
    ) -> None:
        """Validate each ``(label, item)`` of ``items`` with ``field``; a bad
        item is reported as ``where.format(label)`` of this container."""
        validate = field.validate
        label: object = None
        try:
            for label, item in items:  # noqa: B007 - the handler reads it
                validate(item)
        except BadValueException as error:
            self._item_failed(error, where.format(label))

    def _check_capacity(self, value: Any, low: int | None, high: int | None) -> None:
        if low is not None and len(value) < low:
            self.fail(value, f"fewer than min_capacity={low} items")
        if high is not None and len(value) > high:
            self.fail(value, f"more than max_capacity={high} items")

    def to_stored(self, value: Any) -> Any:
        """Convert a checked value to its stored form (for subclasses)."""
        raise NotImplementedError

    def wrap(self, value: Any) -> Any:
        # Checked again on every write: items may have been changed in place
        # since they were assigned.
        self.validate(value)
        return self.to_stored(value)

    def query_value(self, value: Any, path: str) -> Any:
        if value is None:
            return None
        reject_operators(value, path)
        return self.wrap(value)


class _Sequence(_Container[C], Generic[C, T]):
    """Lists and sets: items of one type, optionally a bounded count."""

    kinds: tuple[type, ...] = (list,)
    #: The container a read gives (and ``default_empty=True`` too).
    empty: type = list
    #: How an item is named in messages.
    where = "item {}"

    def __init__(
        self,
        item_type: Field[T],
        min_capacity: int | None = None,
        max_capacity: int | None = None,
        default_empty: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(default_empty, **kwargs)
        self.item_type = self._inner_field(item_type, "item_type")
        self.min_capacity = min_capacity
        self.max_capacity = max_capacity
        #: wrap's quick item type: None until the first wrap, False: none.
        self._exact_items: type | bool | None = None

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a {self.empty.__name__} of {self.item_type.expected}"

    def check_type(self, value: Any) -> None:
        items: Iterable[Any] = value
        if not isinstance(items, self.kinds):
            self.fail(value)
        self._check_capacity(value, self.min_capacity, self.max_capacity)
        self.check_items(self.item_type, enumerate(items), self.where)

    def wrap(self, value: Any) -> Any:
        # _Container.wrap, with validate reduced to one exact type test per
        # item when that is all it would do (a list of str, of embedded
        # documents...): lists are checked again on every write.
        exact = self._exact_items
        # A list, not a generator: comprehensions are inlined (PEP 709), which
        # is quicker for the short lists documents hold.
        quick = exact and type(value) is list
        if quick and all([type(x) is exact for x in value]):  # noqa: C419
            return self.to_stored(value)
        self.validate(value)
        if exact is None:  # known once validate has resolved named classes
            self._exact_items = self._quick_item_type()
        return self.to_stored(value)

    def _quick_item_type(self) -> type | bool:
        """The item type of :meth:`wrap`'s quick test (False: none)."""
        kind = type(self)
        whole = (
            kind.validate is Field.validate
            and kind.check_type is _Sequence.check_type
            and self.validator is None
            and self.min_capacity is None
            and self.max_capacity is None
            and list in self.kinds
        )
        return (whole and self.item_type.exact_type()) or False

    def to_stored(self, value: Any) -> list[Any]:
        if self.item_type.plain:  # items are stored as they are
            return list(value)
        to_mongo = self.item_type.to_mongo
        return [to_mongo(item) for item in value]

    def query_value(self, value: Any, path: str) -> Any:
        if value is None or isinstance(value, self.kinds):
            # The whole container; for a list of lists, maybe one item.
            try:
                return super().query_value(value, path)
            except BadValueException:
                if not isinstance(self.item_type, _Sequence):
                    raise
        # One value: matches documents with an item equal to it.
        return self.item_type.query_value(value, path)

    def sub_field(self, name: str) -> Field[Any] | None:
        # Items that are documents: Book.chapters.title matches any chapter.
        return self.item_type.sub_field(name)

    def item_field(self) -> Field[Any] | None:
        return self.item_type

    def unwrap(self, stored: Any) -> Any:
        item = self.item_type
        if item.fast:
            return self.empty(stored)
        return self.empty(map(item.to_python, stored))


class ListField(
    Items[T, list[T], "ListField[T, list[T]]", "ListField[T, list[T] | None]"],
    _Sequence[L, T],
    Generic[T, L],
):
    """A ``list`` of items of ``item_type`` (a field instance).

    :param min_capacity: the fewest items allowed.
    :param max_capacity: the most items allowed.
    :param default_empty: new documents get an empty list.

    In queries, ``Book.tags == 'x'`` (and ``in_``, ``nin``, ``<``...) match
    documents with an item equal to the value; a list value compares the
    whole list. For lists of documents, ``Book.chapters.title == 't'``
    matches any item, and ``Book.chapters.elem_match(expression)`` one item
    matching the whole expression.
    """

    def rel(self, allow_none: bool = False) -> ListRel[Any]:
        """An attribute reading the documents this list of references
        (``RefField`` or ``SRefField`` items) points to, with one query.

        :param allow_none: a missing target reads as None instead of
            raising :class:`~flask_mongo.errors.DocumentNotFound`.
        """
        if not isinstance(self.item_type, RefBase):
            raise TypeError(
                "rel() needs a ListField of RefField or SRefField items,"
                f" not of {type(self.item_type).__name__}"
            )
        return ListRel(self, allow_none)


class SetField(
    Items[T, set[T], "SetField[T, set[T]]", "SetField[T, set[T] | None]"],
    _Sequence[S, T],
    Generic[T, S],
):
    """A ``set`` of items of ``item_type``, stored as a list.

    Options as for :class:`ListField`. Items are stored sorted when they
    can be compared, so that an unchanged set is never written again. A
    set value in a query compares the whole stored list.
    """

    kinds = (set, frozenset)
    empty = set
    where = "an item"

    def to_stored(self, value: Any) -> list[Any]:
        items = super().to_stored(value)
        # Items of kinds that do not compare keep the set's order.
        with contextlib.suppress(TypeError):
            items.sort()
        return items


class TupleField(_Container[U]):
    """A fixed-length ``tuple`` whose items have the types ``item_types``
    in order, stored as a list. A list of the right length is accepted on
    assignment and read back as a tuple."""

    @overload
    def __init__(
        self: TupleField[tuple[Any, ...]],
        *item_types: Field[Any],
        **options: Unpack[FieldOptions[tuple[Any, ...]]],
    ) -> None: ...
    @overload
    def __init__(
        self: TupleField[tuple[Any, ...] | None],
        *item_types: Field[Any],
        **options: Unpack[OptionalFieldOptions[tuple[Any, ...]]],
    ) -> None: ...
    def __init__(self, *item_types: Field[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.item_types = tuple(
            self._inner_field(t, f"item type {i}") for i, t in enumerate(item_types)
        )

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a tuple of {len(self.item_types)} items"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, tuple | list) or len(value) != len(self.item_types):
            self.fail(value)
        index = 0
        try:
            for index, (field, item) in enumerate(zip(self.item_types, value)):  # noqa: B007
                field.validate(item)
        except BadValueException as error:
            self._item_failed(error, f"item {index}")

    def to_stored(self, value: tuple[Any, ...]) -> list[Any]:
        return [field.to_mongo(item) for field, item in zip(self.item_types, value)]

    def unwrap(self, stored: Any) -> tuple[Any, ...]:
        return tuple(
            field.to_python(item) for field, item in zip(self.item_types, stored)
        )

    def __set__(self, obj: DocumentState, value: U) -> None:
        self.validate(value)
        obj._assign(self, None if value is None else tuple(value))  # type: ignore[arg-type]
