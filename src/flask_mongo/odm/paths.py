"""Field paths: how a field reference becomes the path MongoDB stores.

A field is named by a query field (``Book.author.name``), a field, or an
attribute-name string (``'author.name'``, ``'tags.$'``). Every place that
sends a path to the server (filters, ``in_``, sort, projections,
``distinct``, hints, index keys and every update operator) resolves it
here, so a field declared with ``db_field`` is sent under its stored name
wherever it is named: with ``Author.name = StringField(db_field='n')`` and
``Book.author = DocumentField(Author, db_field='a')``, both
``Book.author.name`` and ``'author.name'`` are the stored path ``a.n``.

A string is resolved one segment at a time by the same step that
attribute access on a query field takes, so the two spellings cannot
disagree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..errors import BadQueryException, BadValueException
from .expressions import QueryExpression
from .geo_queries import GeoQueries

if TYPE_CHECKING:
    from .document import Document
    from .fields.base import Field

T = TypeVar("T")


def is_positional(segment: str) -> bool:
    """Whether a path segment names list items (``$``, ``0``, ``$[]``, ``$[x]``)."""
    return (
        segment == "$"
        or segment.isdigit()
        or (segment.startswith("$[") and segment.endswith("]"))
    )


class QueryField(GeoQueries, Generic[T]):
    """What a field is on its class: a builder of query expressions.

    ``Book.year`` is the ``QueryField`` of the ``year`` field and
    ``Book.author.name`` the one of a dotted sub-path. Its public names are
    only the query methods, so that sub-fields can be reached as attributes;
    the field itself is ``QueryField.field_of(q)``.
    """

    __slots__ = ("_qfield", "_qpath", "_qsubs")

    def __init__(self, field: Field[Any], path: str) -> None:
        self._qfield = field
        self._qpath = path
        # The query fields of declared sub-fields, by name (see __getattr__).
        self._qsubs: dict[str, QueryField[Any]] | None = None

    @staticmethod
    def field_of(query_field: QueryField[Any]) -> Field[Any]:
        """The field that checks values stored at this path (for a
        positional path such as ``tags.$``, the list's item field)."""
        return query_field._qfield

    @staticmethod
    def path_of(query_field: QueryField[Any]) -> str:
        """The stored (dotted) path of a query field."""
        return query_field._qpath

    def _child(self, field: Field[Any], path: str) -> QueryField[Any]:
        """The query field of ``path`` below this one, checked by ``field``."""
        return type(self)(field, path)

    def __repr__(self) -> str:
        return f"<QueryField {self._qpath!r} ({type(self._qfield).__name__})>"

    def __str__(self) -> str:
        return self._qpath

    def _value(self, value: object) -> Any:
        return self._qfield.query_value(value, self._qpath)

    # An empty expression filled in: quicker than copying a dict into one.
    def _op(self, op: str, value: object) -> QueryExpression:
        path = self._qpath
        checked = self._qfield.query_value(value, path)
        expression = QueryExpression()
        expression[path] = {op: checked}
        return expression

    # Comparison operators build expressions; they are deliberately not
    # bool-valued, as in SQLAlchemy.
    def __eq__(self, value: object) -> QueryExpression:  # type: ignore[override]
        path = self._qpath
        checked = self._qfield.query_value(value, path)
        expression = QueryExpression()
        expression[path] = checked
        return expression

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

    def matched_index(self) -> QueryField[Any]:
        """The positional ``$`` path (``tags.$``) for updates after a match."""
        return step(self, "$")

    def __getattr__(self, name: str) -> QueryField[Any]:
        # Dotted sub-paths of embedded documents: Book.author.name.
        if name.startswith("_"):
            raise AttributeError(name)
        subs = self._qsubs
        if subs is not None and name in subs:
            return subs[name]
        sub = _sub_path(self, name)
        if sub is None:
            # MongoAlchemy's query fields passed its field protocol on to the
            # field (Doc.f.unwrap(v)); its fields list the names they share.
            field = self._qfield
            if name in getattr(field, "query_field_methods", ()):
                return getattr(field, name)  # type: ignore[no-any-return]
            raise AttributeError(
                f"{self._qpath!r} has no sub-field {name!r}"
                " (only embedded documents have sub-fields)"
            )
        if _is_declared(sub._qfield):
            # Kept: the sub-field stays its class's for good. Not kept: parts
            # made per name (a dict's keys), which are not bounded in number.
            if subs is None:
                subs = self._qsubs = {}
            subs[name] = sub
        return sub


def _sub_path(query_field: QueryField[Any], name: str) -> QueryField[Any] | None:
    """The query field of the sub-field ``name`` (an attribute name), stored
    under the sub-field's own ``db_field``; None when there is none."""
    sub = query_field._qfield.sub_field(name)
    if sub is None:
        return None
    return query_field._child(sub, f"{query_field._qpath}.{sub.db_field}")


def _is_declared(field: Field[Any]) -> bool:
    """Whether ``field`` is a field its document class declares."""
    owner = field.owner
    return owner is not None and owner._fields.get(field.name) is field


def item_field(field: Field[Any], path: str, method: str) -> Field[Any]:
    """The field checking the items of the list field ``field``.

    :raises BadQueryException: ``field`` does not hold a list.
    """
    item = field.item_field()
    if item is None:
        raise BadQueryException(
            f"{method} needs a list field; {path!r} ({field.label}) holds"
            f" {field.expected}"
        )
    return item


def step(
    query_field: QueryField[Any], segment: str, *, update: bool = False
) -> QueryField[Any]:
    """The query field one path segment below ``query_field``: a list's
    items for a positional segment (``$``, ``0``, ``$[]``), else the
    sub-field named ``segment``.

    :param update: refuse to reach through a list without a positional
        segment (queries match any item; updates must name one).
    :raises BadQueryException: there is no such sub-field.
    """
    field, path = query_field._qfield, query_field._qpath
    if is_positional(segment):
        items = item_field(field, path, "a positional path")
        return query_field._child(items, f"{path}.{segment}")
    item = field.item_field()
    if update and item is not None and item is not field:
        raise BadQueryException(
            f"{path!r} ({field.label}) is a list: name one item with a positional"
            f" path ('{path}.$.{segment}', or matched_index() on the query field)"
        )
    sub = _sub_path(query_field, segment)
    if sub is None:
        raise BadQueryException(
            f"{path!r} ({field.label}) has no sub-field {segment!r}"
        )
    return sub


def resolve(
    owner: type[Document], ref: Any, *, update: bool = False
) -> QueryField[Any]:
    """The query field a field reference names on the document class
    ``owner``: a query field as is, a field's own, or an attribute-name
    string (its first segment may also be a stored name, such as ``_id``).

    :param update: as for :func:`step`.
    :raises BadQueryException: ``owner`` has no such field.
    """
    if isinstance(ref, str) and ref:
        first, *rest = ref.split(".")
        found = _declared(owner, first)
        if found is None:
            raise BadQueryException(
                f"{owner.__name__} has no field {first!r}; its fields are"
                f" {', '.join(sorted(owner._fields))}"
            )
        for segment in rest:
            found = step(found, segment, update=update)
        return found
    given = _given(ref)
    if given is None:
        raise BadQueryException(
            f"expected a field, a query field or an attribute name, got {ref!r}"
        )
    return given


def stored_path(owner: type[Document] | None, ref: Any) -> str:
    """The stored path of a field reference, for sort keys, projections,
    ``distinct``, hints and index keys.

    Unlike :func:`resolve`, names ``owner`` does not declare are kept as
    written (a key of a polymorphic subclass's field, or inside what an
    ``AnythingField`` holds): the known prefix is translated, the rest is
    sent as is.
    """
    if isinstance(ref, QueryField):  # the usual reference, first
        return ref._qpath
    if isinstance(ref, str):
        return ref if owner is None else _known_prefix(owner, ref)
    given = _given(ref)
    if given is None:
        raise BadQueryException(f"expected a field or a field name, got {ref!r}")
    return given._qpath


def _given(ref: object) -> QueryField[Any] | None:
    """``ref`` as a query field when it is one or a field instance."""
    if isinstance(ref, QueryField):
        return ref
    # Fields are not imported here (they import this module): a field is
    # what carries its own query field.
    own = getattr(ref, "query_field", None)
    if isinstance(own, QueryField) and not isinstance(ref, type):
        return own
    return None


def _declared(owner: type[Document], name: str) -> QueryField[Any] | None:
    """The query field of ``owner``'s field with attribute (or stored) name
    ``name``."""
    field = owner._fields.get(name) or owner._db_fields.get(name)
    return None if field is None else field.query_field


def _known_prefix(owner: type[Document], ref: str) -> str:
    first, *rest = ref.split(".")
    found = _declared(owner, first)
    if found is None:
        return ref
    for index, segment in enumerate(rest):
        try:
            found = step(found, segment)
        except BadQueryException:
            return ".".join([found._qpath, *rest[index:]])
    return found._qpath


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise BadValueException(name, value, "expected a str")
    return value


def _relative(query: dict[str, Any], prefix: str) -> dict[str, Any]:
    cut = prefix + "."
    return {
        (k[len(cut) :] if isinstance(k, str) and k.startswith(cut) else k): v
        for k, v in query.items()
    }
