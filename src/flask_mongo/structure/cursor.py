"""A cursor over a query's results, as documents of a class or as raw dicts.

:class:`DocumentCursor` wraps PyMongo's cursor: the chainable methods
(``sort``, ``skip``, ``limit``, ...) return the same cursor, iteration yields
documents, and PyMongo 3's ``count()``, removed in PyMongo 4, is emulated
with ``count_documents``. ``paginate()`` gives a
:class:`~flask_mongo.core.pagination.Pagination`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, Concatenate, Generic, ParamSpec, Self, TypeVar, overload

from pymongo.collection import Collection
from pymongo.cursor import Cursor

from ..core.aggregation import aggregate_after
from ..core.find import FindSpec
from ..core.keyset import KeysetPaginates, Sort
from ..core.pagination import Paginates
from ..core.read_options import ReadOptions
from ..errors import BadQueryException
from .exceptions import MultipleResultsFound
from .sanitize import sanitize
from .transactions import session_options

__all__ = ["DocumentCursor", "SortSpec", "legacy_find_arguments"]

T = TypeVar("T")
P = ParamSpec("P")
C = TypeVar("C", bound="DocumentCursor[Any]")
Raw = dict[str, Any]

#: A sort (or an index hint): a key, a list of keys or ``(key, direction)``
#: pairs, or a mapping of them, as PyMongo takes it.
SortSpec = (
    str | Sequence[str | tuple[str, int | str | Mapping[str, Any]]] | Mapping[str, Any]
)


def legacy_find_arguments(kwargs: dict[str, Any]) -> dict[str, Any]:
    """PyMongo 3 ``find`` keyword spellings made PyMongo 4 ones: ``spec`` is
    the filter, ``fields`` the projection, ``timeout=False`` sets
    ``no_cursor_timeout``; ``slave_okay``, ``network_timeout``, ``as_class``
    and ``snapshot`` are dropped (gone from MongoDB or set on the client)."""
    if "spec" in kwargs:
        kwargs["filter"] = kwargs.pop("spec")
    if "fields" in kwargs:
        kwargs["projection"] = kwargs.pop("fields")
    if "timeout" in kwargs:
        kwargs["no_cursor_timeout"] = not kwargs.pop("timeout")
    for gone in ("slave_okay", "network_timeout", "as_class", "snapshot"):
        kwargs.pop(gone, None)
    return kwargs


class _Chained(Generic[P]):
    """A chainable method of :class:`DocumentCursor` that is PyMongo's as it
    is: it calls the wrapped cursor's method of that name and returns the
    DocumentCursor (typed with the PyMongo method's parameters)."""

    def __init__(
        self, method: Callable[Concatenate[Cursor[Any], P], object], doc: str
    ) -> None:
        self.name = method.__name__
        self.__doc__ = doc

    @overload
    def __get__(self, obj: None, owner: type) -> Self: ...
    @overload
    def __get__(self, obj: C, owner: type | None = None) -> Callable[P, C]: ...
    def __get__(self, obj: C | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        method = getattr(obj._cursor, self.name)

        def chained(*args: P.args, **kwargs: P.kwargs) -> C:
            method(*args, **kwargs)
            return obj

        chained.__name__ = self.name
        chained.__doc__ = self.__doc__
        return chained


class DocumentCursor(Paginates[T], KeysetPaginates[T], Generic[T]):
    """The results of ``find()``: iterate over it, or chain ``sort``,
    ``skip``, ``limit``... first. Build one with :meth:`create`.

    :param cursor: the PyMongo cursor.
    :param wrap: makes an item from each decoded dict.
    :param filter: the query, for :meth:`count`.
    """

    def __init__(
        self,
        cursor: Cursor[Raw],
        wrap: Callable[[Raw], T],
        filter: Mapping[str, Any] | None = None,
        *,
        skip: int = 0,
        limit: int = 0,
        projection: Any = None,
    ) -> None:
        self._cursor = cursor
        self._wrap = wrap
        # What count(), paginate() and keyset() repeat: the filter, skip,
        # limit, projection and sort.
        self._find = FindSpec(filter=dict(filter or {}), skip=skip, limit=limit)
        self._projection = projection

    @classmethod
    def create(
        cls,
        collection: Collection[Raw],
        wrap: Callable[[Raw], T],
        *args: Any,
        **kwargs: Any,
    ) -> DocumentCursor[T]:
        """``collection.find(*args, **kwargs)`` (legacy keywords accepted),
        wrapped. ``read_preference=`` and ``read_concern=`` (a mode or
        level name, or PyMongo's object) route this find."""
        kwargs = legacy_find_arguments(kwargs)
        read = ReadOptions()
        preference = kwargs.pop("read_preference", None)
        concern = kwargs.pop("read_concern", None)
        if preference is not None:
            read = read.with_read_preference(preference)
        if concern is not None:
            read = read.with_read_concern(concern)
        names = ("filter", "projection", "skip", "limit")
        if len(args) > len(names):
            raise TypeError(f"find() takes at most {len(names)} positional arguments")
        for name, value in zip(names, args):
            if name in kwargs:
                raise TypeError(f"find() got two values for {name!r}")
            kwargs[name] = value
        # The base class's find: a LegacyCollection's own find comes here.
        sanitize(collection, kwargs.get("filter"), "find()")
        routed = read.collection(collection)
        cursor = Collection.find(routed, **session_options(collection, kwargs))
        found = DocumentCursor(
            cursor,
            wrap,
            kwargs.get("filter"),
            skip=kwargs.get("skip") or 0,
            limit=kwargs.get("limit") or 0,
            projection=kwargs.get("projection"),
        )
        if kwargs.get("sort"):
            found._sort_keys(kwargs["sort"])
        return found

    # -- iteration ---------------------------------------------------------

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> T:
        return self._wrap(next(self._cursor))

    def next(self) -> T:
        """The next result (PyMongo 3 spelling of ``next(cursor)``)."""
        return self.__next__()

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Self: ...
    def __getitem__(self, index: int | slice) -> T | Self:
        """``cursor[3]`` is the fourth result; ``cursor[10:20]`` applies
        skip and limit (as PyMongo does)."""
        if isinstance(index, slice):
            self._cursor[index]
            start = index.start or 0
            self._find.skip = start
            self._find.limit = (index.stop - start) if index.stop is not None else 0
            return self
        return self._wrap(self._cursor[index])

    def to_list(self, length: int | None = None) -> list[T]:
        """The remaining results (at most ``length``) as a list."""
        return [self._wrap(raw) for raw in self._cursor.to_list(length)]

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- chaining ----------------------------------------------------------

    def sort(self, key_or_list: SortSpec, direction: int | str | None = None) -> Self:
        """Sort by a key (with a direction) or a list of ``(key, direction)``."""
        self._cursor.sort(key_or_list, direction)
        self._sort_keys(key_or_list, direction)
        return self

    def _sort_keys(self, spec: Any, direction: Any = None) -> None:
        # PyMongo checked the spec; keyset() needs it as (path, 1|-1) pairs.
        if isinstance(spec, str):
            pairs = [(spec, 1 if direction is None else direction)]
        elif isinstance(spec, Mapping):
            pairs = list(spec.items())
        else:
            pairs = [(p, 1) if isinstance(p, str) else tuple(p) for p in spec]
        self._find.sort = [(str(p), d) for p, d in pairs]

    def skip(self, skip: int) -> Self:
        """Skip the first ``skip`` results."""
        self._cursor.skip(skip)
        self._find.skip = skip
        return self

    def limit(self, limit: int) -> Self:
        """Return at most ``limit`` results (0: no limit)."""
        self._cursor.limit(limit)
        self._find.limit = limit
        return self

    hint = _Chained(Cursor.hint, "Use this index.")
    batch_size = _Chained(
        Cursor.batch_size, "Fetch this many documents per round trip."
    )
    max_time_ms = _Chained(
        Cursor.max_time_ms,
        "Abort the query on the server after this many milliseconds.",
    )
    collation = _Chained(Cursor.collation, "Compare strings with this collation.")
    comment = _Chained(
        Cursor.comment, "Attach a comment to the query (visible in the server's logs)."
    )
    allow_disk_use = _Chained(Cursor.allow_disk_use, "Let the server sort on disk.")

    def where(self, code: str) -> Self:
        """Add a ``$where`` JavaScript clause; :meth:`count` and
        :meth:`paginate` count with it too."""
        self._cursor.where(code)
        current = self._find.filter
        clause = {"$where": code}
        self._find.filter = {"$and": [current, clause]} if current else clause
        return self

    def clone(self) -> DocumentCursor[T]:
        """An unevaluated copy of this cursor."""
        other = DocumentCursor(
            self._cursor.clone(),
            self._wrap,
            self._find.filter,
            skip=self._find.skip,
            limit=self._find.limit,
            projection=self._projection,
        )
        other._find.sort = list(self._find.sort)
        return other

    def rewind(self) -> Self:
        """Start again from the first result."""
        self._cursor.rewind()
        return self

    def close(self) -> None:
        """Release the server-side cursor."""
        self._cursor.close()

    # -- information -------------------------------------------------------

    @property
    def alive(self) -> bool:
        """Whether more results may come."""
        return self._cursor.alive

    @property
    def collection(self) -> Collection[Raw]:
        """The queried collection."""
        return self._cursor.collection

    def count(self, with_limit_and_skip: bool = False) -> int:
        """The number of matching documents (PyMongo 3's ``Cursor.count``,
        done with ``count_documents``).

        :param with_limit_and_skip: apply this cursor's skip and limit.
        """
        return self._find.count(
            self.collection,
            with_limit_and_skip=with_limit_and_skip,
            session=self._cursor.session,
        )

    def distinct(self, key: str) -> list[Any]:
        """The distinct values of ``key`` among the matching documents."""
        return self._cursor.distinct(key)

    def aggregate(
        self, pipeline: Sequence[Mapping[str, Any]], **options: Any
    ) -> list[Raw]:
        """Run ``pipeline`` on this cursor's documents: its filter, sort,
        skip and limit come first (``$match``, ``$sort``, ``$skip``,
        ``$limit``), in its session and with its read preference; results
        are dicts. ``options`` go to ``aggregate`` (``collation=...``)."""
        return aggregate_after(
            self.collection, self._find, pipeline, self._cursor.session, **options
        )

    def explain(self) -> Raw:
        """The server's query plan."""
        return self._cursor.explain()

    def only(self) -> T | None:
        """MongoKit's ``one()``: the only result, or ``None`` if there is none.

        :raises MultipleResultsFound: more than one document matches.
        """
        found = list(self.clone().limit(2))
        if len(found) > 1:
            raise MultipleResultsFound(
                f"more than one document matches in {self.collection.full_name}:"
                f" {self.count()} results found; use find(), or a query that"
                " matches one document"
            )
        return found[0] if found else None

    def _page_items(self, skip: int, limit: int) -> list[T]:
        return list(self.clone().skip(skip).limit(limit))

    def _page_total(self) -> int:
        return self._find.count(self.collection, session=self._cursor.session)

    def _keyset_sort(self) -> Sort:
        if self._find.skip or self._find.limit:
            raise BadQueryException(
                "keyset() pages by the sort alone: leave out skip() and limit()"
            )
        for path, direction in self._find.sort:
            if direction not in (1, -1):
                raise BadQueryException(
                    f"keyset() needs sort directions 1 or -1, got {direction!r}"
                    f" for {path!r}"
                )
        return [(path, int(direction)) for path, direction in self._find.sort]

    def _keyset_rows(self, extra: dict[str, Any], sort: Sort, limit: int) -> list[Raw]:
        current = self._find.filter
        query = {"$and": [current, extra]} if current and extra else current or extra
        projection = self._projection
        if projection and isinstance(projection, Mapping) and any(projection.values()):
            # The next token is made of the last document's sort values.
            projection = {**projection, **{path: 1 for path, _ in sort}}
        elif projection and not isinstance(projection, Mapping):
            projection = [*projection, *(path for path, _ in sort)]
        rows = Collection.find(
            self.collection,
            query,
            projection,
            sort=sort,
            limit=limit,
            session=self._cursor.session,
        )
        return list(rows)

    def _keyset_items(self, rows: list[Raw]) -> list[T]:
        return [self._wrap(raw) for raw in rows]

    def __repr__(self) -> str:
        name = self.collection.full_name
        return f"<DocumentCursor {name} filter={self._find.filter!r}>"
