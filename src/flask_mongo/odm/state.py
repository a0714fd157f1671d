"""The state of one document: its values, what changed, where it is in its
life (new, saved, removed).

A document keeps the dict PyMongo decoded (``_data``) as its state: values
whose stored form is their Python form are read straight from it, others
are converted on first read and cached (``_cache``). Fields read those two
dicts directly (the hot path: one dict lookup per attribute read); every
write, and every question about the document's life, goes through the
methods here, so the bookkeeping of changes lives in one place.
:class:`~flask_mongo.odm.Document` derives from :class:`DocumentState`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.values import MISSING
from ..errors import FieldNotRetrieved, MissingValueException
from .projection import Projection

if TYPE_CHECKING:
    from .fields.base import Field

#: The life of a document: created here, in the database, deleted.
NEW, SAVED, REMOVED = 0, 1, 2

# The changed keys of a document nothing was assigned to since it was loaded
# or saved: shared, so that loading allocates no set per document.
CLEAN: frozenset[str] = frozenset()


class _Shared(frozenset[str]):
    """The type of :data:`SHARED` (an empty frozenset that is not CLEAN:
    every empty ``frozenset()`` is the same object)."""


# The changed keys of an embedded document loaded from its parent's stored
# dict and not changed since: nothing changed, and its ``_data`` *is* the
# parent's sub-dict (not copied on load, to keep no second copy of every
# embedded document read), which is the baseline the parent's save compares
# against, so the first change copies it (see DocumentState._own_data).
SHARED: frozenset[str] = _Shared()

# The converted values of a document nothing was converted for yet: shared
# and read-only, so that loading allocates no dict per document (one object
# fewer for the garbage collector to track). Whatever stores in ``_cache``
# first replaces it by a dict of its own (see DocumentState._own_cache); it
# is typed as the dict it stands for.
NO_CACHE: dict[str, Any] = MappingProxyType({})  # type: ignore[assignment]


# The time of the save whose hooks are running (None: not read yet).
_SAVE_TIME: ContextVar[datetime | None] = ContextVar("odm_save_time", default=None)


def save_time() -> datetime:
    """The time of the current save (aware, UTC, to the millisecond BSON
    keeps): the same for every field that reads it during one save, so a
    new document's created and modified times are equal."""
    now = _SAVE_TIME.get()
    if now is None:
        now = datetime.now(UTC)
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        _SAVE_TIME.set(now)
    return now


class DocumentState:
    """Values, changes and life cycle of one document (the private part of
    :class:`~flask_mongo.odm.Document`)."""

    __slots__ = ("__weakref__", "_cache", "_data", "_dirty", "_retrieved", "_state")

    #: Stored values by stored key, as the database holds (or will hold) them.
    _data: dict[str, Any]
    #: Python values of fields that convert, by stored key.
    _cache: dict[str, Any]
    #: Stored keys assigned (or deleted) since the last load or save.
    _dirty: set[str] | frozenset[str]
    #: What a ``fields(...)`` query loaded; None: everything.
    _retrieved: Projection | None
    #: NEW, SAVED or REMOVED.
    _state: int

    # Filled in for each document class (see declarations.build_class).
    _db_fields: ClassVar[dict[str, Field[Any]]] = {}
    _required: ClassVar[tuple[Field[Any], ...]] = ()
    _required_keys: ClassVar[frozenset[str]] = frozenset()
    _n_keys: ClassVar[int] = 0
    _save_hooks: ClassVar[tuple[Field[Any], ...]] = ()
    _mutable: ClassVar[frozenset[str]] = frozenset()
    #: The legacy policy (MongoAlchemy's documents): reading an unset field
    #: without a default raises AttributeError instead of giving None, and
    #: deleting one that holds no value is refused. Read only on those
    #: rare paths, so the modern documents pay nothing for it.
    _unset_raises: ClassVar[bool] = False
    #: Dict-speed reads (see odm.plain_reads): the class attributes a stored
    #: key must not be named as for ``_data`` to be the instance dict too;
    #: None: the class does not read that way.
    _shadowed: ClassVar[frozenset[str] | None] = None
    #: The stored keys that never hide one (declared, the polymorphic key).
    _safe_keys: ClassVar[frozenset[str]] = frozenset()

    def _start_new(self) -> None:
        self._attach({})
        _SET_CACHE(self, {})
        _SET_DIRTY(self, set())
        _SET_RETRIEVED(self, None)
        _SET_STATE(self, NEW)

    def _attach(self, data: dict[str, Any]) -> None:
        """Make ``data`` the document's stored values (``_data``), and its
        instance dict too in a class that reads plain fields from there, if
        no stored key would hide one of its attributes (odm.plain_reads)."""
        _SET_DATA(self, data)
        shadowed = self._shadowed
        if shadowed is not None:
            safe = data.keys() <= self._safe_keys or shadowed.isdisjoint(data)
            _SET_ATTR(self, "__dict__", data if safe else {})

    # -- life cycle ------------------------------------------------------------

    def _is_new(self) -> bool:
        return self._state == NEW

    def _is_removed(self) -> bool:
        return self._state == REMOVED

    def _removed(self) -> None:
        self._state = REMOVED

    def has_id(self) -> bool:
        """True when the document has a ``mongo_id``."""
        return "_id" in self._data

    # -- values ----------------------------------------------------------------

    def _has_value(self, key: str) -> bool:
        return key in self._data or key in self._cache

    def _own_cache(self) -> dict[str, Any]:
        """``_cache``, to store in: a dict of its own (see :data:`NO_CACHE`)."""
        cache = self._cache
        if cache is NO_CACHE:
            cache = {}
            _SET_CACHE(self, cache)
        return cache

    def _own_data(self) -> dict[str, Any]:
        """``_data``, to change: copied first if it is still the parent's
        stored sub-dict (see :data:`SHARED`)."""
        if self._dirty is SHARED:
            self._attach(dict(self._data))
            _SET_DIRTY(self, CLEAN)
        return self._data

    def _assign(self, field: Field[Any], value: Any) -> None:
        """Set a (validated) value and mark it changed."""
        key = field.db_field
        dirty = self._dirty  # _mark(key), inlined: once per value assigned
        if isinstance(dirty, frozenset):  # CLEAN or SHARED: the first change
            if dirty is SHARED:
                self._attach(dict(self._data))
            dirty = set()
            _SET_DIRTY(self, dirty)
        dirty.add(key)
        if field.fast:
            self._data[key] = value if field.plain else field.to_mongo(value)
        else:
            self._own_cache()[key] = value

    def _unassign(self, field: Field[Any]) -> None:
        key = field.db_field
        if self._unset_raises and not self._has_value(key):
            raise AttributeError(f"{field.label} has no value to delete")
        self._mark(key)
        self._data.pop(key, None)
        if key in self._cache:
            del self._cache[key]

    def _mark(self, key: str) -> None:
        """Mark ``key`` changed; call it before changing ``_data``, which the
        first change may replace by a copy (see :data:`SHARED`)."""
        dirty = self._dirty
        if isinstance(dirty, frozenset):  # CLEAN or SHARED: the first change
            if dirty is SHARED:
                self._attach(dict(self._data))
            dirty = set()
            _SET_DIRTY(self, dirty)
        dirty.add(key)

    def _recomputed(self, field: Field[Any], value: Any) -> None:
        """A computed value: assigned when its stored form changed, else only
        cached, so that an unchanged value is not written again."""
        key = field.db_field
        if self._data.get(key, MISSING) != field.to_mongo(value):
            self._assign(field, value)
        elif not field.fast:
            self._own_cache()[key] = value

    def _changed_besides(self, own: str) -> bool:
        """Whether a save would write a key other than ``own``."""
        if any(key != own for key in self._dirty):
            return True
        fields, data, cache = self._db_fields, self._data, self._cache
        return any(
            key != own and fields[key].to_mongo(cache[key]) != data.get(key)
            for key in self._mutable & cache.keys()
        )

    # -- required values ---------------------------------------------------------

    def _has_required(self) -> bool:
        # The quick form of _check_required, with set operations. In a new
        # document every value was validated when assigned, so a None is
        # one that allow_none accepts; a loaded one may hold any value.
        data, cache = self._data, self._cache
        required = self._required_keys
        if self._state == NEW:
            if not cache:
                return data.keys() >= required
            return required - data.keys() <= cache.keys()
        return not cache and data.keys() >= required and None not in data.values()

    def _check_required(self, fields: Iterable[Field[Any]]) -> None:
        data, cache = self._data, self._cache
        for field in fields:
            key = field.db_field
            value = cache[key] if key in cache else data.get(key, MISSING)
            if value is MISSING or (value is None and not field.allow_none):
                retrieved = self._retrieved
                if value is MISSING and retrieved is not None and key not in retrieved:
                    raise FieldNotRetrieved(
                        f"{field.label} is required but was not loaded (the"
                        " query's fields(...) left it out), so this document"
                        " cannot be written whole; load it with every field"
                    )
                raise MissingValueException(
                    f"{field.label} is required: give it a value before saving"
                )

    def _check_partial(self, keys: Iterable[str]) -> None:
        for key in keys:
            label = self._db_fields[key].label
            raise FieldNotRetrieved(
                f"{label} was loaded only in part (a fields() sub-path), so"
                " saving its in-place changes would drop the parts not loaded;"
                " load the whole field, assign a complete value, or use an"
                " update such as query.set(...)"
            )

    # -- writing -----------------------------------------------------------------

    def _run_save_hooks(self) -> None:
        """Let computed and timestamp fields set their values before a write;
        every timestamp of one save reads the same clock (:func:`save_time`)."""
        token = _SAVE_TIME.set(None)
        try:
            for field in self._save_hooks:
                field.on_save(self)
        finally:
            _SAVE_TIME.reset(token)

    def wrap(self) -> dict[str, Any]:
        """The document as a dict for MongoDB (stored keys, stored forms).

        :raises MissingValueException: a required field has no value.
        """
        if self._save_hooks:
            self._run_save_hooks()
        data, cache = self._data, self._cache
        # Quick: a new document holding a value for every declared field
        # (_id aside). Only declared fields can be assigned to a new document,
        # and each value was validated then, so no required one is missing.
        complete = self._state == NEW and (
            len(data) + len(cache) + ("_id" not in data) == self._n_keys
        )
        if not complete and not self._has_required():
            self._check_required(self._required)  # raises, naming the field
        if not cache:
            return data.copy()
        stored = data.copy()
        fields = self._db_fields
        for key, value in cache.items():
            stored[key] = fields[key].to_mongo(value)
        return stored

    def _inserted(self, data: dict[str, Any]) -> None:
        self._attach(data)
        _SET_STATE(self, SAVED)
        self._written()

    def _updated(self, baselines: dict[str, Any]) -> None:
        # What was written is the new baseline; the values in the update were
        # made fresh by to_mongo, so they share nothing with _cache.
        data = self._own_data()
        for key, value in baselines.items():
            if value is MISSING:
                data.pop(key, None)
            else:
                data[key] = value
        self._written()

    def _written(self) -> None:
        _SET_DIRTY(self, CLEAN)
        if self._cache:
            _embedded_written(self._cache.values())

    def _written_as_embedded(self) -> None:
        """The parent holding this embedded document was just written: its
        current values are now the stored ones."""
        if self._cache:
            fields, data = self._db_fields, self._own_data()
            for key, value in self._cache.items():
                field = fields.get(key)
                if field is not None:
                    data[key] = field.to_mongo(value)
        shared = self._dirty is SHARED  # unchanged: may still be the parent's
        _SET_STATE(self, SAVED)
        self._written()
        if shared:
            _SET_DIRTY(self, SHARED)


# The slots' own setters: a dict-mode class's __setattr__ (odm.plain_reads)
# is Python code, too slow for the state's own bookkeeping.
_SET_DATA: Callable[[Any, Any], None] = vars(DocumentState)["_data"].__set__
_SET_CACHE: Callable[[Any, Any], None] = vars(DocumentState)["_cache"].__set__
_SET_DIRTY: Callable[[Any, Any], None] = vars(DocumentState)["_dirty"].__set__
_SET_RETRIEVED: Callable[[Any, Any], None] = vars(DocumentState)["_retrieved"].__set__
_SET_STATE: Callable[[Any, Any], None] = vars(DocumentState)["_state"].__set__
_SET_ATTR = object.__setattr__


def _embedded_written(values: Iterable[Any]) -> None:
    """Mark the documents among (or inside containers among) ``values`` as
    written, so that timestamps and change checks start from what is stored."""
    for value in values:
        if isinstance(value, DocumentState):
            value._written_as_embedded()
        elif isinstance(value, list | tuple | set | frozenset):
            _embedded_written(value)
        elif isinstance(value, dict):
            _embedded_written(value.values())
