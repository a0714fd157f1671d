"""The update operators a query builds (``set``, ``inc``, ``append``...),
shared by :class:`~flask_mongo.odm.updates.UpdateExpression` and
:class:`~flask_mongo.odm.updates.FindAndModifyExpression`.

Every builder validates its value with the field it names (for list
operators, with the list's item field), converts it to its stored form, and
refuses values containing ``$`` keys, so a value taken from a request can
never become an operator. Fields are named as everywhere else (see
:mod:`flask_mongo.odm.paths`): ``Book.author.name``, ``'author.name'``,
``Book.tags.matched_index()`` or ``'tags.$'`` for the positional ``tags.$``.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Generic, Self, TypeVar

from ..core.values import fits_int64, is_number, reject_operators
from ..core.writes import check_filter_names_shard_key, check_shard_key_kept
from ..errors import BadQueryException, BadValueException, MissingValueException
from .expressions import QueryExpression
from .fields.base import Field
from .fields.documents import DocumentField
from .fields.scalars import AnythingField, FloatField, IntField
from .paths import QueryField, is_positional, item_field, resolve

if TYPE_CHECKING:
    from .document import Document
    from .query import BaseQuery

D = TypeVar("D", bound="Document")

__all__ = [
    "BadUpdateArguments",
    "ConflictingModifierException",
    "InvalidModifierException",
    "UpdateBuilder",
    "UpdateException",
]


class UpdateException(BadQueryException):
    """An update expression is malformed (MongoAlchemy's name)."""


class InvalidModifierException(UpdateException):
    """An update operator does not fit the field it names (``inc()`` of a
    str field, ``append()`` to a field that is not a list)."""


class ConflictingModifierException(UpdateException):
    """Two operators of one update change the same path (or a path and a
    path inside it)."""


class BadUpdateArguments(UpdateException, TypeError):
    """An update operator was called with arguments it does not take."""


class UpdateBuilder(Generic[D]):
    """The update operators shared by
    :class:`~flask_mongo.odm.updates.UpdateExpression` and
    :class:`~flask_mongo.odm.updates.FindAndModifyExpression`. Each returns
    the expression, so calls chain; calling one twice on the same path
    replaces the value (``set``, ``unset``), adds up (``inc``) or collects
    the items (``append``, ``extend``, ``add_to_set``, ``remove_all``)."""

    def __init__(self, query: BaseQuery[D]) -> None:
        #: A copy of the query whose filter selects the documents to update.
        self.query = query.clone()
        self._ops: dict[str, dict[str, Any]] = {}
        self._upsert = False

    # -- the builders ----------------------------------------------------------

    def set(self, *args: Any, **values: Any) -> Self:
        """Set a field: ``set(Book.title, 'x')``, ``set('title', 'x')`` or
        ``set(title='x', year=2004)`` (``$set``). The value is validated as
        an assignment would be: ``None`` only where the field allows it."""
        for target, value in self._pairs("set", args, values, needs_value=True):
            path, field = self._resolve(target)
            if field.computed:
                raise BadValueException(
                    field.label, value, "this field is computed; it cannot be set"
                )
            self._put("$set", path, _stored(field, value, path))
        return self

    def unset(self, field: Any) -> Self:
        """Remove a field from the stored documents (``$unset``).

        :raises MissingValueException: the field is required (and has no
            default to read back instead).
        :raises BadQueryException: the path is a list item (``tags.$``).
        """
        path, target = self._resolve(field)
        if "." in path and is_positional(path.rsplit(".", 1)[1]):
            raise BadQueryException(
                f"unset({path!r}) would leave a null in the list; use remove(),"
                " remove_all(), pop_first() or pop_last() to take items out"
            )
        # Only a field a document class declares can be required; a dict
        # key's value field is not.
        owner = target.owner
        declared = owner is not None and owner._fields.get(target.name) is target
        if declared and target.required and not target.has_default():
            raise MissingValueException(
                f"{target.label} is required: unset({path!r}) would leave"
                " documents that cannot be saved again"
            )
        self._put("$unset", path, True)
        return self

    def inc(self, *args: Any, **values: Any) -> Self:
        """Add to a number field: ``inc(Book.year)`` (by 1),
        ``inc(Book.year, -2)`` or ``inc(year=5)`` (``$inc``).

        The amount is checked for type only: ``min_value``/``max_value``
        bound the field's values, not the amount, and the server does not
        know them.
        """
        for target, value in self._pairs("inc", args, values, needs_value=False):
            path, field = self._resolve(target)
            amount = _amount(field, 1 if value is _NO_VALUE else value, path)
            ops = self._ops.get("$inc", {})
            if path in ops:
                amount = ops[path] + amount
            self._put("$inc", path, amount)
        return self

    def append(self, field: Any, value: Any) -> Self:
        """Add ``value`` at the end of a list field (``$push``)."""
        return self._collect("$push", "append", field, (value,))

    def extend(self, field: Any, *values: Any) -> Self:
        """Add each of ``values`` at the end of a list field (``$push`` with
        ``$each``)."""
        return self._collect("$push", "extend", field, values)

    def add_to_set(self, field: Any, *values: Any) -> Self:
        """Add each of ``values`` to a list field unless it already holds it
        (``$addToSet``; several values use ``$each``). A list given as one
        value is one item, as for :meth:`append`."""
        if not values:
            raise BadQueryException("add_to_set() needs at least one value")
        return self._collect("$addToSet", "add_to_set", field, values)

    def remove(self, field: Any, value: Any) -> Self:
        """Remove every item equal to ``value`` from a list field (``$pull``).

        This removes list items, not documents: ``document.remove()``
        deletes a document.
        """
        path, item = self._item(field, "remove")
        if path in self._ops.get("$pull", {}):
            raise BadQueryException(
                f"remove() was already called on {path!r}; to remove several"
                " values use remove_all(field, *values)"
            )
        if isinstance(value, QueryExpression):
            self._put("$pull", path, _condition(item, value, path))
        else:
            self._put("$pull", path, _stored(item, value, path))
        return self

    def remove_all(self, field: Any, *values: Any) -> Self:
        """Remove every item equal to any of ``values`` from a list field
        (``$pullAll``)."""
        path, item = self._item(field, "remove_all")
        items = [_stored(item, value, path) for value in values]
        previous = self._ops.get("$pullAll", {}).get(path, [])
        self._put("$pullAll", path, previous + items)
        return self

    def pop_first(self, field: Any) -> Self:
        """Remove the first item of a list field (``$pop: -1``)."""
        return self._pop(field, -1, "pop_first")

    def pop_last(self, field: Any) -> Self:
        """Remove the last item of a list field (``$pop: 1``)."""
        return self._pop(field, 1, "pop_last")

    def upsert(self) -> Self:
        """Insert a document when none matches: the filter's equality
        conditions plus the update. For a polymorphic class, the new
        document also gets the class's identity."""
        self._upsert = True
        return self

    # -- the result ------------------------------------------------------------

    @property
    def update_data(self) -> dict[str, dict[str, Any]]:
        """The update document as it will be sent (a copy):

        >>> Book.query.set(Book.title, 'x').inc(Book.year).update_data
        {'$set': {'title': 'x'}, '$inc': {'year': 1}}
        """
        return copy.deepcopy(self._ops)

    def _update_document(self) -> dict[str, dict[str, Any]]:
        if not self._ops:
            raise BadQueryException(
                "nothing to update: call set(), unset(), inc(), append(), ..."
                " before execute()"
            )
        update = dict(self._ops)
        cls = self.query.type
        if cls.config_shard_key:
            changed = [path for paths in update.values() for path in paths]
            check_shard_key_kept(cls._shard_paths(), changed, cls.__name__)
        identity = cls.config_polymorphic_identity
        key = cls._poly_key
        # The filter holds the identity as {'$in': [...]}, which an upsert
        # does not copy into the new document.
        if (
            self._upsert
            and key is not None
            and identity is not None
            and not any(_overlaps(key, p) for ops in update.values() for p in ops)
        ):
            update["$setOnInsert"] = {key: identity}
        return update

    def _check_shard_key_named(self) -> None:
        """Refuse a write to one document of a sharded class whose filter
        does not name its shard key (mongos could not route it)."""
        cls = self.query.type
        if cls.config_shard_key:
            check_filter_names_shard_key(
                self.query.query,
                cls._shard_paths(),
                cls.__name__,
                upsert=self._upsert,
            )

    # -- helpers ---------------------------------------------------------------

    def _resolve(self, field: Any) -> tuple[str, Field[Any]]:
        found = resolve(self.query.type, field, update=True)
        return QueryField.path_of(found), QueryField.field_of(found)

    def _item(self, field: Any, method: str) -> tuple[str, Field[Any]]:
        path, target = self._resolve(field)
        if target.item_field() is None:
            raise InvalidModifierException(
                f"{method} needs a list field; {path!r} ({target.label}) holds"
                f" {target.expected}"
            )
        return path, item_field(target, path, method)

    def _pairs(
        self,
        method: str,
        args: tuple[Any, ...],
        values: dict[str, Any],
        *,
        needs_value: bool,
    ) -> list[tuple[Any, Any]]:
        pairs: list[tuple[Any, Any]] = []
        if len(args) == 2 or (len(args) == 1 and not needs_value):
            pairs.append((args[0], args[1] if len(args) == 2 else _NO_VALUE))
        elif args:
            usage = "(field, value)" if needs_value else "(field[, value])"
            raise BadUpdateArguments(
                f"{method}() takes {usage} or keyword arguments name=value,"
                f" got {len(args)} positional arguments"
            )
        pairs.extend(values.items())
        if not pairs:
            raise BadUpdateArguments(f"{method}() needs a field and a value")
        return pairs

    def _collect(
        self, operator: str, method: str, field: Any, values: tuple[Any, ...]
    ) -> Self:
        path, item = self._item(field, method)
        items = [_stored(item, value, path) for value in values]
        previous = self._ops.get(operator, {}).get(path, _NO_VALUE)
        if previous is not _NO_VALUE:
            # Items never contain '$' keys, so a dict with '$each' is ours.
            if isinstance(previous, dict) and "$each" in previous:
                items = previous["$each"] + items
            else:
                items = [previous, *items]
        self._put(operator, path, items[0] if len(items) == 1 else {"$each": items})
        return self

    def _pop(self, field: Any, end: int, method: str) -> Self:
        path, _ = self._item(field, method)
        if path in self._ops.get("$pop", {}):
            raise BadQueryException(
                f"{method}() on {path!r}: the list already has a pop in this update"
                " (MongoDB takes one per path)"
            )
        self._put("$pop", path, end)
        return self

    def _put(self, operator: str, path: str, value: Any) -> None:
        for other_operator, paths in self._ops.items():
            for other in paths:
                if other == path and other_operator == operator:
                    continue
                if _overlaps(path, other):
                    raise ConflictingModifierException(
                        f"{operator} on {path!r} conflicts with {other_operator}"
                        f" on {other!r}: one update cannot change a path twice,"
                        " or a path and a path inside it"
                    )
        self._ops.setdefault(operator, {})[path] = value

    def __repr__(self) -> str:
        flags = " upsert" if self._upsert else ""
        return (
            f"<{type(self).__name__} {self.query.type.__name__}"
            f" {dict(self.query.query)!r} {self._ops!r}{flags}>"
        )


class _NoValue:
    __slots__ = ()


_NO_VALUE: Any = _NoValue()


def _stored(field: Field[Any], value: Any, path: str) -> Any:
    """``value`` checked by ``field``, in stored form, free of operators."""
    field.validate(value)
    stored = field.to_mongo(value)
    reject_operators(stored, path)
    return stored


def _condition(item: Field[Any], condition: QueryExpression, path: str) -> Any:
    """A query expression on the fields of a list's embedded documents
    (``Page.num == 8``), as a ``$pull`` condition."""
    if not isinstance(item, DocumentField):
        raise InvalidModifierException(
            f"remove({path!r}, <query expression>) needs a list of embedded"
            f" documents; its items are {item.expected}"
        )
    document = item.document_class
    fields = document._db_fields
    unknown = [
        k for k in condition if not k.startswith("$") and k.split(".")[0] not in fields
    ]
    if unknown:
        raise BadQueryException(
            f"remove({path!r}, ...): {', '.join(map(repr, unknown))} is not a field"
            f" of {document.__name__}, the list's items"
        )
    return dict(condition)


def _amount(field: Field[Any], value: Any, path: str) -> Any:
    if not is_number(value):
        raise BadValueException(path, value, "inc() takes an int or a float")
    if isinstance(field, IntField):
        if not isinstance(value, int):
            field.fail(value, "inc() on an int field takes an int")
        if not fits_int64(value):
            field.fail(value, "does not fit in 64 bits")
        return value
    if isinstance(field, FloatField):
        return float(value)
    if isinstance(field, AnythingField):
        return value
    raise InvalidModifierException(
        f"inc() needs a number field; {path!r} ({field.label}) holds {field.expected}"
    )


def _overlaps(path: str, other: str) -> bool:
    return path == other or other.startswith(path + ".") or path.startswith(other + ".")
