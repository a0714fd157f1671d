"""Sphinx configuration of the Flask-Mongo documentation (``./dev docs``).

Built with ``-W -n --keep-going``: every warning fails the build and every
cross-reference must resolve. There is no intersphinx (the build has no
network), so names of the standard library and of the third-party packages
are left unlinked by ``nitpick_ignore_regex`` below; names of this project
always resolve.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

from flask_mongo import __version__  # noqa: E402

project = "Flask-Mongo"
author = "the Flask-Mongo developers"
copyright = "the Flask-Mongo developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "myst_parser",
    "api_pages",
    "resolve_names",
    "config_keys",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "examples"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"Flask-Mongo {release}"
html_static_path: list[str] = []

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented"
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "both"
# Overrides of PyMongo methods do not repeat PyMongo's docstrings.
autodoc_inherit_docstrings = False
python_use_unqualified_type_names = True

nitpicky = True
# Packages outside this project: without an inventory their names cannot
# link, so they are shown as text. Everything of flask_mongo,
# flask_mongoalchemy and flask_mongokit must resolve.
_THIRD_PARTY = (
    "bson",
    "pymongo",
    "gridfs",
    "flask",
    "werkzeug",
    "click",
    "blinker",
    "itsdangerous",
    "jinja2",
    "wtforms",
    "flask_wtf",
    "flask_debugtoolbar",
    "mongoeco",
    "pytest",
    "_pytest",
    "typing_extensions",
)
# The standard library (no Python inventory offline either).
_STDLIB = (
    "abc",
    "collections",
    "contextlib",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "logging",
    "os",
    "re",
    "types",
    "typing",
    "uuid",
    "weakref",
    "zoneinfo",
    "io",
    "pathlib",
    "builtins",
    "threading",
    "contextvars",
    "secrets",
    "json",
    "t",
)
# Names of those packages as annotations and docstrings spell them, without
# their module.
_THIRD_PARTY_SHORT = (
    "Flask|FlaskGroup|Response|NotFound|with_appcontext|command|GridFSBucket"
    "|MongoClient|PyMongoClient|ClientSession|Collection|Cursor|tzinfo|ModelForm"
)
_BUILTINS = (
    "None|True|False|Ellipsis|NotImplemented|object|type|bool|int|float|complex"
    "|str|bytes|bytearray|memoryview|list|tuple|dict|set|frozenset|range|slice"
    "|Exception|BaseException|ValueError|TypeError|KeyError|LookupError"
    "|AttributeError|RuntimeError|IndexError|OverflowError|NotImplementedError"
    "|StopIteration|OSError|IOError|UserWarning|Warning|DeprecationWarning"
    "|callable|iter|next|len|repr|hash|property|classmethod|staticmethod"
)
# Type variables and type aliases of annotations, and private base classes,
# are not documented objects.
_TYPE_HELPERS = (
    r"(?:(?:flask_mongo|flask_mongoalchemy|flask_mongokit)(?:\.\w+)*\.)?"
    r"(?:[A-Z]|_\w+|Raw|RawDocument|Validator)"
)
# Typing helpers of the fields' signatures (the keyword options of each
# field type, the descriptor bases): internal, documented by the fields.
_INTERNAL = (
    r"flask_mongo\.odm\.fields\.(?:base\.(?:Options|WrappingField)"
    r"|typed\.\w+|references\.(?:ListRel|RefBase)|files\.FileOptions)"
    r"|flask_mongo\.odm\.state\.DocumentState|flask_mongo\.odm\.geo_queries\.\w+"
    r"|flask_mongo\.structure\.document_queries\.\w+|flask_mongo\.wtf\.forms\.\w+"
    r"|flask_mongoalchemy\.session_state\.\w+|(?:flask_mongo\.core\.pagination\.)?CallableBool"
)
nitpick_ignore_regex = [
    (r"py:.*", _TYPE_HELPERS),
    (r"py:.*", _INTERNAL),
    # A subscripted generic (IntField[int]): the class itself is documented.
    (r"py:class", r".*\[.*\]"),
    (r"py:.*", rf"(?:{_THIRD_PARTY_SHORT})(?:\..*)?"),
    (r"py:.*", rf"(?:{'|'.join(_THIRD_PARTY + _STDLIB)})(?:\..*)?"),
    (r"py:.*", rf"(?:{_BUILTINS})"),
]
