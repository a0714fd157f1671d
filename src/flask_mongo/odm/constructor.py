"""The constructor generated for each document class.

As ``dataclasses`` and ``attrs`` do, each concrete document class gets an
``__init__`` of its own, compiled once when the class is declared: its
fields are keyword-only parameters, each value is checked inline (a type
test that, when true, proves the value valid, so the field's ``validate``
runs only for other values), stored straight into the new document's
state, and the changed keys are recorded in one step at the end instead
of once per value.

It does exactly what the generic :meth:`Document.__init__
<flask_mongo.odm.Document.__init__>` does; anything it does not handle
(an undeclared keyword, a ``rel()`` attribute, a subclass calling
``super().__init__``) goes to the generic one. A class whose nearest
``__init__`` is its own (or a front-end's, such as
``flask_mongoalchemy``'s) keeps it.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from bson import ObjectId

from ..core.values import MISSING
from ..errors import ExtraValueException
from .fields.base import Field
from .fields.containers import ListField
from .fields.scalars import FloatField, ObjectIdField
from .state import (
    _SET_ATTR,
    _SET_CACHE,
    _SET_DATA,
    _SET_DIRTY,
    _SET_RETRIEVED,
    _SET_STATE,
    NEW,
)

if TYPE_CHECKING:
    from .document import Document

# The marker of a generated constructor (on the function).
_GENERATED = "_flask_mongo_generated"


# MongoAlchemy's constructor took these to build a document from the
# database; a request body (Book(**request.json)) must never reach them.
LOADING_KEYWORDS = frozenset({"loading_from_db", "retrieved_fields"})


def construct(self: Document, kwargs: dict[str, Any]) -> None:
    """The generic constructor's work (``Document.__init__``): a new
    document holding the given values, each validated, then the defaults
    of the fields not given.

    :raises ExtraValueException: a keyword that names no field.
    """
    cls = type(self)
    self._start_new()
    if cls._poly_key is not None and cls.config_polymorphic_identity is not None:
        self._data[cls._poly_key] = cls.config_polymorphic_identity
    fields = cls._fields
    for name, value in kwargs.items():
        field = fields.get(name)
        if field is None:
            setter = cls._setters.get(name)
            if setter is not None:  # a rel() attribute: sets its ref field
                setter.__set__(self, value)
                continue
            # Name a loading keyword first, whatever the keys' order.
            loading = sorted(LOADING_KEYWORDS & kwargs.keys())
            if loading:
                raise ExtraValueException(
                    f"{cls.__name__}({loading[0]}=...) is refused: a document"
                    " marked as loaded would let a request body update"
                    " whichever stored document its _id names. Documents"
                    f" come from the database through queries or"
                    f" {cls.__name__}.unwrap(stored_dict)."
                )
            raise ExtraValueException(
                f"{cls.__name__} has no field {name!r};"
                f" its fields are {', '.join(sorted(fields))}"
            )
        field.__set__(self, value)
    dirty = self._dirty
    for field in cls._defaults:
        if field.db_field not in dirty:
            value = field.make_default()
            field.validate(value)
            self._assign(field, value)


def _guard(field: Field[Any], env: dict[str, Any] | None = None) -> str | None:
    """An expression of ``_fm_v`` (the value) that is true only for values
    ``field.validate`` accepts (None: no such shortcut, always call it).

    :param env: the generated code's globals, to which a guard naming a
        class or a bound adds it (without it, only the guards of
        :data:`_NAMED` types).
    """
    exact = field.exact_type()
    if exact in _NAMED:
        return f"type(_fm_v) is {_NAMED[exact]}"
    kind = type(field)
    if env is None or kind.validate is not Field.validate or field.validator:
        return None
    n = len(env)  # a fresh suffix for the names this guard adds
    if exact is not None:
        env[f"_T{n}"] = exact
        return f"type(_fm_v) is _T{n}"
    if isinstance(field, ListField):
        item = field._quick_item_type()
        if not item:
            return None
        env[f"_T{n}"] = item
        return f"type(_fm_v) is list and all([type(x) is _T{n} for x in _fm_v])"
    # A type test and a range (a NaN fails the float's: validate decides).
    quick = field.quick_range()
    if quick is None:
        return None
    kind_name = _NAMED.get(quick.kind)
    if kind_name is None:
        kind_name = f"_T{n}"
        env[kind_name] = quick.kind
    subject = "len(_fm_v)" if quick.by_length else "_fm_v"
    env[f"_lo{n}"], env[f"_hi{n}"] = quick.least, quick.most
    return f"type(_fm_v) is {kind_name} and _lo{n} <= {subject} <= _hi{n}"


# The types whose guards need no name of their own in the code's globals.
_NAMED: dict[type | None, str] = {
    str: "str",
    bool: "bool",
    float: "float",
    ObjectId: "_ObjectId",
}


def _stored_as_is(field: Field[Any]) -> bool:
    """Whether a value passing :func:`_guard` is its own stored form."""
    if field.plain:
        return True
    # ObjectIdField.wrap returns an ObjectId unchanged, FloatField's a float.
    return (
        type(field).wrap in (ObjectIdField.wrap, FloatField.wrap)
        and type(field).to_mongo is Field.to_mongo
        and field.wrap_validator is None
    )


def _can_generate(cls: type[Document], generic: Callable[..., None]) -> bool:
    if cls.__abstract__:
        return False
    # The nearest __init__ (Document's at the latest).
    init = next(vars(b)["__init__"] for b in cls.__mro__ if "__init__" in vars(b))
    if init is not generic and not getattr(init, _GENERATED, False):
        return False  # an __init__ of the class's own (or a front-end's): kept
    names = cls._fields
    if any(
        keyword.iskeyword(n) or not n.isidentifier() or n.startswith("_fm_")
        for n in names
    ):
        return False
    # A declared field stored under the polymorphic key: the generic path.
    return cls._poly_key is None or cls._poly_key not in cls._db_fields


def install_constructor(
    cls: type[Document],
    generic: Callable[..., None],
    plain_sets: Collection[Any],
    guard: Callable[[Field[Any], dict[str, Any]], str | None] = _guard,
    positional: bool = False,
) -> None:
    """Compile ``cls.__init__`` for the fields of ``cls`` (see the module
    docstring).

    :param generic: the generic constructor, for what the generated one
        does not handle.
    :param plain_sets: ``__set__`` methods that, on a new document, are
        ``Field.__set__`` (``mongo_id``'s).
    :param guard: gives a field's inline check (as :func:`_guard` does);
        a front-end whose fields check otherwise gives its own.
    :param positional: positional arguments (which the generic
        constructor of a front-end may take) go to the generic one.
    """
    if not _can_generate(cls, generic):
        return
    env: dict[str, Any] = {
        "_M": MISSING,
        "_cls": cls,
        "_generic": generic,
        "_ObjectId": ObjectId,
        "_NEW": NEW,
        "_set_data": _SET_DATA,
        "_set_cache": _SET_CACHE,
        "_set_dirty": _SET_DIRTY,
        "_set_retrieved": _SET_RETRIEVED,
        "_set_state": _SET_STATE,
        "_set_attr": _SET_ATTR,
    }
    params, names, body = [], [], []
    sets_dirty = False
    for i, (name, field) in enumerate(cls._fields.items()):
        f, key = f"_f{i}", field.db_field
        env[f] = field
        params.append(f"{name}=_M")
        names.append(name)
        body.append(f"    if {name} is not _M:")
        if type(field).__set__ not in (Field.__set__, *plain_sets):
            body.append(f"        {f}.__set__(_fm_self, {name})")
            sets_dirty = True
        else:
            body.extend(_store(field, f, key, name, "        ", guard(field, env)))
        if field.has_default():
            body.append("    else:")
            body.append(f"        _fm_v = {f}.make_default()")
            body.append(f"        {f}.validate(_fm_v)")
            body.extend(_store(field, f, key, "_fm_v", "        ", None, checked=True))
    given = ", ".join(f"({n!r}, {n})" for n in names)
    # With positional: *_fm_args taken, and any given sent to the generic.
    star, any_args, pass_args = (
        ("*_fm_args", "_fm_args or ", "*_fm_args, ") if positional else ("*", "", "")
    )
    head = [
        f"def __init__(_fm_self, {star}, {', '.join(params)}, **_fm_extra):",
        f"    if {any_args}_fm_extra or type(_fm_self) is not _cls:",
        f"        return _generic(_fm_self, {pass_args}**{{k: x for k, x in"
        f" ({given},) if x is not _M}}, **_fm_extra)",
        # The slots' setters: a class's __setattr__ may be Python code.
        "    _set_data(_fm_self, _fm_data := {})",
        "    _set_cache(_fm_self, _fm_cache := {})",
        "    _set_retrieved(_fm_self, None)",
        "    _set_state(_fm_self, _NEW)",
    ]
    if cls._shadowed is not None:  # dict-speed reads (see plain_reads)
        head.append("    _set_attr(_fm_self, '__dict__', _fm_data)")
    if sets_dirty:
        head.append("    _set_dirty(_fm_self, set())")
    identity = cls.config_polymorphic_identity
    if cls._poly_key is not None and identity is not None:
        env["_identity"] = identity
        head.append(f"    _fm_data[{cls._poly_key!r}] = _identity")
    tail = ["    _fm_dirty = set(_fm_data)", "    _fm_dirty.update(_fm_cache)"]
    if cls._poly_key is not None and identity is not None:
        tail.append(f"    _fm_dirty.discard({cls._poly_key!r})")
    tail.append("    _set_dirty(_fm_self, _fm_dirty)")
    source = "\n".join([*head, *body, *tail]) + "\n"
    exec(compile(source, f"<{cls.__qualname__}.__init__>", "exec"), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = generic.__doc__
    setattr(init, _GENERATED, True)
    cls.__init__ = init  # type: ignore[method-assign]


def _store(
    field: Field[Any],
    f: str,
    key: str,
    value: str,
    indent: str,
    guard: str | None,
    checked: bool = False,
) -> list[str]:
    """Lines checking (unless ``checked``: else by ``guard`` when given)
    and storing ``value``."""
    check = [] if checked else [f"{indent}{f}.validate({value})"]
    if not field.fast:
        if guard is None:
            return [*check, f"{indent}_fm_cache[{key!r}] = {value}"]
        return [
            f"{indent}_fm_v = {value}",
            f"{indent}if not ({guard}):",
            f"{indent}    {f}.validate(_fm_v)",
            f"{indent}_fm_cache[{key!r}] = _fm_v",
        ]
    stored = value if field.plain else f"{f}.to_mongo({value})"
    if guard is None:
        return [*check, f"{indent}_fm_data[{key!r}] = {stored}"]
    if not _stored_as_is(field):
        return [
            f"{indent}_fm_v = {value}",
            f"{indent}if not ({guard}):",
            f"{indent}    {f}.validate(_fm_v)",
            f"{indent}_fm_data[{key!r}] = {f}.to_mongo(_fm_v)",
        ]
    lines = [f"{indent}_fm_v = {value}", f"{indent}if not ({guard}):"]
    lines.append(f"{indent}    {f}.validate(_fm_v)")
    if not field.plain:
        lines.append(f"{indent}    _fm_v = {f}.to_mongo(_fm_v)")
    return [*lines, f"{indent}_fm_data[{key!r}] = _fm_v"]
