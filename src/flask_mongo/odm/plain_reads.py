"""Plain fields read at dict speed.

A document keeps the dict PyMongo decoded as its state (``_data``, see
:mod:`~flask_mongo.odm.state`). In a class that allows it, that same dict is
also the instance's ``__dict__``, and each *plain* field (its value is its
stored form, nothing runs on read, stored under its attribute's name) is put
on the class behind a non-data descriptor, :class:`PlainRead`. Python then
finds ``book.title`` in the instance dict without calling any Python code,
as it reads ``doc["title"]``; the descriptor runs only when the key is
absent (an unset field, one a ``fields(...)`` query left out).

Writes cannot go to the instance dict unchecked, so such a class gets a
``__setattr__`` that sends a plain field's assignment to the field's
``__set__`` (validation, change tracking), and refuses names that are
neither fields nor other settable attributes, which would otherwise become
stored keys.

A stored key named as another attribute of the class (``save``, ``query``,
a setting) would hide it if it were in the instance dict: a document holding
such a key keeps a separate instance dict instead, and reads its fields
through the descriptors (see :func:`attach`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .fields.base import Field
from .state import DocumentState

if TYPE_CHECKING:
    from .document import Document

_set_attr = object.__setattr__


class PlainRead:
    """The class attribute of a plain field in a dict-mode class (see the
    module docstring): reached only when the instance dict lacks the key."""

    __slots__ = ("field",)

    def __init__(self, field: Field[Any]) -> None:
        self.field = field

    def __get__(self, obj: DocumentState | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.field.query_field
        return self.field.__get__(obj, owner)


def declared(value: object) -> object:
    """The field behind a class attribute (``value`` itself if it is not a
    :class:`PlainRead`)."""
    return value.field if isinstance(value, PlainRead) else value


def install(cls: type[Document]) -> None:
    """Give ``cls`` dict-speed reads of its plain fields, if it can have
    them: its instances have a ``__dict__``, it declares its own
    ``__setattr__`` nowhere, and no stored key of its fields hides another
    of its attributes."""
    cls._shadowed = None
    if not _give_plain_reads(cls):
        # What a dict-mode base gave: its fields back, its setattr gone.
        for name, field in cls._fields.items():
            if isinstance(_class_attr(cls, name), PlainRead):
                setattr(cls, name, field)
        if getattr(cls.__setattr__, "_fm", False):
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign]


def _give_plain_reads(cls: type[Document]) -> bool:
    plain = {
        name: field
        for name, field in cls._fields.items()
        if field.fast
        and field.db_field == name
        and type(field).__get__ is Field.__get__
    }
    if not plain or not cls.__dictoffset__:
        return False
    if any(
        "__setattr__" in vars(b) and not getattr(vars(b)["__setattr__"], "_fm", False)
        for b in cls.__mro__
        if b is not object
    ):
        return False
    # What an instance dict key could hide: class attributes that are not
    # data descriptors (a data descriptor, such as a field that converts,
    # a slot or a property, wins over the instance dict).
    shadowed = frozenset(
        name
        for name in dir(cls)
        if name not in plain and not _is_data_descriptor(_class_attr(cls, name))
    )
    # The keys unwrap may put in the instance dict unchecked (declarations).
    if not shadowed.isdisjoint(cls._safe_keys):
        return False
    for name, field in plain.items():
        if not isinstance(vars(cls).get(name), PlainRead):
            setattr(cls, name, PlainRead(field))
    cls._shadowed = shadowed
    _install_setattr(cls, plain)
    return True


def _install_setattr(cls: type[Document], plain: dict[str, Field[Any]]) -> None:
    name_of_class = cls.__name__

    def __setattr__(self: DocumentState, name: str, value: Any) -> None:
        field = plain.get(name)
        if field is not None:
            field.__set__(self, value)
        elif _settable(type(self), name):
            _set_attr(self, name, value)  # a slot, a property, another field
        else:
            raise AttributeError(
                f"{name_of_class} has no field {name!r}: declare one to set it"
                " (other attributes are refused: they would be stored)"
            )

    def __delattr__(self: DocumentState, name: str) -> None:
        field = plain.get(name)
        if field is not None:
            field.__delete__(self)
        elif _settable(type(self), name):
            object.__delattr__(self, name)
        else:
            raise AttributeError(f"{name_of_class} has no field {name!r} to delete")

    for method in (__setattr__, __delattr__):
        setattr(method, "_fm", True)  # noqa: B010 (a mark on a function)
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def _class_attr(cls: type, name: str) -> object:
    """The class attribute ``name`` as stored (no descriptor called)."""
    for base in cls.__mro__:
        if name in vars(base):
            return vars(base)[name]
    return None


def _settable(cls: type, name: str) -> bool:
    """Whether the class attribute ``name`` is a data descriptor (a slot, a
    property, a field), which takes the assignment itself."""
    return hasattr(type(_class_attr(cls, name)), "__set__")


def _is_data_descriptor(value: object) -> bool:
    kind = type(value)
    return hasattr(kind, "__set__") or hasattr(kind, "__delete__")
