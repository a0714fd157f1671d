"""Atomic updates built from a query, as in Flask-MongoAlchemy::

    Book.query.filter(Book.year < 2000).set(Book.title, 'Old').inc(Book.year, 1)\\
        .multi().execute()

    Book.query.filter(Book.title == 'Dive').find_and_modify(new=True)\\
        .append(Book.tags, 'python').execute()

The operators (and how values are checked) are in
:mod:`flask_mongo.odm.update_builder`. Nothing is sent before ``execute()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar, cast

from pymongo import ReturnDocument
from pymongo.results import UpdateResult

from ..core.transactions import session_for
from ..errors import BadQueryException
from .update_builder import UpdateBuilder

if TYPE_CHECKING:
    from .document import Document
    from .query import BaseQuery

D = TypeVar("D", bound="Document")


class QueryUpdates(Generic[D]):
    """The update builders of a query (:class:`~flask_mongo.odm.BaseQuery`
    derives from this): each starts an update of the documents the query
    matches."""

    def set(self, *args: Any, **values: Any) -> UpdateExpression[D]:
        """Start an update of the matching documents that sets fields:
        ``set(Book.title, 'x')`` or ``set(title='x')``. Chain more builders,
        then ``.multi()``/``.upsert()``/``.safe()``, then ``.execute()``."""
        return UpdateExpression(self._query()).set(*args, **values)

    def unset(self, field: Any) -> UpdateExpression[D]:
        """Start an update that removes ``field`` (``$unset``)."""
        return UpdateExpression(self._query()).unset(field)

    def inc(self, *args: Any, **values: Any) -> UpdateExpression[D]:
        """Start an update that adds to a number field (``$inc``):
        ``inc(Book.year)``, ``inc(Book.year, 5)`` or ``inc(year=5)``."""
        return UpdateExpression(self._query()).inc(*args, **values)

    def append(self, field: Any, value: Any) -> UpdateExpression[D]:
        """Start an update that appends ``value`` to a list (``$push``)."""
        return UpdateExpression(self._query()).append(field, value)

    def extend(self, field: Any, *values: Any) -> UpdateExpression[D]:
        """Start an update that appends ``values`` to a list (``$push``/``$each``)."""
        return UpdateExpression(self._query()).extend(field, *values)

    def remove(self, field: Any, value: Any) -> UpdateExpression[D]:
        """Start an update that removes the items equal to ``value`` from a
        list (``$pull``). It removes list items, not documents."""
        return UpdateExpression(self._query()).remove(field, value)

    def remove_all(self, field: Any, *values: Any) -> UpdateExpression[D]:
        """Start an update that removes the items equal to any of ``values``
        from a list (``$pullAll``)."""
        return UpdateExpression(self._query()).remove_all(field, *values)

    def add_to_set(self, field: Any, *values: Any) -> UpdateExpression[D]:
        """Start an update that adds ``values`` to a list unless present
        (``$addToSet``)."""
        return UpdateExpression(self._query()).add_to_set(field, *values)

    def pop_first(self, field: Any) -> UpdateExpression[D]:
        """Start an update that removes the first item of a list (``$pop``)."""
        return UpdateExpression(self._query()).pop_first(field)

    def pop_last(self, field: Any) -> UpdateExpression[D]:
        """Start an update that removes the last item of a list (``$pop``)."""
        return UpdateExpression(self._query()).pop_last(field)

    def find_and_modify(
        self, new: bool = False, remove: bool = False
    ) -> FindAndModifyExpression[D]:
        """Update (or, with ``remove=True``, delete) the first matching
        document atomically and return it: chain update builders and
        ``.upsert()``, then ``.execute()`` gives the document as it was
        before the update, or after it with ``new=True``, or None."""
        return FindAndModifyExpression(self._query(), new=new, remove=remove)

    def _query(self) -> BaseQuery[D]:
        # Only BaseQuery derives from this class.
        return cast("BaseQuery[D]", self)


class UpdateExpression(UpdateBuilder[D]):
    """An update of the documents a query matches; made by the query's
    update builders (``Book.query.filter(...).set(...)``), sent by
    :meth:`execute`. By default it updates the first matching document
    only; :meth:`multi` updates them all."""

    def __init__(self, query: BaseQuery[D]) -> None:
        super().__init__(query)
        self._multi = False
        self._safe: bool | None = None

    def multi(self) -> Self:
        """Update every matching document, not only the first."""
        self._multi = True
        return self

    def safe(self, safe: bool = True) -> Self:
        """``True``: wait for the server to acknowledge (w=1) and raise its
        errors; ``False``: do not wait (w=0). Default: the extension's
        write concern."""
        self._safe = safe
        return self

    def execute(self) -> UpdateResult:
        """Send the update.

        :returns: PyMongo's :class:`~pymongo.results.UpdateResult`
            (``matched_count``, ``modified_count``, ``upserted_id``). With
            ``safe(False)`` it is unacknowledged and has no counts.
            (MongoAlchemy returned the driver's raw reply dict; the raw
            reply is ``result.raw_result``.)
        :raises BadQueryException: no update operator was given.
        """
        update = self._update_document()
        if not self._multi:
            self._check_shard_key_named()
        collection = self.query.type.get_collection(self._safe)
        send = collection.update_many if self._multi else collection.update_one
        session = session_for(collection.database.client)
        return send(self.query.query, update, upsert=self._upsert, session=session)

    def __repr__(self) -> str:
        return super().__repr__()[:-1] + (" multi>" if self._multi else ">")


class FindAndModifyExpression(UpdateBuilder[D]):
    """Update (or remove) one document and return it, atomically; made by
    ``query.find_and_modify(new=False, remove=False)``. The query's sort
    picks the document when several match, and its ``fields()`` projection
    applies to the returned document."""

    def __init__(self, query: BaseQuery[D], new: bool = False, remove: bool = False):
        super().__init__(query)
        self.new = new
        self.remove_document = remove

    def execute(self) -> D | None:
        """Send it.

        :returns: the document before the update, after it (``new=True``),
            or the removed one (``remove=True``), as an instance of the
            query's class (a dict with ``raw_output()``); ``None`` when
            nothing matched (and no upsert happened).
        :raises BadQueryException: an update without operators, or
            ``remove=True`` together with update operators or ``upsert()``.
        """
        query = self.query
        self._check_shard_key_named()
        collection = query.type.get_collection()
        sort = query._sort_spec() or None
        session = session_for(collection.database.client)
        if self.remove_document:
            if self._ops or self._upsert:
                raise BadQueryException(
                    "find_and_modify(remove=True) deletes the document; it takes"
                    " no update operators and no upsert()"
                )
            raw = collection.find_one_and_delete(
                query.query, projection=query._projection, sort=sort, session=session
            )
        else:
            raw = collection.find_one_and_update(
                query.query,
                self._update_document(),
                projection=query._projection,
                sort=sort,
                upsert=self._upsert,
                session=session,
                return_document=ReturnDocument.AFTER
                if self.new
                else ReturnDocument.BEFORE,
            )
        if raw is None or query._raw:
            return raw  # type: ignore[return-value]
        return query.type.unwrap(raw, fields=query._retrieved)
