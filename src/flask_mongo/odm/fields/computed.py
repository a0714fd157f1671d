"""Computed fields: ``ComputedField`` and the ``computed_field`` decorator,
a value the document computes from its other fields."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ...errors import FieldNotRetrieved
from ..paths import QueryField
from .base import Field, WrappingField

if TYPE_CHECKING:
    from ..document import Document
    from ..state import DocumentState

T = TypeVar("T")


class ComputedField(WrappingField[T]):
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
        self._wrap(computed_type, "computed_type")
        self.computed_type: Field[T] = computed_type
        self.fun = fun
        self.deps = tuple(deps or ())
        self.one_time = one_time
        self.allow_none = self.allow_none or computed_type.allow_none

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.computed_type.expected

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

    if not TYPE_CHECKING:  # typed by Field.__get__, which it extends

        def __get__(self, obj, owner=None):
            if obj is None:
                return self.query_field
            if not (self.one_time and obj._has_value(self.db_field)):
                try:
                    return self.refresh(obj)
                except FieldNotRetrieved:
                    pass  # a partial load: what was stored is all there is
            return super().__get__(obj, owner)

    def __set__(self, obj: DocumentState, value: T) -> None:
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
