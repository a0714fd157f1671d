"""References to documents in other collections.

``RefField`` stores a ``DBRef``, ``SRefField`` a bare ``ObjectId``. Both
accept a saved document on assignment. ``.rel()`` gives an attribute that
reads the referenced document itself::

    class Book(db.Document):
        author_ref = db.SRefField(Author)
        author = author_ref.rel()

    book.author = mark          # sets author_ref to mark's id
    book.author.name            # one query: Author.query.get(...)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Generic, Literal, Unpack, cast, overload

from bson import DBRef, ObjectId

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.transactions import session_for
from ...errors import BadQueryException, DocumentNotFound
from ..classes import document_class
from ..paths import QueryField
from ..related import cached_target, is_cached, remember_target
from ..state import DocumentState
from .base import Field, FieldOptions, OptionalFieldOptions
from .documents import DocumentField
from .scalars import ObjectIdField

if TYPE_CHECKING:
    from ..document import Document
    from .containers import ListField  # noqa: F401 - in ListRel's bases

# The referenced class; Any for a reference given by name (or to any class).
D = TypeVar("D", bound="Document", default=Any)
R = TypeVar("R")
F = TypeVar("F", bound=Field[Any])
X = TypeVar("X")
# The stored reference, or None too for optional fields.
B = TypeVar("B", default=DBRef)
O = TypeVar("O", default=ObjectId)  # noqa: E741

#: What a reference field is given: the referenced class, a DocumentField of
#: it, or its name.
Target = type[D] | DocumentField[D, Any] | str


class RefBase(Field[R], Generic[R, D]):
    """What the two reference fields share: the target class, and reading
    the documents a reference points to."""

    _target: Any

    def _set_target(self, target: Any, namespace: str | None) -> None:
        if isinstance(target, DocumentField):
            # MongoAlchemy's spelling: RefField(DocumentField(Author)).
            target = target._document_class
        if not (target is None or isinstance(target, str | type)):
            raise TypeError(
                f"the referenced type must be a document class, its name or a"
                f" DocumentField, got {target!r}"
            )
        self._target = target
        self.namespace = namespace

    @property
    def document_class(self) -> type[D] | None:
        """The referenced document class (None: any collection)."""
        target = self._target
        if isinstance(target, str):
            namespace = self.namespace or (
                self.owner.config_namespace if self.owner else "global"
            )
            self._target = target = document_class(target, namespace, self.label)
        return target  # type: ignore[no-any-return]

    def _check_document(self, value: Document) -> None:
        cls = self.document_class
        if cls is not None and not isinstance(value, cls):
            self.fail(value)
        if not value.has_id():
            self.fail(value, "save the document before referencing it")

    def target_id(self, stored: Any) -> Any:
        """The ``_id`` a stored reference points to."""
        return stored

    def _fetch(self, ids: list[Any], stored: list[Any]) -> dict[Any, Document]:
        cls = self.document_class
        if cls is None:
            raise BadQueryException(
                f"{self.label} has no document class to load references with;"
                " give RefField the referenced class"
            )
        if len(ids) == 1:
            found = cls.query.get(ids[0])
            return {} if found is None else {ids[0]: found}
        return {
            doc.mongo_id: doc
            for doc in cls.query.filter({"_id": {"$in": list(dict.fromkeys(ids))}})
        }

    def _missing_target(self, stored: Any) -> DocumentNotFound:
        return DocumentNotFound(
            f"{self.label} refers to {stored!r}, which is not in the database;"
            " use .rel(allow_none=True) to read None for missing documents"
        )

    def dereference_many(
        self, stored: list[Any], allow_none: bool = False
    ) -> list[Any]:
        """The documents the stored references ``stored`` point to, in order,
        loaded with one query (None for None references).

        :raises DocumentNotFound: a target is missing (unless ``allow_none``).
        """
        present = [value for value in stored if value is not None]
        ids = [self.target_id(value) for value in present]
        found = self._fetch(ids, present) if ids else {}
        result = []
        for value in stored:
            doc = None if value is None else found.get(self.target_id(value))
            if doc is None and value is not None and not allow_none:
                raise self._missing_target(value)
            result.append(doc)
        return result

    def dereference(self, stored: Any, allow_none: bool = False) -> Any:
        """The document the stored reference points to (one query); None
        for a None reference.

        :raises DocumentNotFound: the target is missing (unless ``allow_none``).
        """
        if stored is None:
            return None
        return self.dereference_many([stored], allow_none)[0]

    @overload
    def rel(self, allow_none: Literal[False] = False) -> Rel[D]: ...
    @overload
    def rel(self, allow_none: Literal[True]) -> Rel[D | None]: ...
    def rel(self, allow_none: bool = False) -> Rel[Any]:
        """An attribute reading (and setting) the referenced document.

        The first read runs one query; the document is cached on the
        referring one until the reference changes (or loaded beforehand
        by ``query.with_related(...)``). A reference to a missing document raises
        :class:`~flask_mongo.errors.DocumentNotFound`, or reads as None with
        ``allow_none=True``.
        """
        return Rel(self, allow_none)


class RefField(RefBase[B, D], Generic[D, B]):
    """A reference stored as a ``DBRef``; reads give the ``DBRef``.

    :param type: the referenced document class, its name (resolved in
        ``namespace``, by default the declaring class's), or a
        ``DocumentField``. ``None`` accepts a ``DBRef`` to any collection
        (``.rel()`` then reads the raw dict).
    :param db: the database name written into the ``DBRef``.

    Assign a saved document of ``type`` or a ``DBRef`` to its collection.
    """

    @overload
    def __init__(
        self: RefField[D, DBRef],
        type: Target[D] | None = None,
        db: str | None = None,
        namespace: str | None = None,
        **options: Unpack[FieldOptions[DBRef]],
    ) -> None: ...
    @overload
    def __init__(
        self: RefField[D, DBRef | None],
        type: Target[D] | None = None,
        db: str | None = None,
        namespace: str | None = None,
        **options: Unpack[OptionalFieldOptions[DBRef]],
    ) -> None: ...
    def __init__(
        self,
        type: Any = None,
        db: str | None = None,
        namespace: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._set_target(type, namespace)
        self.db = db

    @property
    def expected(self) -> str:  # type: ignore[override]
        cls = self.document_class
        what = f"a saved {cls.__name__} document or " if cls is not None else ""
        return what + "a DBRef"

    def check_type(self, value: Any) -> None:
        if isinstance(value, DocumentState):
            self._check_document(cast("Document", value))
        elif isinstance(value, DBRef):
            cls = self.document_class
            if cls is not None and value.collection != cls.get_collection_name():
                self.fail(
                    value,
                    f"a reference to {value.collection!r}, not to"
                    f" {cls.get_collection_name()!r}",
                )
        else:
            self.fail(value)

    def wrap(self, value: Any) -> DBRef:
        if isinstance(value, DBRef):
            return value
        return value.to_ref(self.db)  # type: ignore[no-any-return]

    def target_id(self, stored: Any) -> Any:
        return stored.id

    def _fetch(self, ids: list[Any], stored: list[Any]) -> dict[Any, Any]:
        cls = self.document_class
        foreign = [ref for ref in stored if ref.database is not None]
        if cls is not None and not foreign:
            return super()._fetch(ids, stored)
        # Refs to other databases, or raw refs: load per collection.
        owner = self.owner
        if owner is None:
            raise BadQueryException(f"{self.label} is not declared on a document")
        database = owner.get_session().database
        groups: dict[tuple[str | None, str], list[Any]] = {}
        for ref in stored:
            groups.setdefault((ref.database, ref.collection), []).append(ref.id)
        found: dict[Any, Any] = {}
        for (name, collection), group in groups.items():
            db = database if name is None else database.client[name]
            session = session_for(db.client)
            for raw in db[collection].find({"_id": {"$in": group}}, session=session):
                found[raw["_id"]] = raw if cls is None else cls.unwrap(raw)
        return found


class SRefField(RefBase[O, D], ObjectIdField[O], Generic[D, O]):
    """A reference stored as the target's bare ``ObjectId``.

    :param type: the referenced document class, its name, or a
        ``DocumentField``.

    Assign a saved document of ``type`` or an id (``ObjectId`` or its hex).
    """

    @overload
    def __init__(
        self: SRefField[D, ObjectId],
        type: Target[D],
        namespace: str | None = None,
        **options: Unpack[FieldOptions[ObjectId]],
    ) -> None: ...
    @overload
    def __init__(
        self: SRefField[D, ObjectId | None],
        type: Target[D],
        namespace: str | None = None,
        **options: Unpack[OptionalFieldOptions[ObjectId]],
    ) -> None: ...
    def __init__(self, type: Any, namespace: str | None = None, **kwargs: Any) -> None:
        if type is None:
            raise TypeError("SRefField needs the referenced document class")
        # The overloads above type the public constructor, not this call.
        super().__init__(**kwargs)  # type: ignore[misc]
        self._set_target(type, namespace)

    @property
    def expected(self) -> str:  # type: ignore[override]
        cls = self.document_class
        assert cls is not None
        return f"a saved {cls.__name__} document or its ObjectId"

    def check_type(self, value: Any) -> None:
        if isinstance(value, DocumentState):
            self._check_document(cast("Document", value))
        else:
            ObjectIdField.check_type(self, value)

    def wrap(self, value: Any) -> ObjectId:
        if isinstance(value, DocumentState):
            return cast("Document", value).mongo_id
        return ObjectIdField.wrap(self, value)


class _Related(Generic[F, X]):
    """What ``Rel`` and ``ListRel`` share: the reference field (``F``), and
    reading through it: on the class its query builder, on a document an
    ``X`` (what ``load`` gives)."""

    def __init__(self, field: F, allow_none: bool) -> None:
        self.field = field
        self.allow_none = allow_none

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> QueryField[Any]: ...
    @overload
    def __get__(self, obj: Document, owner: type | None = None) -> X: ...
    def __get__(self, obj: Document | None, owner: type | None = None) -> Any:
        return self.field.query_field if obj is None else self.load(obj, owner)

    def load(self, obj: Document, owner: type | None) -> Any:
        """The referenced value(s) of ``obj`` (for subclasses)."""
        raise NotImplementedError


class Rel(_Related[RefBase[Any, Any], R]):
    """The attribute made by ``RefField.rel()`` / ``SRefField.rel()``: reads
    the referenced document, and assigning a document sets the reference.
    On the class it is the reference field's query builder."""

    def load(self, obj: Document, owner: type | None) -> Any:
        field = self.field
        stored = field.__get__(obj, owner)
        # The value may be a document assigned directly: use its stored form.
        ref = None if stored is None else field.to_mongo(stored)
        if ref is None:
            return None
        found = cached_target(obj, field, ref)
        if is_cached(found):
            if found is None and not self.allow_none:
                raise field._missing_target(ref)
            return found
        target = field.dereference(ref, self.allow_none)
        remember_target(obj, field, ref, target)
        return target

    def __set__(self, obj: Document, value: R) -> None:
        self.field.__set__(obj, value)


class ListRel(_Related["ListField[Any, Any]", list[R]]):
    """The attribute made by ``ListField(<ref field>).rel()``: reads the
    referenced documents in list order, with one query; assigning a list
    of documents sets the references."""

    def load(self, obj: Document, owner: type | None) -> Any:
        field = self.field
        stored = field.__get__(obj, owner)
        if stored is None:
            return None
        item: RefBase[Any, Any] = field.item_type  # type: ignore[assignment]
        # Stored forms: the list may hold documents assigned directly.
        refs = [None if v is None else item.to_mongo(v) for v in stored]
        return item.dereference_many(refs, self.allow_none)

    def __set__(self, obj: Document, value: Iterable[R] | None) -> None:
        field = self.field
        if value is None:
            field.__set__(obj, None)
            return
        items = list(value)
        field.validate(items)
        # Keep the references, not the documents, as the list's value.
        field.__set__(obj, [field.item_type.to_mongo(v) for v in items])
