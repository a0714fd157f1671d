"""MongoAlchemy's queries: ``Query`` (``Doc.query``, ``session.query(Doc)``),
``RemoveQuery`` and ``QueryResult``.

:class:`Query` is Flask-Mongo's :class:`~flask_mongo.odm.BaseQuery` under
the legacy policy:

- ``filter()`` merges expressions on the same field into one operator dict
  (``filter(T.i > 1).filter(T.i < 5)`` is ``{'i': {'$gt': 1, '$lt': 5}}``),
  as MongoAlchemy did. A field given twice where one side is not an
  operator dict (``T.i == 3`` twice, ``T.i < 2`` with ``T.i == 4``) raises
  ``BadQueryException``. A repeated operator replaces the earlier one
  (``filter(T.i.exists(False))`` then ``filter(T.i.exists(True))`` asks
  for ``$exists: True``), as MongoAlchemy did.
- Sorting by, or hinting, the same field twice raises ``BadQueryException``.
- ``fields()`` takes ``Doc.l.elem_match(q)`` (load only the matching items),
  and ``_fields_expression()`` gives the projection sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pymongo import ASCENDING, DESCENDING

from flask_mongo.core.transactions import session_for
from flask_mongo.errors import BadQueryException, BadResultException, BadValueException
from flask_mongo.odm import BaseQuery as TypedQuery
from flask_mongo.odm import Document as TypedDocument
from flask_mongo.odm.expressions import QueryExpression
from flask_mongo.odm.paths import resolve, stored_path
from flask_mongo.odm.projection import Projection
from flask_mongo.odm.results import QueryResult

from .query_expression import ElemMatch
from .update_expression import FindAndModifyExpression, UpdateExpression

if TYPE_CHECKING:
    from .session import Session

__all__ = [  # noqa: RUF022 - the queries, then the names MongoAlchemy's module exported
    "BaseQuery",
    "Query",
    "QueryResult",
    "RemoveQuery",
    "ASCENDING",
    "DESCENDING",
    "BadQueryException",
    "BadResultException",
    "BadValueException",
    "FindAndModifyExpression",
    "QueryExpression",
    "UpdateExpression",
]

D = TypeVar("D", bound=TypedDocument)


def merge_filter(current: dict[str, Any], more: dict[str, Any]) -> QueryExpression:
    """``current`` with the conditions of ``more`` added, MongoAlchemy's
    way (see the module docstring)."""
    merged = QueryExpression(current)
    for key, value in more.items():
        if key not in merged:
            merged[key] = value
            continue
        mine = merged[key]
        if not (_operators(mine) and _operators(value)):
            raise BadQueryException(
                f"{key!r} is given twice in one query; both must be operator"
                f" dicts to combine ({mine!r} and {value!r})"
            )
        merged[key] = {**mine, **value}
    return merged


def _operators(value: object) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and k.startswith("$") for k in value)
    )


class Query(TypedQuery[D]):
    """A MongoAlchemy query (see the module docstring)."""

    def filter(self, *expressions: dict[str, Any]) -> Query[D]:
        for expression in expressions:
            if not isinstance(expression, dict):
                raise BadQueryException(
                    f"filter() takes query expressions such as Book.year > 2000,"
                    f" got {expression!r}"
                )
            self._filter = merge_filter(self._filter, expression)
        return self

    def filter_by(self, **values: Any) -> Query[D]:
        for name, value in values.items():
            self.filter(resolve(self.type, name) == value)
        return self

    def sort(self, *fields: tuple[Any, int] | Any) -> Query[D]:
        before = {path for path, _ in self._sort}
        super().sort(*fields)
        added = [path for path, _ in self._sort[len(before) :]]
        if len(set(added)) != len(added) or before & set(added):
            raise BadQueryException("a query cannot sort by the same field twice")
        return self

    def hint_asc(self, field: Any) -> Query[D]:
        self._hint_once(field)
        super().hint_asc(field)
        return self

    def hint_desc(self, field: Any) -> Query[D]:
        self._hint_once(field)
        super().hint_desc(field)
        return self

    def _hint_once(self, field: Any) -> None:
        path = stored_path(self.type, field)
        if any(hinted == path for hinted, _ in self._hint or []):
            raise BadQueryException(f"the hint names {path!r} twice")

    def fields(self, *fields: Any) -> Query[D]:
        plain = [f for f in fields if not isinstance(f, ElemMatch)]
        matches = [f for f in fields if isinstance(f, ElemMatch)]
        if plain or not matches:
            super().fields(*plain)
        if matches:
            projection: dict[str, Any] = dict(self._projection or {})
            for match in matches:
                projection[match.path] = match[match.path]
            self._projection = projection
            self._retrieved = Projection.loaded_by(self.type, projection)
        return self

    def _fields_expression(self) -> dict[str, Any]:
        """The projection this query sends (``_id`` included unless excluded)."""
        expression: dict[str, Any] = {
            path: (bool(flag) if isinstance(flag, int) else flag)
            for path, flag in (self._projection or {}).items()
        }
        expression.setdefault("_id", True)
        return expression


_FREE_FORM: dict[str, type[TypedDocument]] = {}


def free_form_class(collection: str) -> type[TypedDocument]:
    """A document class over ``collection`` declaring no fields (its
    stored keys are kept as extra fields), for free-form queries. Kept out
    of the ``global`` namespace, so no name lookup ever finds it."""
    from .document import Document

    found = _FREE_FORM.get(collection)
    if found is None:
        found = _FREE_FORM[collection] = type(
            collection,
            (Document,),
            {
                "__module__": __name__,
                "config_collection_name": collection,
                "config_extra_fields": "ignore",
                "config_namespace": "flask_mongoalchemy.free_form",
            },
        )
    return found


#: Flask-MongoAlchemy's name: the query class to derive your own from.
BaseQuery = Query


class RemoveQuery(Generic[D]):
    """MongoAlchemy's remove query: ``session.remove_query(T).filter(T.i >
    8).execute()`` deletes the matching documents (queued inside ``with
    session:``)."""

    def __init__(self, type: type[D], session: Session) -> None:
        self.type = type
        self.session = session
        self._query: TypedQuery[D] = type.query
        self._safe: bool | None = None

    @property
    def query(self) -> dict[str, Any]:
        """The filter of the documents to delete."""
        return dict(self._query.query)

    def set_safe(self, is_safe: bool, **kwargs: Any) -> RemoveQuery[D]:
        """Ask for acknowledgement (w=1) or not (w=0)."""
        self._safe = is_safe
        return self

    def filter(self, *expressions: dict[str, Any]) -> RemoveQuery[D]:
        """As :meth:`flask_mongo.odm.BaseQuery.filter`."""
        self._query.filter(*expressions)
        return self

    def filter_by(self, **values: Any) -> RemoveQuery[D]:
        """As :meth:`flask_mongo.odm.BaseQuery.filter_by`."""
        self._query.filter_by(**values)
        return self

    def or_(self, *expressions: dict[str, Any]) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.or_`."""
        self._query.or_(*expressions)
        return self

    def in_(self, field: Any, *values: Any) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.in_`."""
        self._query.in_(field, *values)
        return self

    def nin(self, field: Any, *values: Any) -> RemoveQuery[D]:
        """As :meth:`BaseQuery.nin`."""
        self._query.nin(field, *values)
        return self

    def execute(self) -> Any:
        """Delete the matching documents: ``{'ok': 1, 'n': deleted}``."""
        safe = self.session._safe(self._safe)
        filter = self.query

        def op() -> dict[str, Any]:
            collection = self.type.get_collection(safe)
            result = collection.delete_many(
                filter, session=session_for(collection.database.client)
            )
            return {"ok": 1, "n": result.deleted_count if result.acknowledged else None}

        return self.session._queue(op)
