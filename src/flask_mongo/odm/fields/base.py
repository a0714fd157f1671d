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
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NoReturn, TypeVar, overload

from ...errors import BadQueryException, BadValueException, FieldNotRetrieved
from ...operators import reject_operators
from ..expressions import QueryExpression

if TYPE_CHECKING:
    from ..document import Document

T = TypeVar("T")


class _Missing:
    """The "no value" marker (``None`` is a value)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class QueryField(Generic[T]):
    """What a field is on its class: a builder of query expressions.

    ``Book.year`` is the ``QueryField`` of the ``year`` field and
    ``Book.author.name`` the one of a dotted sub-path. Its public names are
    only the query methods, so that sub-fields can be reached as attributes;
    the field itself is ``QueryField.field_of(q)``.
    """

    __slots__ = ("_qfield", "_qpath")

    def __init__(self, field: Field[Any], path: str) -> None:
        self._qfield = field
        self._qpath = path

    @staticmethod
    def field_of(query_field: QueryField[Any]) -> Field[Any]:
        """The field behind a query field."""
        return query_field._qfield

    @staticmethod
    def path_of(query_field: QueryField[Any]) -> str:
        """The stored (dotted) path of a query field."""
        return query_field._qpath

    def __repr__(self) -> str:
        return f"<QueryField {self._qpath!r} ({type(self._qfield).__name__})>"

    def __str__(self) -> str:
        return self._qpath

    def _value(self, value: object) -> Any:
        return self._qfield.query_value(value, self._qpath)

    def _op(self, op: str, value: object) -> QueryExpression:
        return QueryExpression({self._qpath: {op: self._value(value)}})

    # Comparison operators build expressions; they are deliberately not
    # bool-valued, as in SQLAlchemy.
    def __eq__(self, value: object) -> QueryExpression:  # type: ignore[override]
        return QueryExpression({self._qpath: self._value(value)})

    def __ne__(self, value: object) -> QueryExpression:  # type: ignore[override]
        return self._op("$ne", value)

    def __lt__(self, value: object) -> QueryExpression:
        return self._op("$lt", value)

    def __le__(self, value: object) -> QueryExpression:
        return self._op("$lte", value)

    def __gt__(self, value: object) -> QueryExpression:
        return self._op("$gt", value)

    def __ge__(self, value: object) -> QueryExpression:
        return self._op("$gte", value)

    __hash__ = object.__hash__

    def eq_(self, value: object) -> QueryExpression:
        """``field == value``."""
        return self == value

    def ne_(self, value: object) -> QueryExpression:
        """``field != value``."""
        return self != value

    def lt_(self, value: object) -> QueryExpression:
        """``field < value``."""
        return self < value

    def le_(self, value: object) -> QueryExpression:
        """``field <= value``."""
        return self <= value

    def gt_(self, value: object) -> QueryExpression:
        """``field > value``."""
        return self > value

    def ge_(self, value: object) -> QueryExpression:
        """``field >= value``."""
        return self >= value

    def in_(self, *values: object) -> QueryExpression:
        """The field equals one of ``values`` (``in_(a, b)`` or ``in_([a, b])``)."""
        return QueryExpression({self._qpath: {"$in": self._many(values)}})

    def nin(self, *values: object) -> QueryExpression:
        """The field equals none of ``values``."""
        return QueryExpression({self._qpath: {"$nin": self._many(values)}})

    def _many(self, values: tuple[object, ...]) -> list[Any]:
        if len(values) == 1 and isinstance(values[0], list | tuple | set | frozenset):
            values = tuple(values[0])
        return [self._value(v) for v in values]

    def exists(self, exists: bool = True) -> QueryExpression:
        """The field is present (or absent, with ``exists=False``)."""
        if not isinstance(exists, bool):
            raise BadValueException(self._qpath, exists, "exists() takes a bool")
        return QueryExpression({self._qpath: {"$exists": exists}})

    def regex(
        self, expression: str, ignore_case: bool = False, options: str | None = None
    ) -> QueryExpression:
        """The field matches the regular expression ``expression``."""
        if not isinstance(expression, str):
            raise BadValueException(self._qpath, expression, "a regex must be a str")
        flags = (options or "") + (
            "i" if ignore_case and "i" not in (options or "") else ""
        )
        if set(flags) - set("imxs"):
            raise BadValueException(self._qpath, options, "regex options are of 'imxs'")
        query: dict[str, Any] = {"$regex": expression}
        if flags:
            query["$options"] = flags
        return QueryExpression({self._qpath: query})

    def startswith(self, prefix: str, ignore_case: bool = False) -> QueryExpression:
        """The field starts with ``prefix`` (matched literally)."""
        return self.regex("^" + re.escape(_text(prefix, self._qpath)), ignore_case)

    def endswith(self, suffix: str, ignore_case: bool = False) -> QueryExpression:
        """The field ends with ``suffix`` (matched literally)."""
        return self.regex(re.escape(_text(suffix, self._qpath)) + "$", ignore_case)

    def elem_match(self, query: dict[str, Any]) -> QueryExpression:
        """An element of this list field matches ``query``.

        ``query`` is an expression over the item document's fields
        (``Book.chapters.elem_match(Chapter.pages > 10)``) or a raw dict.
        Paths inside it are made relative to the element.
        """
        if not isinstance(query, dict):
            raise BadValueException(self._qpath, query, "elem_match takes a query")
        return QueryExpression(
            {self._qpath: {"$elemMatch": _relative(query, self._qpath)}}
        )

    def exclude(self) -> tuple[str, int]:
        """A projection item leaving this field out: ``query.fields(F.exclude())``."""
        return (self._qpath, 0)

    def matched_index(self) -> QueryField[T]:
        """The positional ``$`` path (``tags.$``) for updates after a match."""
        return QueryField(self._qfield, self._qpath + ".$")

    # Geo operators (for GeoField and lists of coordinates).
    def near(
        self, x: float, y: float, max_distance: float | None = None
    ) -> QueryExpression:
        """Nearest first, around the point ``(x, y)`` on a flat plane."""
        query: dict[str, Any] = {"$near": [_num(x, self._qpath), _num(y, self._qpath)]}
        if max_distance is not None:
            query["$maxDistance"] = _num(max_distance, self._qpath)
        return QueryExpression({self._qpath: query})

    def near_sphere(
        self, x: float, y: float, max_distance: float | None = None
    ) -> QueryExpression:
        """Nearest first, around ``(x, y)`` on a sphere (distances in radians)."""
        query: dict[str, Any] = {
            "$nearSphere": [_num(x, self._qpath), _num(y, self._qpath)]
        }
        if max_distance is not None:
            query["$maxDistance"] = _num(max_distance, self._qpath)
        return QueryExpression({self._qpath: query})

    def within_box(
        self, corner1: tuple[float, float], corner2: tuple[float, float]
    ) -> QueryExpression:
        """Inside the box with opposite corners ``corner1`` and ``corner2``."""
        return self._within(
            "$box", [_point(corner1, self._qpath), _point(corner2, self._qpath)]
        )

    def within_radius(self, x: float, y: float, radius: float) -> QueryExpression:
        """Within ``radius`` of ``(x, y)`` on a flat plane."""
        return self._within(
            "$center",
            [[_num(x, self._qpath), _num(y, self._qpath)], _num(radius, self._qpath)],
        )

    def within_radius_sphere(
        self, x: float, y: float, radius: float
    ) -> QueryExpression:
        """Within ``radius`` radians of ``(x, y)`` on a sphere."""
        return self._within(
            "$centerSphere",
            [[_num(x, self._qpath), _num(y, self._qpath)], _num(radius, self._qpath)],
        )

    def within_polygon(self, polygon: Iterable[tuple[float, float]]) -> QueryExpression:
        """Inside the polygon whose corners are ``polygon``."""
        return self._within("$polygon", [_point(p, self._qpath) for p in polygon])

    def _within(self, shape: str, value: Any) -> QueryExpression:
        return QueryExpression({self._qpath: {"$geoWithin": {shape: value}}})

    def __getattr__(self, name: str) -> QueryField[Any]:
        # Dotted sub-paths of embedded documents: Book.author.name.
        if name.startswith("_"):
            raise AttributeError(name)
        sub = self._qfield.sub_field(name)
        if sub is None:
            raise AttributeError(
                f"{self._qpath!r} has no sub-field {name!r}"
                " (only embedded documents have sub-fields)"
            )
        return QueryField(sub, f"{self._qpath}.{sub.db_field}")


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise BadValueException(name, value, "expected a str")
    return value


def _num(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise BadValueException(name, value, "expected a number")
    return value


def _point(value: object, name: str) -> list[float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise BadValueException(name, value, "expected an (x, y) pair")
    return [_num(value[0], name), _num(value[1], name)]


def _relative(query: dict[str, Any], prefix: str) -> dict[str, Any]:
    cut = prefix + "."
    return {
        (k[len(cut) :] if isinstance(k, str) and k.startswith(cut) else k): v
        for k, v in query.items()
    }


Validator = Callable[[Any], bool]


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

    owner: type[Document] | None = None

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
            _check_key(db_field)
        #: The attribute name and the stored key (set by __set_name__).
        self.name = ""
        self.db_field = db_field or ""
        self.query_field: QueryField[T] = QueryField(self, self.db_field)
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
            _check_key(name)
            self.db_field = name
        self.query_field = QueryField(self, self.db_field)

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
        """Raise :class:`BadValueException` for ``value``."""
        raise BadValueException(
            self.label, value, reason or f"expected {self.expected}"
        )

    def validate(self, value: Any) -> None:
        """Check a Python value; raise :class:`BadValueException` if wrong."""
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

    def on_save(self, doc: Document) -> None:
        """Called before the document is written (computed and timestamp
        fields override it)."""

    def query_value(self, value: Any, path: str) -> Any:
        """A value for a query on this field, checked and in stored form."""
        if value is None:
            return None
        reject_operators(value, path)
        self.validate(value)
        return self.wrap(value)

    def sub_field(self, name: str) -> Field[Any] | None:
        """The field of the embedded document under this one, if any."""
        return None

    # -- the descriptor ------------------------------------------------------

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> QueryField[T]: ...
    @overload
    def __get__(self, obj: Document, owner: type | None = None) -> T: ...
    def __get__(self, obj: Document | None, owner: type | None = None) -> Any:
        if obj is None:
            return self.query_field
        key = self.db_field
        if self.fast:
            try:
                return obj._data[key]
            except KeyError:
                return self._missing(obj)
        cache = obj._cache
        try:
            return cache[key]
        except KeyError:
            pass
        data = obj._data
        if key not in data:
            return self._missing(obj)
        value = self.to_python(data[key])
        cache[key] = value
        return value

    def _missing(self, obj: Document) -> Any:
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
        return None

    def __set__(self, obj: Document, value: T) -> None:
        self.validate(value)
        obj._assign(self, value)

    def __delete__(self, obj: Document) -> None:
        obj._unassign(self)

    def __repr__(self) -> str:
        where = f" {self.label}" if self.name else ""
        return f"<{type(self).__name__}{where}>"


_KEY_RE = re.compile(r"^[^$.\x00][^.\x00]*$")


def _check_key(key: str) -> None:
    if not isinstance(key, str) or not _KEY_RE.match(key):
        raise BadQueryException(
            f"{key!r} cannot be a MongoDB field name: it must be a non-empty str"
            " without '.', NUL, or a leading '$'"
        )
