"""Docstring references resolved the way the docstring's module sees them.

A docstring names things as its module imports them (``:class:`BadValueException```
in a module that imported it from :mod:`flask_mongo.errors`), while the API
reference documents each object once, under its public name. When Sphinx
finds no target for a Python reference, this looks the name up in the
module (and class) the reference was written in, takes the object it is,
and links to where that object is documented. A name that is no object, or
an object documented nowhere, stays unresolved, so ``-n`` still reports it.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.nodes import make_refnode

_MISSING = object()
# The documented name of each documented object, by identity, built on the
# first unresolved reference of a build (the objects are kept alive with it,
# so no identity is reused).
_documented: dict[int, str] = {}
_keep: list[Any] = []
_OURS = ("flask_mongo", "flask_mongoalchemy", "flask_mongokit")


def _lookup(path: str) -> Any:
    """The object a dotted path names, importing its longest module prefix."""
    parts = path.split(".")
    if parts[0] not in _OURS:
        return _MISSING
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            try:
                obj = inspect.getattr_static(obj, attr)
            except AttributeError:
                return _MISSING
        return obj
    return _MISSING


def _identity(obj: Any) -> int | None:
    """Classes, functions, modules and descriptors are the same object
    wherever they are exported; plain values are not looked up."""
    if isinstance(obj, int | float | str | bytes | tuple | type(None)):
        return None
    return id(obj)


def _index(env: BuildEnvironment) -> dict[int, str]:
    """The documented name of each documented object, by identity."""
    if _documented:
        return _documented
    for name, entry in sorted(env.get_domain("py").objects.items()):
        if entry.aliased:
            continue
        obj = _lookup(name)
        key = _identity(obj) if obj is not _MISSING else None
        if key is not None:
            _documented.setdefault(key, name)
            _keep.append(obj)
    return _documented


def _documented_name(env: BuildEnvironment, candidate: str) -> str | None:
    index = _index(env)
    objects = env.get_domain("py").objects
    obj = _lookup(candidate)
    if obj is _MISSING:
        return None
    key = _identity(obj)
    if key is not None and key in index:
        return index[key]
    owner_path, _, attr = candidate.rpartition(".")
    owner = _lookup(owner_path) if owner_path else _MISSING
    if owner is not _MISSING and inspect.isclass(owner) and id(owner) in index:
        name = f"{index[id(owner)]}.{attr}"
        if name in objects:
            return name
    return None


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    module = node.get("py:module")
    cls = node.get("py:class")
    candidates = []
    if module and cls:
        candidates.append(f"{module}.{cls}.{target}")
    if module:
        candidates.append(f"{module}.{target}")
    candidates.append(target)
    for candidate in candidates:
        name = _documented_name(env, candidate)
        if name is None:
            continue
        entry = env.get_domain("py").objects[name]
        return make_refnode(
            app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
        )
    return None


def reset(app: Sphinx) -> None:
    _documented.clear()
    _keep.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", resolve)
    app.connect("builder-inited", reset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
