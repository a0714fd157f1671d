"""MongoAlchemy's field protocol: the base class of the fields of
:mod:`flask_mongoalchemy.fields`.

``wrap(value)`` checks a Python value and gives its stored form;
``unwrap(stored)`` checks a stored value and gives its Python form. Both
raise :class:`~flask_mongo.errors.BadValueException` for a bad value.
``validate_wrap`` / ``validate_unwrap`` only check; ``is_valid_wrap`` /
``is_valid_unwrap`` answer True or False. The module docstring of
:mod:`flask_mongoalchemy.fields` says how the legacy policy differs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from bson import ObjectId

from flask_mongo.core.values import INT64_MAX, INT64_MIN
from flask_mongo.odm import fields as odm
from flask_mongo.odm.constructor import _guard as typed_guard

from .exceptions import BadFieldSpecification, BadValueException, InvalidConfigException
from .query_expression import QueryField

if TYPE_CHECKING:
    from flask_mongo.odm.state import DocumentState

__all__ = ["Field", "init_guard"]

# What the conversion of a malformed stored value raises: reported as a
# BadValueException naming the field, as MongoAlchemy's validate_unwrap did.
_CONVERSION_ERRORS = (TypeError, ValueError, KeyError, AttributeError, IndexError)


class Field(odm.Field[Any]):
    """Base class of MongoAlchemy-style fields (see the module docstring).

    ``Field()`` itself holds no type: its ``wrap``, ``unwrap`` and checks
    raise ``NotImplementedError``, as MongoAlchemy's did.
    """

    query_field_class = QueryField

    #: Methods a class attribute (``Doc.f``, a query field) passes on to
    #: the field, as MongoAlchemy's query fields did: ``Doc.f.unwrap(v)``.
    query_field_methods: ClassVar[frozenset[str]] = frozenset(
        {
            "wrap",
            "unwrap",
            "validate_wrap",
            "validate_unwrap",
            "is_valid_wrap",
            "is_valid_unwrap",
            "is_id",
        }
    )

    def __init__(self, *args: Any, _id: bool = False, **kwargs: Any) -> None:
        if _id:
            if kwargs.get("db_field", "_id") != "_id":
                raise InvalidConfigException("give db_field or _id=True, not both")
            kwargs["db_field"] = "_id"
        empty = kwargs.get("default_empty", False) and self._empty_default()
        try:
            super().__init__(*args, **kwargs)
        except InvalidConfigException:
            raise
        except TypeError as error:
            if "argument" in str(error):  # Python's own: a wrong signature
                raise
            if "must be a field instance" in str(error):
                raise BadFieldSpecification(str(error)) from None
            raise InvalidConfigException(str(error)) from None
        if empty:
            # MongoAlchemy's default_empty is the default itself:
            # ListField(..., default_empty=True).default == [] (each new
            # document gets its own copy).
            self.default = self.make_default()
            self.default_f = None
        # Every stored value goes through unwrap() on its first read, which
        # checks it (MongoAlchemy's validation on load).
        self.fast = False
        #: The type whose instances need no check (see _exact_type).
        self._exact: Any = None  # a type (Any: mypy narrows values to object)
        #: The type of the stored values ``__get__`` gives back unchanged
        #: without storing them elsewhere (str, int or bool; None: none), so
        #: a stored dict whose values all have it can be the document's
        #: instance dict (see flask_mongo.odm.plain_reads).
        self.plain_read_type: type | None = None
        self._declared = False  # a class attribute (not an item type, say)

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        self._declared = True

    def bind(self, owner: Any) -> None:
        super().bind(owner)
        self._exact = _exact_type(self)
        if self._declared and self._exact in (str, int, bool):
            # Its values are their stored forms: kept in the stored dict,
            # as flask_mongo's fields keep them, so a new document's wrap()
            # copies them without a call. Reads stay checked: __get__
            # checks each value it gives (an item type keeps fast False,
            # since containers read fast items unchecked).
            self.fast = self.plain = True
            self.plain_read_type = self._exact

    def _empty_default(self) -> bool:
        """Whether this field takes ``default_empty`` (containers)."""
        return getattr(self, "empty", None) is not None

    @property
    def has_autoload(self) -> bool:
        """Whether values hold documents loaded with this one: embedded
        documents or references, directly or inside a container."""
        if isinstance(self, odm.DocumentField | odm.RefField | odm.SRefField):
            return True
        inners = getattr(self, "_inners", ())
        return any(getattr(inner, "has_autoload", False) for inner in inners)

    @property
    def is_id(self) -> bool:
        """True for the field stored as ``_id``."""
        return self.db_field == "_id"

    def _abstract(self, method: str) -> None:
        if type(self) is Field:
            raise NotImplementedError(
                f"Field.{method}() is implemented by field types: use one such as"
                " StringField(), or derive your own field from Field"
            )

    def _fail_validation(
        self, value: object, reason: str = "", cause: object = None
    ) -> NoReturn:
        """Raise BadValueException (for fields of your own, as in MongoAlchemy)."""
        self.fail(value, reason if cause is None else f"{reason} ({cause})")

    def _fail_validation_type(self, value: object, *types: type) -> NoReturn:
        names = ", ".join(t.__name__ for t in types)
        self.fail(value, f"expected an instance of {names}, got {type(value).__name__}")

    # -- checks ----------------------------------------------------------------

    def validate(self, value: Any) -> None:
        # Assignment checks through validate_wrap, so a field class of your
        # own that overrides it is obeyed; None follows allow_none. A value
        # of exactly the stock type is valid (see _exact_type).
        exact: Any = self._exact
        if (
            exact is not None
            and type(value) is exact
            and (exact is not int or INT64_MIN <= value <= INT64_MAX)
        ):
            return
        if value is None:
            super().validate(value)
        else:
            self.validate_wrap(value)

    def validate_wrap(self, value: Any) -> None:
        """Check a Python value; raise BadValueException when it is bad."""
        self._abstract("validate_wrap")
        super().validate(value)
        if (
            value is not None
            and self.wrap_validator is not None
            and not self.wrap_validator(value)
        ):
            self.fail(value, "rejected by the field's wrap_validator")

    def validate_unwrap(self, value: Any) -> None:
        """Check a stored value; raise BadValueException when it is bad."""
        if value is None and self.allow_none:
            return
        self._unwrapped(value)

    def is_valid_wrap(self, value: Any) -> bool:
        """Whether :meth:`wrap` would accept ``value``."""
        try:
            self.validate_wrap(value)
        except BadValueException:
            return False
        return True

    def is_valid_unwrap(self, value: Any) -> bool:
        """Whether :meth:`unwrap` would accept ``value``."""
        try:
            self.validate_unwrap(value)
        except BadValueException:
            return False
        return True

    # -- the descriptor ----------------------------------------------------------

    def __get__(self, obj: DocumentState | None, owner: type | None = None) -> Any:
        # The quick read: a stored value of exactly the field's type (in
        # 64 bits, for an int) is one that unwrap() accepts unchanged, so it
        # is given as is; anything else is checked and converted by unwrap.
        exact: Any = self._exact
        if exact is not None and obj is not None:
            key = self.db_field
            cache = obj._cache
            if key in cache:
                return cache[key]
            data = obj._data
            value: Any = data.get(key)
            if type(value) is exact and (
                exact is not int or INT64_MIN <= value <= INT64_MAX
            ):
                return value
            if self.fast:  # not cached: checked on every read
                if key not in data:
                    return self._missing(obj)
                return self.to_python(value)
        return super().__get__(obj, owner)

    # -- conversions -------------------------------------------------------------

    def to_python(self, stored: Any) -> Any:
        exact: Any = self._exact
        if (
            exact is not None
            and type(stored) is exact
            and (exact is not int or INT64_MIN <= stored <= INT64_MAX)
        ):
            return stored  # as __get__: valid as stored
        return super().to_python(stored)

    def wrap(self, value: Any) -> Any:
        """The stored form of ``value``, checked first."""
        self._abstract("wrap")
        if value is None and self.allow_none:
            return None
        self.validate_wrap(value)
        return super().wrap(value)

    def to_mongo(self, value: Any) -> Any:
        exact: Any = self._exact
        if (
            exact is not None
            and type(value) is exact
            and (exact is not int or INT64_MIN <= value <= INT64_MAX)
        ):
            return value  # valid, and its own stored form
        return super().to_mongo(value)

    def unwrap(self, value: Any, session: Any = None) -> Any:
        """The Python form of the stored ``value``, checked first."""
        if value is None and self.allow_none:
            return None
        return self._unwrapped(value)

    def _unwrapped(self, value: Any) -> Any:
        if type(self) is Field:  # _abstract, inlined: once per value loaded
            self._abstract("unwrap")
        if value is None:
            self.fail(value, f"expected {self.expected}, not None (allow_none=False)")
        if self.unwrap_validator is not None and not self.unwrap_validator(value):
            self.fail(value, "rejected by the field's unwrap_validator")
        try:
            python = super().unwrap(value)
        except BadValueException:
            raise
        except _CONVERSION_ERRORS as error:
            self.fail(value, f"not a stored form of {self.expected} ({error})")
        self._check_unwrapped(python)
        return python

    def _check_unwrapped(self, python: Any) -> None:
        """Check the Python value ``unwrap`` made of a stored one."""
        super().validate(python)


# The stock check of each scalar type, with the type whose instances pass it
# when the field has no bounds (an int must also fit in 64 bits).
_STOCK_CHECKS: dict[Any, type] = {
    odm.StringField.check_type: str,
    odm.IntField.check_type: int,
    odm.FloatField.check_type: float,
    odm.BoolField.check_type: bool,
    odm.ObjectIdField.check_type: ObjectId,
}
# The stored form of such a value, from the type's own wrap: the value itself.
_STOCK_WRAPS = (odm.Field.wrap, odm.FloatField.wrap, odm.ObjectIdField.wrap)
# The protocol's methods the quick paths stand for: overriding any of them
# (a field class of your own) keeps every value on the full path.
_PROTOCOL = (
    "to_python",
    "unwrap",
    "_unwrapped",
    "validate",
    "validate_wrap",
    "wrap",
    "to_mongo",
)


def _below_protocol(field: Field, name: str) -> Any:
    """The method ``name`` that :class:`Field`'s own calls with ``super()``."""
    mro = type(field).__mro__
    for klass in mro[mro.index(Field) + 1 :]:
        if name in vars(klass):
            return vars(klass)[name]
    return None  # pragma: no cover - odm.Field defines every one


def _exact_type(field: Field) -> type | None:
    """The type whose instances ``field`` accepts unchanged on every path
    (read: ``unwrap``; assignment: ``validate``; write: ``to_mongo``), so
    that they can skip those calls; None when a check could refuse one (a
    bound, a validator) or a method was overridden."""
    kind = type(field)
    exact = _STOCK_CHECKS.get(kind.check_type)
    if exact is None:
        return None
    bounds = ("min_length", "max_length", "min_value", "max_value")
    if any(getattr(field, bound, None) is not None for bound in bounds):
        return None
    if (field.validator, field.unwrap_validator, field.wrap_validator) != (
        None,
        None,
        None,
    ):
        return None
    if any(getattr(kind, name) is not getattr(Field, name) for name in _PROTOCOL):
        return None
    stock = (
        _below_protocol(field, "unwrap") is odm.Field.unwrap
        and _below_protocol(field, "validate") is odm.Field.validate
        and _below_protocol(field, "wrap") in _STOCK_WRAPS
    )
    return exact if stock else None


# The inline check of each type, in the generated constructor's terms (its
# value is _fm_v; _ObjectId is bson's ObjectId there).
_INIT_GUARDS = {
    str: "type(_fm_v) is str",
    int: f"type(_fm_v) is int and {INT64_MIN} <= _fm_v <= {INT64_MAX}",
    float: "type(_fm_v) is float",
    bool: "type(_fm_v) is bool",
    ObjectId: "type(_fm_v) is _ObjectId",
}


def init_guard(field: odm.Field[Any], env: dict[str, Any]) -> str | None:
    """The generated constructor's inline check of a value of ``field``
    (see ``flask_mongo.odm.constructor.install_constructor``): true
    only for values :meth:`~flask_mongo.odm.Field.validate` accepts; None:
    always call it."""
    if not isinstance(field, Field):
        return typed_guard(field, env)  # mongo_id, or a typed field in the class
    exact = field._exact
    return None if exact is None else _INIT_GUARDS[exact]
