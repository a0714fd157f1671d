"""The API reference pages, written from the packages' ``__all__`` at each
build (``docs/api/*.rst``, not kept in git).

Each public object is documented once, on the first page (in ``PAGES``
order) whose module exports it; a later page that re-exports it lists it
under "Also exported here" with a link, so that an unqualified reference
never finds two targets and nothing is described twice. The modules'
docstrings introduce each page.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from sphinx.application import Sphinx
from sphinx.pycode import ModuleAnalyzer


@dataclass(frozen=True)
class Page:
    #: The page's file name under ``api/``, without ``.rst``.
    name: str
    title: str
    #: The modules documented on the page, in order.
    modules: tuple[str, ...]


PAGES = (
    Page(
        "flask_mongo",
        "flask_mongo: the extension",
        (
            "flask_mongo",
            "flask_mongo.extension",
            "flask_mongo.state",
            "flask_mongo.config",
            "flask_mongo.settings",
            "flask_mongo.embedded",
            "flask_mongo.routing",
        ),
    ),
    Page("errors", "flask_mongo.errors: the error tree", ("flask_mongo.errors",)),
    Page(
        "integration",
        "Flask integration: JSON, CLI, recording, files, sessions, forms, testing",
        (
            "flask_mongo.json",
            "flask_mongo.cli",
            "flask_mongo.signals",
            "flask_mongo.record_queries",
            "flask_mongo.debug_toolbar",
            "flask_mongo.files",
            "flask_mongo.sessions",
            "flask_mongo.request_sessions",
            "flask_mongo.wtf",
            "flask_mongo.testing",
            "pytest_flask_mongo",
        ),
    ),
    Page(
        "core",
        "flask_mongo.core: the shared core",
        (
            "flask_mongo.core",
            "flask_mongo.core.values",
            "flask_mongo.core.find",
            "flask_mongo.core.pagination",
            "flask_mongo.core.keyset",
            "flask_mongo.core.aggregation",
            "flask_mongo.core.read_options",
            "flask_mongo.core.indexes",
            "flask_mongo.core.registry",
            "flask_mongo.core.writes",
            "flask_mongo.core.transactions",
        ),
    ),
    Page(
        "odm",
        "flask_mongo.odm: typed documents",
        (
            "flask_mongo.odm",
            "flask_mongo.odm.document",
            "flask_mongo.odm.query",
            "flask_mongo.odm.results",
            "flask_mongo.odm.expressions",
            "flask_mongo.odm.updates",
            "flask_mongo.odm.update_builder",
            "flask_mongo.odm.aggregation",
            "flask_mongo.odm.bulk",
            "flask_mongo.odm.related",
            "flask_mongo.odm.indexes",
            "flask_mongo.odm.json_schema",
            "flask_mongo.odm.state",
            "flask_mongo.odm.changes",
            "flask_mongo.odm.paths",
            "flask_mongo.odm.fields",
        ),
    ),
    Page(
        "structure",
        "flask_mongo.structure: dict documents",
        (
            "flask_mongo.structure",
            "flask_mongo.structure.schema_document",
            "flask_mongo.structure.document",
            "flask_mongo.structure.types",
            "flask_mongo.structure.schema",
            "flask_mongo.structure.specs",
            "flask_mongo.structure.validation",
            "flask_mongo.structure.compiled",
            "flask_mongo.structure.paths",
            "flask_mongo.structure.skeleton",
            "flask_mongo.structure.conversion",
            "flask_mongo.structure.dotted",
            "flask_mongo.structure.bound",
            "flask_mongo.structure.cursor",
            "flask_mongo.structure.collection",
            "flask_mongo.structure.bulk",
            "flask_mongo.structure.transactions",
            "flask_mongo.structure.indexes",
            "flask_mongo.structure.autorefs",
            "flask_mongo.structure.versioning",
            "flask_mongo.structure.migration",
            "flask_mongo.structure.gridfs",
            "flask_mongo.structure.i18n",
            "flask_mongo.structure.paginator",
            "flask_mongo.structure.sanitize",
            "flask_mongo.structure.json_schema",
            "flask_mongo.structure.json_form",
            "flask_mongo.structure.exceptions",
        ),
    ),
    Page(
        "flask_mongoalchemy",
        "flask_mongoalchemy: the Flask-MongoAlchemy front-end",
        (
            "flask_mongoalchemy",
            "flask_mongoalchemy.document",
            "flask_mongoalchemy.fields",
            "flask_mongoalchemy.field_protocol",
            "flask_mongoalchemy.extra_fields",
            "flask_mongoalchemy.schema",
            "flask_mongoalchemy.query",
            "flask_mongoalchemy.query_expression",
            "flask_mongoalchemy.exceptions",
            "flask_mongoalchemy.session",
            "flask_mongoalchemy.update_expression",
        ),
    ),
    Page(
        "flask_mongokit",
        "flask_mongokit: the Flask-MongoKit front-end",
        ("flask_mongokit", "flask_mongokit.auth", "flask_mongokit.helpers"),
    ),
)

_OURS = ("flask_mongo", "flask_mongoalchemy", "flask_mongokit", "pytest_flask_mongo")


def public_names(module: ModuleType) -> list[str]:
    """``__all__``, or the public classes and functions defined in the
    module when it has none."""
    names = getattr(module, "__all__", None)
    if names is not None:
        return [n for n in names if not n.startswith("__")]
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and getattr(value, "__module__", None) == module.__name__
    ]


def _identity(value: Any) -> object:
    """What makes two exports the same object (constants are not shared)."""
    if inspect.isclass(value) or inspect.isfunction(value):
        return value
    return None


def _directive(value: Any) -> str:
    if inspect.isclass(value):
        return "autoexception" if issubclass(value, BaseException) else "autoclass"
    if inspect.isfunction(value):
        return "autofunction"
    return "autodata"


def _is_ours(value: Any) -> bool:
    module = getattr(value, "__module__", None) or ""
    return module.split(".")[0] in _OURS


def render(pages: tuple[Page, ...] = PAGES) -> dict[str, str]:
    """Each page's reST, by file name."""
    documented: dict[object, str] = {}
    out: dict[str, str] = {}
    for page in pages:
        lines = [page.title, "=" * len(page.title), ""]
        for module_name in page.modules:
            module = importlib.import_module(module_name)
            own: list[str] = []
            elsewhere: list[tuple[str, str]] = []
            outside: list[str] = []
            for name in public_names(module):
                value = getattr(module, name)
                key = _identity(value)
                if key is not None and not _is_ours(value):
                    outside.append(name)
                elif key is not None and key in documented:
                    elsewhere.append((name, documented[key]))
                else:
                    own.append(name)
                    if key is not None:
                        documented[key] = f"{module_name}.{name}"
            if module_name != page.modules[0]:
                heading = f"``{module_name}``"
                lines += [heading, "-" * len(heading), ""]
            lines += [f".. automodule:: {module_name}", "   :no-members:", ""]
            lines += [f".. currentmodule:: {module_name}", ""]
            attr_docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
            for name in own:
                value = getattr(module, name)
                directive = _directive(value)
                own_doc = getattr(value, "__doc__", None) not in (
                    None,
                    type(value).__doc__,
                )
                if (
                    directive == "autodata"
                    and ("", name) not in attr_docs
                    and not own_doc
                ):
                    # A value without a ``#:`` comment here: autodoc would
                    # show its type's docstring (dict's, int's).
                    continue
                lines += [f".. {directive}:: {name}", ""]
            if elsewhere:
                lines += ["Also exported here:", ""]
                lines += [
                    f"- ``{module_name}.{name}``: :py:obj:`{target}`"
                    for name, target in elsewhere
                ]
                lines.append("")
            if outside:
                names = ", ".join(f"``{n}``" for n in outside)
                lines += [f"Re-exported from other packages: {names}.", ""]
        out[page.name] = "\n".join(lines)
    index = ["API reference", "=============", "", ".. toctree::", ""]
    index += [f"   {page.name}" for page in pages]
    out["index"] = "\n".join(index) + "\n"
    return out


def write_pages(app: Sphinx) -> None:
    folder = Path(app.srcdir) / "api"
    folder.mkdir(exist_ok=True)
    for name, text in render().items():
        path = folder / f"{name}.rst"
        # Unchanged files keep their time stamp, so Sphinx does not reread them.
        if not path.exists() or path.read_text() != text:
            path.write_text(text)


def skip_class_aliases(
    app: Sphinx, what: str, name: str, obj: Any, skip: bool, options: Any
) -> bool | None:
    """A class attribute that only names another class (``Mongo.StringField``,
    for ``db.StringField()``) is not documented again as a member."""
    if what == "class" and inspect.isclass(obj) and "." not in obj.__qualname__:
        return True
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", write_pages)
    app.connect("autodoc-skip-member", skip_class_aliases)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
