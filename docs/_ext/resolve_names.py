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

import ast
import functools
import importlib
import importlib.util
import inspect
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.nodes import make_refnode

_MISSING = object()
# The documented name of each documented object, by identity, built on the
# first unresolved reference of a build (the objects are kept alive with it,
# so no identity is reused).
_documented: dict[int, str] = {}
_keep: list[Any] = []
_OURS = ("flask_mongo", "flask_mongoalchemy", "flask_mongokit", "pytest_flask_mongo")


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


@functools.cache
def _imports(module_name: str) -> dict[str, str]:
    """The names ``module_name`` imports (``if TYPE_CHECKING:`` blocks
    included), as dotted paths of what they name."""
    try:
        module = importlib.import_module(module_name)
        tree = ast.parse(inspect.getsource(module))
    except (ImportError, OSError, TypeError, SyntaxError):
        return {}
    package = module.__package__ or ""
    found: dict[str, str] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        try:
            source = importlib.util.resolve_name(
                "." * node.level + (node.module or ""), package
            )
        except ImportError:
            continue
        for alias in node.names:
            found.setdefault(alias.asname or alias.name, f"{source}.{alias.name}")
    return found


def _module_sees(env: BuildEnvironment, node: pending_xref) -> str | None:
    """The documented name of what the reference's module (and class) call
    its target, or None."""
    target = node["reftarget"].lstrip(".~")
    module = node.get("py:module")
    cls = node.get("py:class")
    candidates = []
    if module and cls:
        candidates.append(f"{module}.{cls}.{target}")
    if module:
        candidates.append(f"{module}.{target}")
    head, _, rest = target.partition(".")
    imported = _imports(module).get(head) if module else None
    if imported:
        candidates.append(f"{imported}.{rest}" if rest else imported)
    candidates.append(target)
    for candidate in candidates:
        name = _documented_name(env, candidate)
        if name is not None:
            return name
    return None


class QualifyReferences(SphinxPostTransform):
    """Before Sphinx resolves references: a Python reference whose target is
    no documented name is pointed at what its module calls that name, so a
    short name (``Document`` in an annotation) never matches another
    package's object of the same name."""

    default_priority = 5  # before ReferencesResolver (10)

    def run(self, **kwargs: Any) -> None:
        objects = self.env.get_domain("py").objects
        for node in self.document.findall(pending_xref):
            if node.get("refdomain") != "py" or node["reftarget"] in objects:
                continue
            name = _module_sees(self.env, node)
            if name is not None:
                node["reftarget"] = name
                node["refspecific"] = False


def resolve(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    if node.get("refdomain") != "py":
        return None
    name = _module_sees(env, node)
    if name is None:
        return None
    entry = env.get_domain("py").objects[name]
    return make_refnode(
        app.builder, node["refdoc"], entry.docname, entry.node_id, contnode, name
    )


def reset(app: Sphinx) -> None:
    _documented.clear()
    _keep.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_post_transform(QualifyReferences)
    app.connect("missing-reference", resolve)
    app.connect("builder-inited", reset)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
