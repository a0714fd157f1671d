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

*Checked* plain fields: a field whose ``__get__`` checks each stored value
(``flask_mongoalchemy``'s: MongoAlchemy validated on load) can still be read
this way if it names a ``plain_read_type``, ``str``, ``int`` or ``bool``: a
stored value of exactly that type (an ``int``: one that fits in 64 bits) is
one its ``__get__`` gives back unchanged. Its class then tests each stored
dict once, when it is loaded or attached (:func:`plain_check`): only a dict
in which every such field holds a value of exactly its type, and that holds
no key the class does not declare, becomes the instance dict. Any other
(a wrong-typed or missing value, an extra key) keeps a separate instance
dict, so every read goes through the checking ``__get__`` and a bad stored
value raises on read as before. Such a class may also keep attributes that
are not fields (``_free_attributes``): setting one moves that document off
the stored dict first, where it would otherwise be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter
from struct import Struct
from struct import error as StructError
from typing import TYPE_CHECKING, Any

from ..core.values import INT64_MAX, INT64_MIN
from .fields.base import Field
from .fields.references import RefBase
from .state import _SET_DATA, DocumentState

if TYPE_CHECKING:
    from .document import Document

_set_attr = object.__setattr__

#: The test of a class with checked plain fields (see :func:`plain_check`).
PlainCheck = Callable[[dict[str, Any]], bool]

# The class attributes this module sets: the test, and the state's _attach
# a checking class wraps (kept on the wrapper, to unwrap it).
_CHECK = "_fm_plain_check"
_WRAPPED = "_fm_wrapped"
_CHECKED_TYPES = (str, int, bool)


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
    ``__setattr__`` nowhere, no stored key of its fields hides another of
    its attributes, and no reference field caches its target in the
    instance dict (see :mod:`~flask_mongo.odm.related`)."""
    cls._shadowed = None
    setattr(cls, _CHECK, None)
    if not _give_plain_reads(cls):
        # What a dict-mode base gave: its fields back, its setattr gone.
        for name, field in cls._fields.items():
            if isinstance(_class_attr(cls, name), PlainRead):
                setattr(cls, name, field)
        if getattr(cls.__setattr__, "_fm", False):
            cls.__setattr__ = object.__setattr__  # type: ignore[method-assign]
            cls.__delattr__ = object.__delattr__  # type: ignore[method-assign]
    wrapped = getattr(_class_attr(cls, "_attach"), _WRAPPED, None)
    if wrapped is not None and getattr(cls, _CHECK) is None:
        setattr(cls, "_attach", wrapped)  # noqa: B010 (a base's check, not ours)


def plain_check(cls: type[Document]) -> PlainCheck | None:
    """The test a stored dict must pass to be a document's instance dict, in
    a class with checked plain fields (see the module docstring): true when
    every such field holds a value of exactly its type. None: no test (no
    such field; a dict still needs no hidden attribute)."""
    check: PlainCheck | None = getattr(cls, _CHECK, None)
    return check


def _give_plain_reads(cls: type[Document]) -> bool:
    plain: dict[str, Field[Any]] = {}
    checked: dict[str, type] = {}
    for name, field in cls._fields.items():
        if not field.fast or field.db_field != name:
            continue
        if type(field).__get__ is Field.__get__:
            plain[name] = field
        elif getattr(field, "plain_read_type", None) in _CHECKED_TYPES:
            plain[name] = field
            checked[name] = getattr(field, "plain_read_type")  # noqa: B009
    if not plain or not cls.__dictoffset__:
        return False
    if any(isinstance(field, RefBase) for field in cls._fields.values()):
        # Rel caches the referenced document in the instance dict, which
        # must not be the stored dict (it would be saved with it).
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
    _install_setattr(cls, plain, bool(getattr(cls, "_free_attributes", False)))
    if checked:
        check = _type_check(checked)
        setattr(cls, _CHECK, check)
        _install_attach(cls, check)
    return True


def _type_check(checked: dict[str, type]) -> PlainCheck:
    """The test of :func:`plain_check` for these stored keys and types."""
    # The ints first, so that their values are one slice of the tuple.
    order = sorted(checked, key=lambda key: checked[key] is not int)
    if len(order) == 1:
        order *= 2  # itemgetter of one key gives the value, not a tuple
    n_ints = sum(checked[key] is int for key in order)
    types = [checked[key] for key in order]
    values_of = itemgetter(*order)
    # Packing exact ints as 64-bit integers fails for those that do not fit
    # (one C call, where min() and max() against the bounds take two).
    pack_ints = Struct(f"<{n_ints}q").pack
    items = tuple(checked.items())

    def check(data: dict[str, Any]) -> bool:
        try:
            values = values_of(data)
        except KeyError:  # an unset field (its read runs the field's code)
            return _present_check(items, data)
        if [*map(type, values)] != types:
            return False
        if n_ints:
            try:
                pack_ints(*values[:n_ints])
            except StructError:  # an int beyond 64 bits
                return False
        return True

    return check


def _present_check(items: tuple[tuple[str, type], ...], data: dict[str, Any]) -> bool:
    """The test of :func:`plain_check` for a dict lacking some keys: every
    key present holds a value of exactly its type."""
    for key, kind in items:
        if key in data:
            value = data[key]
            if type(value) is not kind:
                return False
            if type(value) is int and not INT64_MIN <= value <= INT64_MAX:
                return False
    return True


def _install_attach(cls: type[Document], check: PlainCheck) -> None:
    # The state attaches a dict (a new document's, a copy before the first
    # change, what an insert wrote) with its own test, which knows hidden
    # attributes only: this one adds the class's, and keeps an instance dict
    # holding attributes of its own (see detach).
    inherited: Any = _class_attr(cls, "_attach")
    attach: Callable[[DocumentState, dict[str, Any]], None] = getattr(
        inherited, _WRAPPED, inherited
    )
    safe_keys = cls._safe_keys

    def _attach(self: DocumentState, data: dict[str, Any]) -> None:
        own = self.__dict__
        if own and own is not getattr(self, "_data", None):
            _SET_DATA(self, data)  # attributes of its own: kept
            return
        attach(self, data)
        if self.__dict__ is data and not (data.keys() <= safe_keys and check(data)):
            _set_attr(self, "__dict__", {})

    setattr(_attach, _WRAPPED, attach)
    _attach.__qualname__ = f"{cls.__qualname__}._attach"
    _attach.__doc__ = DocumentState._attach.__doc__
    setattr(cls, "_attach", _attach)  # noqa: B010 (mypy: a method assigned)


def _install_setattr(
    cls: type[Document], plain: dict[str, Field[Any]], free: bool
) -> None:
    name_of_class = cls.__name__

    def __setattr__(self: DocumentState, name: str, value: Any) -> None:
        field = plain.get(name)
        if field is not None:
            field.__set__(self, value)
        elif _settable(type(self), name):
            _set_attr(self, name, value)  # a slot, a property, another field
        elif free:  # an attribute that is not stored: off the stored dict
            detach(self)
            _set_attr(self, name, value)
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
        elif free:
            detach(self)
            object.__delattr__(self, name)
        else:
            raise AttributeError(f"{name_of_class} has no field {name!r} to delete")

    for method in (__setattr__, __delattr__):
        setattr(method, "_fm", True)  # noqa: B010 (a mark on a function)
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
        setattr(cls, method.__name__, method)


def detach(doc: DocumentState) -> None:
    """Give ``doc`` an instance dict of its own if it was the stored dict
    (its plain fields are then read through their descriptors): before
    storing a key that must not be an attribute, or setting an attribute
    that must not be stored."""
    if doc.__dict__ is doc._data:
        _set_attr(doc, "__dict__", {})


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
