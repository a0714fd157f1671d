"""Queries over typed documents: ``Book.query.filter(...).sort(...).all()``.

As in Flask-MongoAlchemy, the query methods change the query and return it,
so calls chain; ``clone()`` gives an independent copy. ``Model.query`` is a
new query on each access.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from pymongo.client_session import ClientSession
from pymongo.collection import Collection
from pymongo.cursor import Cursor

from ..core.find import FindSpec, check_count, found_or_404, not_found
from ..core.keyset import KeysetPaginates, Sort
from ..core.pagination import Paginates
from ..core.read_options import ChoosesReadOptions
from ..core.transactions import session_for
from ..core.values import to_object_id
from ..errors import BadQueryException, BadResultException
from .aggregation import QueryAggregation
from .bulk import QueryBulk
from .expressions import QueryExpression
from .paths import QueryField, resolve, stored_path
from .projection import Projection
from .related import QueryRelated
from .results import QueryResult, loaded_list
from .slicing import item_at
from .updates import QueryUpdates

if TYPE_CHECKING:
    from .document import Document

D = TypeVar("D", bound="Document")


class BaseQuery(
    QueryUpdates[D],
    QueryRelated,
    Paginates[D],
    KeysetPaginates[D],
    ChoosesReadOptions,
    QueryAggregation,
    QueryBulk,
    Generic[D],
):
    """The query class of a document class (``Model.query_class``).

    Subclass it to add query helpers::

        class PersonQuery(BaseQuery):
            def get_johns(self):
                return self.filter(self.type.first_name == 'John')

    :param type: the document class (``self.type`` in subclasses).
    :param session: the :class:`~flask_mongo.Mongo` extension it runs on.
    """

    # What a new query holds until a method sets it on the instance (so that
    # making one, once per query, sets only what every query changes).
    _limit: int = 0
    _skip: int = 0
    _projection: dict[str, int] | None = None
    _retrieved: Projection | None = None
    _hint: list[tuple[str, int]] | None = None
    _raw: bool = False
    #: A hook between a loaded dict and the document a query gives:
    #: ``identity(type, raw, load)`` (a legacy session's identity map).
    _identity: Callable[..., Any] | None = None

    def __init__(self, type: type[D], session: Any) -> None:
        self.type = type
        self.session = session
        self._filter: QueryExpression = QueryExpression()
        self._sort: list[tuple[str, int]] = []
        tree = type._polymorphism
        if tree is not None and type.config_polymorphic_identity is not None:
            self._filter = QueryExpression({tree.key: {"$in": tree.identities(type)}})

    # -- building ------------------------------------------------------------

    def filter(self, *expressions: dict[str, Any]) -> BaseQuery[D]:
        """Keep documents matching all ``expressions`` (query expressions, or
        raw filter dicts you trust)."""
        # Quick: expressions on keys of their own (the usual case) are one
        # merge, what & gives for disjoint keys; else & merges them in turn.
        current = self._filter
        merged = QueryExpression(current) if current else QueryExpression()
        total = len(current)
        for expression in expressions:
            if not isinstance(expression, dict):
                raise BadQueryException(
                    f"filter() takes query expressions such as Book.year > 2000,"
                    f" got {expression!r}"
                )
            merged.update(expression)
            total += len(expression)
        if len(merged) == total:
            self._filter = merged
            return self
        for expression in expressions:
            self._filter = self._filter & expression
        return self

    def filter_by(self, **values: Any) -> BaseQuery[D]:
        """Keep documents whose fields equal ``values`` (attribute names)."""
        for name, value in values.items():
            self._filter = self._filter & (resolve(self.type, name) == value)
        return self

    def not_(self, *expressions: dict[str, Any]) -> BaseQuery[D]:
        """Keep documents matching none of ``expressions``."""
        for expression in expressions:
            self._filter = self._filter & ~QueryExpression(expression)
        return self

    def or_(self, *expressions: dict[str, Any]) -> BaseQuery[D]:
        """Keep documents matching at least one of ``expressions``."""
        if expressions:
            combined = QueryExpression(expressions[0])
            for expression in expressions[1:]:
                combined = combined | expression
            self._filter = self._filter & combined
        return self

    def in_(self, field: Any, *values: Any) -> BaseQuery[D]:
        """Keep documents whose ``field`` is one of ``values``."""
        return self.filter(resolve(self.type, field).in_(*values))

    def nin(self, field: Any, *values: Any) -> BaseQuery[D]:
        """Keep documents whose ``field`` is none of ``values``."""
        return self.filter(resolve(self.type, field).nin(*values))

    def sort(self, *fields: tuple[Any, int] | Any) -> BaseQuery[D]:
        """Order by ``(field, 1)`` / ``(field, -1)`` pairs (or bare fields,
        ascending), in order of precedence."""
        for item in fields:
            field, direction = item if isinstance(item, tuple) else (item, 1)
            if direction not in (1, -1):
                raise BadQueryException(
                    f"sort direction must be 1 or -1, got {direction!r}"
                )
            if isinstance(field, QueryField):  # stored_path's first case
                self._sort.append((field._qpath, direction))
            else:
                self._sort.append((stored_path(self.type, field), direction))
        return self

    def ascending(self, field: Any) -> BaseQuery[D]:
        """Order by ``field``, smallest first."""
        return self.sort((field, 1))

    def descending(self, field: Any) -> BaseQuery[D]:
        """Order by ``field``, largest first."""
        return self.sort((field, -1))

    def hint_asc(self, field: Any) -> BaseQuery[D]:
        """Ask the server to use the ascending index on ``field``."""
        self._hint = [*(self._hint or []), (stored_path(self.type, field), 1)]
        return self

    def hint_desc(self, field: Any) -> BaseQuery[D]:
        """Ask the server to use the descending index on ``field``."""
        self._hint = [*(self._hint or []), (stored_path(self.type, field), -1)]
        return self

    def limit(self, limit: int) -> BaseQuery[D]:
        """Return at most ``limit`` documents (0: no limit)."""
        # check_count's answer for a plain int, without the call.
        ok = type(limit) is int and limit >= 0
        self._limit = limit if ok else check_count(limit, "limit")
        return self

    def skip(self, skip: int) -> BaseQuery[D]:
        """Leave out the first ``skip`` documents."""
        self._skip = check_count(skip, "skip")
        return self

    def fields(self, *fields: Any) -> BaseQuery[D]:
        """Load only ``fields`` (plus ``_id``); reading another field of the
        result raises :class:`~flask_mongo.errors.FieldNotRetrieved`.
        ``Field.exclude()`` items leave a field out instead."""
        projection: dict[str, int] = dict(self._projection or {})
        for item in fields:
            if isinstance(item, tuple):
                path, flag = item
                projection[stored_path(self.type, path)] = flag
            else:
                projection[stored_path(self.type, item)] = 1
        poly_key = self.type._poly_key
        if poly_key is not None and any(projection.values()):
            # The stored identity picks the class each result loads as.
            projection.setdefault(poly_key, 1)
        self._projection = projection
        self._retrieved = Projection.loaded_by(self.type, projection)
        return self

    def raw_output(self) -> BaseQuery[D]:
        """Return the stored dicts instead of documents."""
        self._raw = True
        return self

    def clone(self) -> BaseQuery[D]:
        """An independent copy of this query."""
        other = type(self).__new__(type(self))
        other.__dict__.update(self.__dict__)
        other._filter = QueryExpression(self._filter)
        other._sort = list(self._sort)
        if self._projection is not None:
            other._projection = dict(self._projection)
        return other

    @property
    def query(self) -> QueryExpression:
        """The filter this query sends."""
        return self._filter

    # -- running -------------------------------------------------------------

    def _collection(self) -> Collection[dict[str, Any]]:
        return self.type.get_collection()

    def _path(self, field: Any) -> str:
        return stored_path(self.type, field)

    def _document_class(self) -> type[D]:
        return self.type

    def _sort_spec(self) -> list[tuple[str, int]]:
        return self._sort or [
            (stored_path(self.type, f), d)
            for f, d in self.type.config_default_sort or []
        ]

    def find_spec(self) -> FindSpec:
        """What this query sends to the server: filter, projection, sort
        (the class's ``config_default_sort`` unless the query sorts), skip,
        limit and hint."""
        return FindSpec(
            filter=self._filter,
            projection=self._projection,
            sort=list(self._sort_spec()),
            skip=self._skip,
            limit=self._limit,
            hint=self._hint,
            read=self._read,
        )

    def _cursor(self) -> Cursor[dict[str, Any]]:
        collection = self._collection()
        return self.find_spec().cursor(collection, _session(collection))

    def __iter__(self) -> QueryResult[D]:
        return QueryResult(self._cursor(), self._loader(), self.count)

    def _loader(self) -> Callable[[dict[str, Any]], Any] | None:
        """What turns a stored dict into a result (None: raw dicts)."""
        if self._raw:
            return None
        unwrap = self.type.unwrap
        fields = self._retrieved
        if fields is None:
            load: Callable[[dict[str, Any]], Any] = unwrap
        else:
            load = partial(unwrap, fields=fields)
        identity = self._identity
        if identity is not None:
            return partial(identity, self.type, load=load)
        return load

    def all(self) -> list[D]:
        """All matching documents (with their :meth:`with_related` ones)."""
        return self._prime(loaded_list(self._cursor(), self._loader()))

    def first(self) -> D | None:
        """The first matching document, or None."""
        other = self.clone()
        other._limit = 1
        found = other.all()
        return found[0] if found else None

    def one(self) -> D:
        """The only matching document.

        :raises BadResultException: none, or more than one, matched.
        """
        other = self.clone()
        other._limit = 2
        found = other.all()
        if len(found) != 1:
            what = "no document" if not found else "more than one document"
            raise BadResultException(
                f"one() expected exactly one {self.type.__name__}, {what} matched"
                f" {dict(self._filter)!r}"
            )
        return found[0]

    def count(self, with_limit_and_skip: bool = False) -> int:
        """How many documents match (ignoring limit and skip unless asked)."""
        collection = self._collection()
        return self.find_spec().count(
            collection,
            with_limit_and_skip=with_limit_and_skip,
            session=_session(collection),
        )

    def distinct(self, field: Any) -> list[Any]:
        """The distinct values of ``field`` among the matching documents."""
        collection = self._collection()
        return self._read.collection(collection).distinct(
            stored_path(self.type, field),
            self._filter,
            session=_session(collection),
            **self._read.command_arguments(),
        )

    def explain(self) -> dict[str, Any]:
        """The server's plan for this query."""
        return self._cursor().explain()

    @overload
    def __getitem__(self, index: int) -> D: ...
    @overload
    def __getitem__(self, index: slice) -> list[D]: ...
    def __getitem__(self, index: int | slice) -> D | list[D]:
        return item_at(self, index)

    # -- by id and Flask helpers -----------------------------------------------

    def get(self, mongo_id: Any) -> D | None:
        """The document with this ``mongo_id`` (an ObjectId or its hex str),
        or None when there is none or the id is not a valid ObjectId."""
        oid = to_object_id(mongo_id)
        if oid is None:
            return None
        return self.clone().filter({"_id": oid}).first()

    def get_or_404(self, mongo_id: Any, description: str | None = None) -> D:
        """Like :meth:`get`, but aborts with 404 instead of returning None."""
        return found_or_404(self.get(mongo_id), description)

    def first_or_404(self, description: str | None = None) -> D:
        """Like :meth:`first`, but aborts with 404 when nothing matches."""
        return found_or_404(self.first(), description)

    def one_or_404(self, description: str | None = None) -> D:
        """Like :meth:`one`, but aborts with 404 unless exactly one matches."""
        try:
            return self.one()
        except BadResultException:
            not_found(description)

    def _page_items(self, skip: int, limit: int) -> list[D]:
        other = self.clone()
        other._skip = self._skip + skip
        other._limit = limit
        return other.all()

    def _page_total(self) -> int:
        return self.count()

    def _keyset_sort(self) -> Sort:
        if self._skip or self._limit:
            raise BadQueryException(
                "keyset() pages by the sort alone: leave out skip() and limit()"
            )
        return self._sort_spec()

    def _keyset_rows(self, extra: dict[str, Any], sort: Sort, limit: int) -> list[Any]:
        other = self.clone()
        other._filter = other._filter & extra
        other._sort, other._limit, other._raw = list(sort), limit, True
        if other._projection and any(other._projection.values()):
            # The next token is made of the last document's sort values.
            other._projection.update({path: 1 for path, _ in sort})
        return other.all()

    def _keyset_items(self, rows: list[dict[str, Any]]) -> list[D]:
        load = self._loader()
        return self._prime(rows if load is None else [load(raw) for raw in rows])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.type.__name__} {dict(self._filter)!r}>"


def _session(collection: Collection[dict[str, Any]]) -> ClientSession | None:
    """The session of the active ``db.transaction()`` on this collection's
    client, if any: queries inside a transaction read its writes."""
    return session_for(collection.database.client)
