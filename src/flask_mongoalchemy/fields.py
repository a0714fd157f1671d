"""MongoAlchemy's field types, with its field protocol.

Each class here is the Flask-Mongo field of the same name
(:mod:`flask_mongo.odm.fields`) plus MongoAlchemy's public protocol:

- ``wrap(value)`` checks a Python value and gives its stored form;
  ``unwrap(stored)`` checks a stored value and gives its Python form. Both
  raise :class:`~flask_mongo.errors.BadValueException` for a bad value
  (``StringField(max_length=4).wrap('12345')`` raises).
- ``validate_wrap`` / ``validate_unwrap`` only check; ``is_valid_wrap`` /
  ``is_valid_unwrap`` answer True or False.
- ``IntField(_id=True)`` is ``IntField(db_field='_id')``; ``is_id`` says so.
- Bad options raise :class:`~flask_mongoalchemy.exceptions.InvalidConfigException`
  (a ``TypeError``, as the modern fields raise).

The legacy policy: a stored value is checked when a document first reads
it (MongoAlchemy validated on load), where the modern fields trust what
they stored. Only these classes pay for that; :mod:`flask_mongo.odm`'s keep
their direct reads. A field class of your own derives from :class:`Field`
and overrides ``wrap``, ``unwrap`` and ``validate_wrap`` (and
``validate_unwrap`` when the stored form differs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar, NoReturn

from bson import DBRef, ObjectId
from bson.binary import Binary

from flask_mongo.odm import fields as odm

from .exceptions import (
    BadFieldSpecification,
    BadValueException,
    FieldNotRetrieved,
    InvalidConfigException,
    MissingValueException,
)
from .query_expression import QueryField

__all__ = [  # noqa: RUF022 - grouped by kind, as the module reads
    # MongoAlchemy's field types, in the order of its fields module
    "Field",
    "StringField",
    "RegExStringField",
    "IntField",
    "FloatField",
    "BoolField",
    "ObjectIdField",
    "DateTimeField",
    "DocumentField",
    "AnythingField",
    "ListField",
    "SetField",
    "DictField",
    "KVField",
    "TupleField",
    "EnumField",
    "GeoField",
    "BinaryField",
    "ComputedField",
    "CreatedField",
    "ModifiedField",
    "RefField",
    "SRefField",
    "QueryField",
    "computed_field",
    # the update operators each kind of field takes
    "ANY_MODIFIER",
    "LIST_MODIFIERS",
    "NUMBER_MODIFIERS",
    "SCALAR_MODIFIERS",
    # the exceptions and values its fields module exported
    "BadFieldSpecification",
    "BadValueException",
    "FieldNotRetrieved",
    "InvalidConfigException",
    "MissingValueException",
    "Binary",
    "DBRef",
    "ObjectId",
    "datetime",
]

#: The update operators each kind of field takes (MongoAlchemy's names).
SCALAR_MODIFIERS = frozenset({"$set", "$unset"})
NUMBER_MODIFIERS = SCALAR_MODIFIERS | {"$inc"}
LIST_MODIFIERS = SCALAR_MODIFIERS | {
    "$push",
    "$addToSet",
    "$pull",
    "$pushAll",
    "$pullAll",
    "$pop",
}
ANY_MODIFIER = LIST_MODIFIERS | NUMBER_MODIFIERS

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
        # own that overrides it is obeyed; None follows allow_none.
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

    # -- conversions -------------------------------------------------------------

    def wrap(self, value: Any) -> Any:
        """The stored form of ``value``, checked first."""
        self._abstract("wrap")
        if value is None and self.allow_none:
            return None
        self.validate_wrap(value)
        return super().wrap(value)

    def unwrap(self, value: Any, session: Any = None) -> Any:
        """The Python form of the stored ``value``, checked first."""
        if value is None and self.allow_none:
            return None
        return self._unwrapped(value)

    def _unwrapped(self, value: Any) -> Any:
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
        super().validate(python)
        return python


class AnythingField(Field, odm.AnythingField):
    """Any value BSON can store."""


class StringField(Field, odm.StringField[Any]):
    """A ``str`` (``min_length``, ``max_length``)."""


class RegExStringField(Field, odm.RegExStringField[Any]):
    """A ``str`` matching ``regex``."""


class BoolField(Field, odm.BoolField[Any]):
    """A ``bool``."""


class IntField(Field, odm.IntField[Any]):
    """An ``int`` (``min_value``, ``max_value``)."""


class FloatField(Field, odm.FloatField[Any]):
    """A ``float`` (``min_value``, ``max_value``)."""


class ObjectIdField(Field, odm.ObjectIdField[Any]):
    """An ``ObjectId``; ``wrap`` also takes a 24-hex str or 12 bytes."""

    def gen(self) -> ObjectId:
        """A new ObjectId."""
        return ObjectId()


class DateTimeField(Field, odm.DateTimeField[Any]):
    """A ``datetime`` (``min_date``, ``max_date``, ``use_tz``); with
    ``use_tz=True`` a naive datetime is refused (MongoAlchemy required an
    aware one)."""

    def validate_wrap(self, value: Any) -> None:
        super().validate_wrap(value)
        if self.use_tz and isinstance(value, datetime) and value.tzinfo is None:
            self.fail(value, "use_tz=True needs a timezone-aware datetime")


class _Stamped(Field):
    """A timestamp field with MongoAlchemy's timing: a new document holds
    the time it was made (so it can be read before the first save)."""

    tz_aware: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if "default" not in kwargs and "default_f" not in kwargs:
            kwargs["default_f"] = self._now
        super().__init__(*args, **kwargs)

    def _now(self) -> datetime:
        now = datetime.now(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        return now if self.tz_aware else now.replace(tzinfo=None)


class CreatedField(_Stamped, odm.CreatedField):
    """The time the document was made; saves keep it."""


class ModifiedField(_Stamped, odm.ModifiedField):
    """The time the document was made, then of each save that writes."""


class BinaryField(Field, odm.BinaryField[Any]):
    """Bytes, stored as BSON binary: ``wrap`` gives a ``Binary``, and stored
    values come back as they are (MongoAlchemy's forms)."""

    def wrap(self, value: Any) -> Any:
        stored = super().wrap(value)
        if stored is None or isinstance(stored, Binary):
            return stored
        return Binary(stored)

    def _unwrapped(self, value: Any) -> Any:
        # bytes(4) is four zero bytes: refuse what is not bytes already.
        if not isinstance(value, bytes):
            self._fail_validation_type(value, bytes, Binary)
        super()._unwrapped(value)
        return value


class EnumField(Field, odm.EnumField[Any, Any]):
    """One of ``values``, each an ``item_type`` value."""


class GeoField(Field, odm.GeoField[Any]):
    """A ``(x, y)`` point."""


class TupleField(Field, odm.TupleField[Any]):
    """A fixed-length tuple, one field per position; stored as a list."""


class ListField(Field, odm.ListField[Any, Any]):
    """A list of ``item_type`` values."""


class SetField(Field, odm.SetField[Any, Any]):
    """A set of ``item_type`` values; stored as a list (a stored value that
    is not a list is refused)."""

    def _unwrapped(self, value: Any) -> Any:
        if not isinstance(value, list):
            self._fail_validation_type(value, list)
        return super()._unwrapped(value)


class DictField(Field, odm.DictField[Any, Any]):
    """A dict of str keys to ``value_type`` values."""


class KVField(Field, odm.KVField[Any, Any, Any]):
    """A dict of ``key_type`` keys to ``value_type`` values, stored as a list
    of ``{'k': key, 'v': value}`` (``default_empty=True``: ``{}``)."""

    empty = dict


class DocumentField(Field, odm.DocumentField[Any, Any]):
    """An embedded document of the class given (or named)."""


class RefField(Field, odm.RefField[Any, Any]):
    """A reference to another document, stored as a DBRef."""


class SRefField(Field, odm.SRefField[Any, Any]):
    """A reference to another document, stored as its bare ObjectId."""


class ComputedField(Field, odm.ComputedField[Any]):
    """A value computed from other fields when the document is saved;
    ``wrap`` and ``unwrap`` check values as ``computed_type`` does."""


def computed_field(
    computed_type: odm.Field[Any],
    deps: Iterable[Any] | None = None,
    one_time: bool = False,
    **kwargs: Any,
) -> Callable[[Callable[[dict[str, Any]], Any]], ComputedField]:
    """Declare a :class:`ComputedField` with a method (as
    :func:`flask_mongo.odm.fields.computed_field`), MongoAlchemy's kind."""

    def decorate(fun: Callable[[dict[str, Any]], Any]) -> ComputedField:
        return ComputedField(computed_type, fun, deps=deps, one_time=one_time, **kwargs)

    return decorate
