"""The field descriptor every field type derives from.

A field is a typed descriptor. On the class it is a query builder
(``Book.year > 2000`` gives a filter dict); on an instance it is the value
(``book.year`` is an ``int``).

Speed: a document keeps the dict PyMongo decoded as its state. A field whose
stored form is already its Python form (``identity``: str, int, ObjectId...)
reads straight from that dict; the others convert on first read and cache
the result on the instance. Nothing is validated on load; values are
validated when assigned and when written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Literal,
    Never,
    NoReturn,
    TypeAlias,
    TypedDict,
    TypeVar,
    overload,
)

from ...core.values import MISSING, check_key, reject_operators
from ...errors import BadValueException, FieldNotRetrieved
from ..paths import QueryField
from ..state import NO_CACHE
from .quick_range import QuickRange, range_test

if TYPE_CHECKING:
    from ..document import Document
    from ..state import DocumentState

T = TypeVar("T")
V = TypeVar("V")
N = TypeVar("N")

Validator = Callable[[Any], bool]


class _Options(TypedDict, total=False):
    db_field: str
    on_update: str
    validator: Validator
    unwrap_validator: Validator
    wrap_validator: Validator
    ignore_missing: bool


class Options(_Options, Generic[V, N], total=False):
    """The options of a field holding a ``V``, for type checkers. ``N`` is
    ``Never`` for a field that never holds None (``required`` may only be
    True, ``allow_none`` only False) and ``bool`` for one that may; a field
    type's own options derive from this (see :data:`FieldOptions`)."""

    required: Literal[True] | N
    allow_none: Literal[False] | N
    default: V
    default_f: Callable[[], V]
    default_factory: Callable[[], V]


#: The options of a field whose value is always a ``V`` (see :class:`Field`):
#: ``default`` and ``default_f`` are checked against ``V``.
FieldOptions: TypeAlias = Options[V, Never]
#: The options of a field whose value may be None (``required=False``,
#: ``allow_none=True`` or ``default=None``).
OptionalFieldOptions: TypeAlias = Options[V | None, bool]


class Field(Generic[T]):
    """Base class of all fields.

    :param required: a value is needed to save (the default, as in
        MongoAlchemy). ``required=False`` fields read as ``None`` when unset.
    :param default: the value of a new document's field when none is given.
    :param default_f: a callable giving that value (called per document);
        ``default_factory`` is the same, spelled as in dataclasses.
    :param db_field: the key in MongoDB (default: the attribute name).
    :param allow_none: accept ``None`` (``default=None`` implies it).
    :param on_update: the update operator used when the field changed
        (``'$set'``), or ``'ignore'`` to never write it on update.
    :param validator: a callable; a false result rejects the value
        (checked on assignment and on write).
    :param unwrap_validator: checked on the stored value when read.
    :param wrap_validator: checked on the stored form when written.
    :param ignore_missing: accepted for compatibility; loading never fails on
        a missing field (it fails on save if the field is required).
    """

    #: The stored form is the Python form (no conversion on read).
    identity: ClassVar[bool] = True
    #: Values can change in place (lists, dicts, documents): compared at save.
    mutable: ClassVar[bool] = False
    #: What the field holds, for error messages.
    expected: ClassVar[str] = "a value"
    #: The document computes the value itself: it cannot be assigned or set.
    computed: ClassVar[bool] = False
    #: What the field is on its class (a front-end's fields may give their
    #: own subclass, e.g. MongoAlchemy's repr and errors).
    query_field_class: ClassVar[type[QueryField[Any]]] = QueryField

    owner: type[Document] | None = None
    # query_value's quick tests, chosen on its first call: the exact type
    # (exact_type's, or NotImplemented) and a range test (quick_range's).
    _query_exact: Any = None
    _query_quick: Validator | None = None

    def __init__(
        self,
        *,
        required: bool = True,
        default: Any = MISSING,
        default_f: Callable[[], Any] | None = None,
        default_factory: Callable[[], Any] | None = None,
        db_field: str | None = None,
        allow_none: bool = False,
        on_update: str = "$set",
        validator: Validator | None = None,
        unwrap_validator: Validator | None = None,
        wrap_validator: Validator | None = None,
        ignore_missing: bool = False,
    ) -> None:
        if default_f is not None and default_factory is not None:
            raise TypeError("give default_f or default_factory, not both")
        default_f = default_f or default_factory
        if default is not MISSING and default_f is not None:
            raise TypeError("give default or default_f, not both")
        if on_update != "ignore" and not on_update.startswith("$"):
            raise TypeError("on_update must be an operator like '$set' or 'ignore'")
        self.required = required
        self.default = default
        self.default_f = default_f
        self.allow_none = allow_none or (default is None)
        self.on_update = on_update
        self.validator = validator
        self.unwrap_validator = unwrap_validator
        self.wrap_validator = wrap_validator
        self.ignore_missing = ignore_missing
        self._db_field = db_field
        if db_field is not None:
            check_key(db_field)
        #: The attribute name and the stored key (set by __set_name__).
        self.name = ""
        self.db_field = db_field or ""
        self.query_field: QueryField[T] = self.query_field_class(self, self.db_field)
        # Reads go straight to the stored dict only when nothing has to run.
        self.fast = self.identity and unwrap_validator is None
        # Likewise writes: the value is its stored form, nothing to check.
        self.plain = (
            type(self).wrap is Field.wrap
            and type(self).to_mongo is Field.to_mongo
            and wrap_validator is None
        )

    # -- declaration ---------------------------------------------------------

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name
        if self._db_field is None:
            check_key(name)
            self.db_field = name
        self.query_field = self.query_field_class(self, self.db_field)

    def bind(self, owner: type[Document]) -> None:
        """Called by the document class that declares this field."""
        self.owner = owner

    def has_default(self) -> bool:
        """True when a new document gets a value without being given one."""
        return self.default is not MISSING or self.default_f is not None

    def make_default(self) -> Any:
        """A fresh default value (a copy, for values that can change in
        place: one ``default=[]`` must not be shared by every document)."""
        if self.default_f is not None:
            return self.default_f()
        return copy.deepcopy(self.default) if self.mutable else self.default

    # -- values --------------------------------------------------------------

    @property
    def label(self) -> str:
        """The field as named in messages: ``Book.title``."""
        owner = self.owner.__name__ + "." if self.owner is not None else ""
        return owner + (self.name or "?")

    def fail(self, value: object, reason: str | None = None) -> NoReturn:
        """Raise :class:`~flask_mongo.errors.BadValueException` for ``value``."""
        raise BadValueException(
            self.label, value, reason or f"expected {self.expected}"
        )

    def validate(self, value: Any) -> None:
        """Check a Python value; raise
        :class:`~flask_mongo.errors.BadValueException` if wrong."""
        if value is None:
            if not self.allow_none:
                self.fail(
                    value, f"expected {self.expected}, not None (allow_none=False)"
                )
            return
        self.check_type(value)
        if self.validator is not None and not self.validator(value):
            self.fail(value, "rejected by the field's validator")

    def check_type(self, value: Any) -> None:
        """Type and bounds checks of a non-None value (for subclasses)."""

    def exact_type(self) -> type | None:
        """A type every value of which (of exactly that type, not a
        subclass) :meth:`validate` accepts, so that a fast path may test
        ``type(value) is T`` instead of calling it; None when there is none
        (bounds, a validator, a check of a subclass's own). Never a dict,
        list or tuple: query values of it skip the operator check.

        .. versionadded:: 0.1
        """
        if type(self).validate is not Field.validate or self.validator is not None:
            return None
        return self._exact_type()

    def _exact_type(self) -> type | None:
        # For subclasses: the type their own check_type accepts whole.
        return None

    def to_mongo(self, value: Any) -> Any:
        """The stored form of a (valid) Python value."""
        stored = None if value is None else self.wrap(value)
        if self.wrap_validator is not None and not self.wrap_validator(stored):
            self.fail(value, "rejected by the field's wrap_validator")
        return stored

    def to_python(self, stored: Any) -> Any:
        """The Python value of a stored one."""
        if self.unwrap_validator is not None and not self.unwrap_validator(stored):
            self.fail(stored, "the stored value was rejected by unwrap_validator")
        return None if stored is None else self.unwrap(stored)

    def wrap(self, value: Any) -> Any:
        """Python -> stored form, for non-None values (for subclasses)."""
        return value

    def unwrap(self, stored: Any) -> Any:
        """Stored form -> Python, for non-None values (for subclasses)."""
        return stored

    def on_save(self, doc: DocumentState) -> None:
        """Called before the document is written (computed and timestamp
        fields override it)."""

    def query_value(self, value: Any, path: str) -> Any:
        """A value for a query on this field, checked and in stored form."""
        exact = self._query_exact
        if exact is None:  # the first query on this field
            exact = self._query_tests()
        quick = self._query_quick
        # Valid, not a dict (an operator); a plain field's wrap returns it as is.
        if type(value) is exact or (quick is not None and quick(value)):
            return value if self.plain else self.wrap(value)
        if value is None:
            return None
        reject_operators(value, path)
        self.validate(value)
        return self.wrap(value)

    def _query_tests(self) -> Any:
        # Once per field: the tests of query_value's quick path.
        if type(self).validate is Field.validate and self.validator is None:
            self._query_quick = range_test(self.quick_range())
        exact = self._query_exact = self.exact_type() or NotImplemented
        return exact

    def quick_range(self) -> QuickRange | None:
        """The exact type and range of values ``check_type`` accepts whole
        (see :mod:`.quick_range`); None when there is none."""
        return None

    def sub_field(self, name: str) -> Field[Any] | None:
        """The field of the embedded document under this one, if any."""
        return None

    def item_field(self) -> Field[Any] | None:
        """The field checking each item, for fields that hold a list (a
        field that may hold anything checks its items itself); else None."""
        return None

    # -- the descriptor ------------------------------------------------------

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> QueryField[T]: ...
    @overload
    def __get__(self, obj: DocumentState, owner: type | None = None) -> T: ...
    def __get__(self, obj: DocumentState | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.query_field
        key = self.db_field
        if self.fast:
            try:
                return obj._data[key]
            except KeyError:
                return self._missing(obj)
        cache = obj._cache
        # A test, not try/except: the first read of each value misses, and
        # raising KeyError costs more than a second lookup on a hit.
        if key in cache:
            return cache[key]
        data = obj._data
        if key not in data:
            return self._missing(obj)
        value = self.to_python(data[key])
        if cache is NO_CACHE:  # the first value converted (see odm.state)
            cache = obj._own_cache()
        cache[key] = value
        return value

    def _missing(self, obj: DocumentState) -> Any:
        retrieved = obj._retrieved
        if retrieved is not None and self.db_field not in retrieved:
            raise FieldNotRetrieved(
                f"{self.label} was not loaded: the query's fields(...) left it"
                " out; add it to fields() to read it"
            )
        if self.has_default():
            value = self.make_default()
            self.__set__(obj, value)
            return value
        if self.required and not self.allow_none:
            raise AttributeError(
                f"{self.label} has no value yet; it is required, so set it"
                " before saving"
            )
        if obj._unset_raises:  # the legacy policy (flask_mongoalchemy)
            raise AttributeError(
                f"{self.label} has no value (unset fields raise AttributeError"
                " in MongoAlchemy documents; hasattr() tells)"
            )
        return None

    def __set__(self, obj: DocumentState, value: T) -> None:
        self.validate(value)
        obj._assign(self, value)

    def __delete__(self, obj: DocumentState) -> None:
        obj._unassign(self)

    def __repr__(self) -> str:
        where = f" {self.label}" if self.name else ""
        return f"<{type(self).__name__}{where}>"


def check_field_arg(value: object, what: str) -> Field[Any]:
    """``value`` if it is a field instance; a clear TypeError otherwise."""
    if isinstance(value, type) and issubclass(value, Field):
        raise TypeError(f"{what} must be a field instance: write {value.__name__}()")
    if not isinstance(value, Field):
        raise TypeError(f"{what} must be a field instance, got {value!r}")
    return value


def bind_inner(outer: Field[Any], inner: Field[Any], name: str | None = None) -> None:
    """Bind a field used inside ``outer`` (an item type, a computed type) to
    the document class that declares ``outer``, so that its error messages
    name the field and embedded classes given by name resolve."""
    inner.name = outer.name if name is None else name
    if outer.owner is not None:
        inner.bind(outer.owner)


class WrappingField(Field[V]):
    """A field whose values are those of an inner field instance (an enum's
    item type, a computed field's type): checked, stored and read through
    it."""

    identity = False

    def _wrap(self, inner: Field[Any], what: str) -> None:
        self.inner: Field[Any] = check_field_arg(inner, what)
        # An inner scalar is stored as is: read it straight from the data.
        self.fast = self.inner.fast and self.unwrap_validator is None

    def bind(self, owner: type[Document]) -> None:
        super().bind(owner)
        bind_inner(self, self.inner)

    def check_type(self, value: Any) -> None:
        self.inner.validate(value)

    def wrap(self, value: Any) -> Any:
        return self.inner.to_mongo(value)

    def unwrap(self, stored: Any) -> Any:
        return self.inner.to_python(stored)
