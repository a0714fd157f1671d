"""Loading documents: a stored dict becomes a document (``Document.unwrap``).

This runs once per document a query returns and once per embedded document
read, so it is kept to the least work: the decoded dict becomes the
document's state as is (see :mod:`~flask_mongo.odm.state`), and nothing is
converted until read. :func:`load` is the general path. Each class whose
loading needs none of the rare steps (``transform_incoming``, picking a
polymorphic subclass) also gets its own ``unwrap`` from
:func:`install_loader`: the same steps with the class's settings looked up
once, not on every call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ExtraValueException
from ..signals import after_load
from .paths import stored_path
from .plain_reads import PlainCheck, plain_check
from .projection import Projection
from .state import (
    _SET_ATTR,
    _SET_CACHE,
    _SET_DATA,
    _SET_DIRTY,
    _SET_RETRIEVED,
    _SET_STATE,
    CLEAN,
    NO_CACHE,
    SAVED,
)

if TYPE_CHECKING:
    from .document import Document

_new = object.__new__


def load(
    cls: type[Document],
    obj: Mapping[str, Any],
    fields: Iterable[Any] | Projection | None,
    session: Any,
) -> Any:
    """``cls.unwrap(obj, fields, session)``: the general path."""
    if cls._transform:
        obj = cls.transform_incoming(obj, session)
    if cls._polymorphism is not None:
        cls = cls._polymorphism.class_for(obj, cls)
    data = obj if type(obj) is dict else dict(obj)
    self = _new(cls)
    _attach_loaded(cls, self, data)
    if fields is not None:
        if not isinstance(fields, Projection):
            fields = Projection.of(stored_path(cls, field) for field in fields)
        _SET_RETRIEVED(self, fields)
    if after_load.receivers:
        after_load.send(cls, document=self)
    return self


def _attach_loaded(cls: type[Document], self: Any, data: dict[str, Any]) -> None:
    # The state of a loaded document (see DocumentState), set by the slots'
    # setters: a dict-mode class's __setattr__ is Python code.
    _SET_DATA(self, data)
    _attach_dict(cls, self, data, plain_check(cls))
    _SET_CACHE(self, NO_CACHE)
    _SET_DIRTY(self, CLEAN)
    _SET_RETRIEVED(self, None)
    _SET_STATE(self, SAVED)


def _attach_dict(
    cls: type[Document], self: Any, data: dict[str, Any], check: PlainCheck | None
) -> None:
    # Refuse extra keys (config_extra_fields='error'); make ``data`` the
    # instance dict too if the class reads plain fields from there and
    # nothing in ``data`` stands against it (see odm.plain_reads).
    shadowed = cls._shadowed
    if cls._safe_keys.issuperset(data):
        # Only known keys: none is extra, none hides an attribute either.
        if shadowed is not None and (check is None or check(data)):
            _SET_ATTR(self, "__dict__", data)  # dict-speed reads (plain_reads)
    else:
        if cls.config_extra_fields == "error":
            refuse_extra(cls, data)
        # A class with checked plain fields keeps undeclared keys out of
        # its attributes (see plain_reads).
        if shadowed is not None and check is None and shadowed.isdisjoint(data):
            _SET_ATTR(self, "__dict__", data)


def refuse_extra(cls: type[Document], data: Mapping[str, Any]) -> None:
    """Raise if ``data`` holds stored keys ``cls`` does not know."""
    extra = data.keys() - cls._db_fields.keys() - cls._managed_keys()
    if extra:
        raise ExtraValueException(
            f"{cls.__name__} does not declare the stored keys"
            f" {', '.join(sorted(map(str, extra)))} and has"
            " config_extra_fields='error'"
        )


def install_loader(cls: type[Document], general: object) -> None:
    """Give ``cls`` an ``unwrap`` of its own (``general`` is
    ``Document.unwrap``, the classmethod), if its loading needs none of the
    general path's rare steps and no class of the application overrides
    ``unwrap``."""
    definer = next(b for b in cls.__mro__ if "unwrap" in vars(b))
    inherited = vars(definer)["unwrap"]
    is_loader = getattr(getattr(inherited, "__func__", None), "_fm_loader", False)
    if inherited is not general and not is_loader:
        return  # an application's own unwrap: its subclasses keep it too
    if cls._transform or cls._polymorphism is not None:
        if is_loader:  # a base's loader would make the base's documents
            setattr(cls, "unwrap", general)  # noqa: B010
        return
    function = _loader(cls)
    setattr(function, "_fm_loader", True)  # noqa: B010 (a mark, see above)
    # (setattr: mypy knows unwrap's signature from Document.)
    setattr(cls, "unwrap", classmethod(function))  # noqa: B010


def _loader(cls: type[Document]) -> Callable[..., Any]:
    new, set_data, set_attr = _new, _SET_DATA, _SET_ATTR
    check = plain_check(cls)  # set with the class's fields (plain_reads)
    set_cache, set_dirty, set_retrieved, set_state = (
        _SET_CACHE,
        _SET_DIRTY,
        _SET_RETRIEVED,
        _SET_STATE,
    )

    def unwrap(
        owner: type[Document],
        obj: Mapping[str, Any],
        fields: Iterable[Any] | Projection | None = None,
        session: Any = None,
    ) -> Any:
        # load() for this class: no transform, no subclass to pick. The
        # settings the rest reads are looked up on each call, as load()
        # does: an application may change them after declaring the class.
        if (
            owner is not cls  # super().unwrap() from a subclass's own unwrap
            or fields is not None
            or type(obj) is not dict
            or after_load.receivers
        ):
            return load(owner, obj, fields, session)
        self = new(cls)
        set_data(self, obj)
        # _attach_dict, inlined (once per document loaded).
        shadowed = cls._shadowed
        if cls._safe_keys.issuperset(obj):
            if shadowed is not None and (check is None or check(obj)):
                set_attr(self, "__dict__", obj)
        else:
            if cls.config_extra_fields == "error":
                refuse_extra(cls, obj)
            if shadowed is not None and check is None and shadowed.isdisjoint(obj):
                set_attr(self, "__dict__", obj)
        set_cache(self, NO_CACHE)
        set_dirty(self, CLEAN)
        set_retrieved(self, None)
        set_state(self, SAVED)
        return self

    unwrap.__doc__ = load.__doc__
    unwrap.__qualname__ = f"{cls.__qualname__}.unwrap"
    return unwrap
