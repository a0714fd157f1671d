"""MongoAlchemy's query expressions: the query fields of its documents.

``Doc.f`` on a :mod:`flask_mongoalchemy` document is a :class:`QueryField`,
Flask-Mongo's query field (:mod:`flask_mongo.odm.paths`) under the legacy
policy:

- ``repr(Doc.f)`` is ``QueryField(f)``, and ``Doc.t.i._get_parent()`` is
  ``Doc.t``.
- Comparing two query fields gives a bool (``Doc.a == Doc.a`` is True):
  they name the same path or not.
- ``Doc.t.q`` for a sub-field ``t`` lacks raises
  :class:`NoSuchSubField`, a ``BadQueryException`` that is also an
  ``AttributeError`` (``hasattr`` still answers False).
- ``in_(a, b)`` / ``nin(a, b)`` check each value as given: for a list or
  set field a value is an item or a whole list (``in_({'x'})`` matches the
  stored list ``['x']``); a list is not spread into values.
- ``elem_match`` on a field that holds no list, or with something other
  than a query, raises ``BadQueryException``. Its result also reads as the
  field's path (``str(F.l.elem_match(q)) == 'l'``), and ``query.fields()``
  takes it to load only the matching items.

``Q`` builds free-form queries, over paths no class declares:
``Q.name.first == 'jeff'`` is ``{'name.first': 'jeff'}``. Values are
checked as an ``AnythingField`` checks them: a dict with ``$`` keys is
refused, never sent as operators.
"""

from __future__ import annotations

from typing import Any

from flask_mongo.errors import BadQueryException
from flask_mongo.odm.expressions import QueryExpression
from flask_mongo.odm.fields import AnythingField
from flask_mongo.odm.fields.base import Field
from flask_mongo.odm.paths import QueryField as TypedQueryField
from flask_mongo.odm.paths import item_field

__all__ = [
    "ElemMatch",
    "FreeFormField",
    "NoSuchSubField",
    "Q",
    "QueryExpression",
    "QueryField",
]


class NoSuchSubField(BadQueryException, AttributeError):
    """A query field names a sub-field its field does not have."""


class ElemMatch(QueryExpression):
    """``{path: {'$elemMatch': query}}``, which also reads as ``path``."""

    __slots__ = ("path",)

    def __init__(self, path: str, query: dict[str, Any]) -> None:
        super().__init__({path: {"$elemMatch": query}})
        self.path = path

    def __str__(self) -> str:
        return self.path


class QueryField(TypedQueryField[Any]):
    """A MongoAlchemy query field (see the module docstring)."""

    __slots__ = ("_qparent",)

    def __init__(self, field: Field[Any], path: str) -> None:
        super().__init__(field, path)
        self._qparent: QueryField | None = None

    def _child(self, field: Field[Any], path: str) -> TypedQueryField[Any]:
        child = QueryField(field, path)
        child._qparent = self
        return child

    def _get_parent(self) -> QueryField | None:
        """The query field this one is a sub-field of (None at the top)."""
        return self._qparent

    def __repr__(self) -> str:
        return f"QueryField({self._qpath})"

    def __eq__(self, value: object) -> Any:
        if isinstance(value, TypedQueryField):
            return self._qpath == value._qpath
        return super().__eq__(value)

    def __ne__(self, value: object) -> Any:
        if isinstance(value, TypedQueryField):
            return self._qpath != value._qpath
        return super().__ne__(value)

    __hash__ = TypedQueryField.__hash__

    def in_(self, *values: object) -> QueryExpression:
        return QueryExpression({self._qpath: {"$in": self._each(values)}})

    def nin(self, *values: object) -> QueryExpression:
        return QueryExpression({self._qpath: {"$nin": self._each(values)}})

    def _each(self, values: tuple[object, ...]) -> list[Any]:
        return [self._value(v) for v in values]

    def elem_match(self, query: dict[str, Any]) -> QueryExpression:
        item_field(self._qfield, self._qpath, "elem_match()")
        if not isinstance(query, dict):
            raise BadQueryException(
                f"elem_match() takes a query expression or a dict, got {query!r}"
            )
        matched = super().elem_match(query)
        return ElemMatch(self._qpath, matched[self._qpath]["$elemMatch"])

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getattr__(name)
        except BadQueryException:
            raise
        except AttributeError as error:
            if name.startswith("_"):
                raise
            raise NoSuchSubField(str(error)) from None


class FreeFormField(AnythingField):
    """A field at a path no class declares (what ``Q.a.b`` checks with):
    any BSON value, and every name below it is a sub-field."""

    query_field_class = QueryField

    def __init__(self, name: str) -> None:
        super().__init__(db_field=name)
        self.name = name

    def sub_field(self, name: str) -> Field[Any] | None:
        return FreeFormField(name)


class _FreeForm:
    """``Q``: ``Q.name`` is the query field of the path ``name``."""

    def __getattr__(self, name: str) -> QueryField:
        if name.startswith("_"):
            raise AttributeError(name)
        return QueryField(FreeFormField(name), name)

    def __getitem__(self, name: str) -> QueryField:
        return QueryField(FreeFormField(name), name)


#: Free-form query fields: ``Q.name.first == 'jeff'``.
Q = _FreeForm()
