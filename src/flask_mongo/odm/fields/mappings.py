"""Fields holding a dict: ``DictField`` (str keys, stored as a document)
and ``KVField`` (keys of any type, stored as a list of key/value pairs)."""

from __future__ import annotations

from typing import Any, Generic, Never, Unpack, overload

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.values import is_valid_key
from .base import Field, FieldOptions, OptionalFieldOptions
from .containers import _Container, named_part
from .typed import Empty

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")
# The value types: the dict, or None too for optional fields.
D = TypeVar("D", default=dict[str, T])
M = TypeVar("M", default=dict[K, V])


def _check_key(field: Field[Any], key: object) -> None:
    if not is_valid_key(key):
        field.fail(
            key,
            "a key must be a non-empty str without '.', NUL or a leading '$'",
        )


class DictField(_Container[D], Generic[T, D]):
    """A ``dict`` from ``str`` keys to values of ``value_type``.

    Keys must be valid MongoDB keys (no leading ``$``, no ``.``).
    ``Book.scores.alice > 3`` queries the value under one key.

    :param default_empty: new documents get an empty dict.
    """

    empty = dict

    @overload
    def __init__(
        self: DictField[T, dict[str, T]],
        value_type: Field[T],
        **options: Unpack[Empty[dict[str, T], Never]],
    ) -> None: ...
    @overload
    def __init__(
        self: DictField[T, dict[str, T] | None],
        value_type: Field[T],
        **options: Unpack[Empty[dict[str, T] | None, bool]],
    ) -> None: ...
    def __init__(
        self, value_type: Field[T], default_empty: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(default_empty, **kwargs)
        self.value_type = self._inner_field(value_type, "value_type")

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a dict of str to {self.value_type.expected}"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.fail(value)
        for key in value:
            _check_key(self, key)
        self.check_items(self.value_type, value.items(), "key {!r}")

    def to_stored(self, value: dict[str, Any]) -> dict[str, Any]:
        to_mongo = self.value_type.to_mongo
        return {key: to_mongo(item) for key, item in value.items()}

    def unwrap(self, stored: Any) -> dict[str, T]:
        item = self.value_type
        if item.fast:
            return dict(stored)
        to_python = item.to_python
        return {key: to_python(value) for key, value in stored.items()}

    def sub_field(self, name: str) -> Field[Any] | None:
        _check_key(self, name)
        return named_part(self, self.value_type, name)


class KVField(_Container[M], Generic[K, V, M]):
    """A ``dict`` whose keys need not be strings (any ``key_type``), stored
    as a list of ``{'k': key, 'v': value}``.

    ``Model.kv.k == key`` and ``Model.kv.v == value`` match any entry;
    ``Model.kv.elem_match({'k': key, 'v': value})`` one entry.
    """

    @overload
    def __init__(
        self: KVField[K, V, dict[K, V]],
        key_type: Field[K],
        value_type: Field[V],
        **options: Unpack[FieldOptions[dict[K, V]]],
    ) -> None: ...
    @overload
    def __init__(
        self: KVField[K, V, dict[K, V] | None],
        key_type: Field[K],
        value_type: Field[V],
        **options: Unpack[OptionalFieldOptions[dict[K, V]]],
    ) -> None: ...
    def __init__(self, key_type: Field[K], value_type: Field[V], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.key_type = self._inner_field(key_type, "key_type")
        self.value_type = self._inner_field(value_type, "value_type")

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a dict of {self.key_type.expected} to {self.value_type.expected}"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.fail(value)
        self.check_items(self.key_type, ((key, key) for key in value), "a key")
        self.check_items(self.value_type, value.items(), "key {!r}")

    def to_stored(self, value: dict[Any, Any]) -> list[dict[str, Any]]:
        key_to_mongo, to_mongo = self.key_type.to_mongo, self.value_type.to_mongo
        return [{"k": key_to_mongo(k), "v": to_mongo(v)} for k, v in value.items()]

    def unwrap(self, stored: Any) -> dict[K, V]:
        key_to_python, to_python = self.key_type.to_python, self.value_type.to_python
        return {key_to_python(e["k"]): to_python(e["v"]) for e in stored}

    def sub_field(self, name: str) -> Field[Any] | None:
        if name == "k":
            return named_part(self, self.key_type, "k")
        if name == "v":
            return named_part(self, self.value_type, "v")
        return None
