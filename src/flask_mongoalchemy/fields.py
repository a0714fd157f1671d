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
from typing import Any

from bson import DBRef, ObjectId
from bson.binary import Binary

from flask_mongo.odm import fields as odm
from flask_mongo.odm.fields.references import ListRel
from flask_mongo.odm.state import NO_CACHE

from .exceptions import (
    BadFieldSpecification,
    BadQueryException,
    BadValueException,
    FieldNotRetrieved,
    InvalidConfigException,
    MissingValueException,
)
from .field_protocol import Field
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
    """A list of ``item_type`` values; ``rel(ignore_missing=True)`` leaves
    out the references whose documents are gone."""

    def rel(
        self, allow_none: bool = False, ignore_missing: bool = False
    ) -> ListRel[Any]:
        related = super().rel(allow_none)
        if not ignore_missing:
            return related
        return _PresentRel(self, allow_none)


class _PresentRel(ListRel[Any]):
    """``ListField.rel(ignore_missing=True)``: the referenced documents that
    exist (None references stay None)."""

    def load(self, obj: Any, owner: type | None) -> Any:
        field = self.field
        stored = field.__get__(obj, owner)
        if stored is None:
            return None
        item: Any = field.item_type
        refs = [None if v is None else item.to_mongo(v) for v in stored]
        found = item.dereference_many(refs, True)
        return [doc for ref, doc in zip(refs, found, strict=True) if ref is None or doc]


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
    """An embedded document of the class given (or named); a name no class
    is declared under raises ``BadFieldSpecification`` when it is used.
    ``validate_unwrap`` checks the stored values of the declared fields
    that are present (as MongoAlchemy did; loading checks the rest)."""

    @property
    def document_class(self) -> Any:
        target = self._document_class
        if not isinstance(target, str):  # resolved (the common case)
            return target
        try:
            return super().document_class
        except BadQueryException as error:
            raise BadFieldSpecification(str(error)) from None

    def validate_wrap(self, value: Any) -> None:
        # A document of exactly the resolved class passes check_type; with
        # no validator left to run, it is valid (the common case, checked on
        # assignment and again on every write).
        if (
            type(value) is self._document_class
            and self.validator is None
            and self.wrap_validator is None
            and type(self).check_type is odm.DocumentField.check_type
        ):
            return
        super().validate_wrap(value)

    def wrap(self, value: Any) -> Any:
        # Field.wrap checks with validate_wrap, then the typed wrap checked
        # the same value again through validate (once more per write): one
        # check is enough, unless a subclass changed validate itself.
        if type(self).validate is not Field.validate:
            return super().wrap(value)
        self._abstract("wrap")
        if value is None and self.allow_none:
            return None
        self.validate_wrap(value)
        return value.wrap()

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        # The read of a stored sub-document, as the generic chain makes it
        # (unwrap -> _unwrapped, then cached) in one call: a nested
        # document reads many. Anything else takes that chain.
        if (
            obj is not None
            and self.unwrap_validator is None
            and type(self).unwrap is Field.unwrap
        ):
            key = self.db_field
            cache = obj._cache
            if key in cache:
                return cache[key]
            stored = obj._data.get(key)
            if type(stored) is dict:
                value = self._unwrapped(stored)
                if cache is NO_CACHE:  # the first value converted
                    cache = obj._own_cache()
                cache[key] = value
                return value
        return super().__get__(obj, owner)

    def _check_unwrapped(self, python: Any) -> None:
        # A document loaded as the resolved class (not some other class an
        # application's own unwrap gave) passes check_type: with no
        # validator, there is nothing left to check.
        if (
            type(python) is self._document_class
            and self.validator is None
            and type(self).check_type is odm.DocumentField.check_type
        ):
            return
        super()._check_unwrapped(python)

    def validate_unwrap(self, value: Any) -> None:
        if value is None and self.allow_none:
            return
        if not isinstance(value, dict):
            self._fail_validation_type(value, dict)
        for field in self.document_class._db_fields.values():
            if field.db_field in value and hasattr(field, "validate_unwrap"):
                field.validate_unwrap(value[field.db_field])


class RefField(Field, odm.RefField[Any, Any]):
    """A reference to another document, stored as a DBRef.

    :param db_required: refuse a ``DBRef`` that names no database.
    :param proxy: also declare ``rel()`` under this attribute name
        (``RefField(A, proxy='a')``: ``doc.a`` reads the document).

    A ``DBRef`` naming another database than ``db`` is refused.
    """

    def __init__(
        self,
        type: Any = None,
        db: str | None = None,
        db_required: bool = False,
        namespace: str | None = None,
        proxy: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(type, db, namespace, **kwargs)
        self.db_required = db_required
        self.proxy = proxy

    def __set_name__(self, owner: type, name: str) -> None:
        super().__set_name__(owner, name)
        if self.proxy is not None:
            setattr(owner, self.proxy, self.rel())

    def check_type(self, value: Any) -> None:
        super().check_type(value)
        if isinstance(value, DBRef):
            if self.db_required and not value.database:
                self.fail(value, "db_required=True, but the DBRef names no database")
            if self.db and value.database and value.database != self.db:
                where = f"database {value.database!r}, not {self.db!r}"
                self.fail(value, f"a reference to {where}")

    def _to_ref(self, doc: Any) -> DBRef:
        """The ``DBRef`` this field stores for the saved document ``doc``."""
        return doc.to_ref(self.db)  # type: ignore[no-any-return]


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
