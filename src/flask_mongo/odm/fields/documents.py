"""Embedded documents: ``author = DocumentField(Author)``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, Unpack, overload

# TypeVar defaults (PEP 696) are in typing from Python 3.13 on.
from typing_extensions import TypeVar

from ...core.values import MISSING, reject_operators
from ..classes import document_class
from ..state import _SET_DIRTY, NO_CACHE, SHARED
from .base import Field, FieldOptions, OptionalFieldOptions

if TYPE_CHECKING:
    from ..document import Document
    from ..paths import QueryField
    from ..state import DocumentState

E = TypeVar("E", bound="Document")
# The value type: the document, or None too for optional fields.
V = TypeVar("V", default=E)


class DocumentField(Field[V], Generic[E, V]):
    """A document stored inside another one.

    :param document_class: the embedded class, or its name (resolved in the
        declaring class's ``config_namespace`` on first use, so classes can
        refer to classes declared later).

    Its sub-fields form dotted query paths: ``Book.author.name == 'x'``.
    Changing the embedded document in place (``book.author.name = 'y'``)
    is seen by ``book.save()``.
    """

    identity = False
    mutable = True

    @overload
    def __init__(
        self: DocumentField[E, E],
        document_class: type[E],
        **options: Unpack[FieldOptions[E]],
    ) -> None: ...
    @overload
    def __init__(
        self: DocumentField[E, E | None],
        document_class: type[E],
        **options: Unpack[OptionalFieldOptions[E]],
    ) -> None: ...
    @overload
    def __init__(
        self: DocumentField[Any, Any], document_class: str, **options: Any
    ) -> None: ...
    def __init__(self, document_class: type[E] | str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._document_class = document_class
        # to_mongo may skip its checks for a document of exactly the class:
        # nothing but the type test is left to run (see to_mongo).
        kind = type(self)
        self._quick_wrap = (
            kind.validate is Field.validate
            and kind.check_type is DocumentField.check_type
            and kind.wrap is DocumentField.wrap
            and self.validator is None
            and self.wrap_validator is None
        )

    @property
    def document_class(self) -> type[E]:
        """The embedded document class."""
        target = self._document_class
        if isinstance(target, str):
            namespace = self.owner.config_namespace if self.owner else "global"
            found = document_class(target, namespace, self.label)
            self._document_class = target = found  # type: ignore[assignment]
        return target  # type: ignore[return-value]

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"a {self.document_class.__name__} document"

    def check_type(self, value: Any) -> None:
        if not isinstance(value, self.document_class):
            self.fail(value)

    def _exact_type(self) -> type | None:
        target = self._document_class  # not resolved here: maybe not declared yet
        if (
            isinstance(target, str)
            or type(self).check_type is not DocumentField.check_type
        ):
            return None
        return target

    def wrap(self, value: Document) -> dict[str, Any]:
        # Checked again on every write: the embedded document may have been
        # replaced or changed in place since it was assigned.
        self.validate(value)
        return value.wrap()

    def to_mongo(self, value: Any) -> Any:
        # Field.to_mongo then wrap, for a document of exactly the class: its
        # validate could only repeat the type test. Embedded documents are
        # most of the values a nested document writes.
        if type(value) is self._document_class and self._quick_wrap:
            return value.wrap()
        return super().to_mongo(value)

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> QueryField[V]: ...
    @overload
    def __get__(self, obj: DocumentState, owner: type | None = None) -> V: ...
    def __get__(self, obj: DocumentState | None, owner: type | None = None) -> Any:
        # Field.__get__ with to_python and unwrap inlined: reading embedded
        # documents is most of the work of loading a nested document.
        if obj is None:
            return self.query_field
        key = self.db_field
        cache = obj._cache
        if key in cache:
            return cache[key]
        stored = obj._data.get(key, MISSING)
        if stored is None or stored is MISSING or self.unwrap_validator is not None:
            return super().__get__(obj, owner)
        value = self.unwrap(stored)
        if cache is NO_CACHE:  # the first value converted (see odm.state)
            cache = obj._own_cache()
        cache[key] = value
        return value

    def unwrap(self, stored: Any) -> E:
        # Not copied: the embedded document reads the parent's stored
        # sub-dict, and copies it on its first change (SHARED), so that the
        # parent's dict stays the baseline save() compares against.
        target = self._document_class
        if isinstance(target, str):
            target = self.document_class
        doc = target.unwrap(stored)
        _SET_DIRTY(doc, SHARED)  # the slot's setter: __setattr__ may be Python
        return doc

    def query_value(self, value: Any, path: str) -> Any:
        if isinstance(value, dict):
            # A raw sub-document match; its values must not be operators.
            reject_operators(value, path)
            return value
        return super().query_value(value, path)

    def sub_field(self, name: str) -> Field[Any] | None:
        return self.document_class._fields.get(name)
