"""The configuration tables, checked against the code at every build.

``config-keys`` renders one front-end's keys as a table from the rows given
in the page (``SUFFIX | default | meaning``), after checking them against
the code: for ``flask_mongo`` the key list of :mod:`flask_mongo.config`
(each key's spellings, aliases included), for ``flask_mongoalchemy``
:data:`flask_mongoalchemy.settings.LEGACY_KEYS`, for ``flask_mongokit`` the
keys its ``load_settings`` reads besides Flask-Mongo's (each row is tried on
an app: a key it does not read raises its unknown-key warning). A key the
code reads and the page leaves out, or a row for a key the code does not
read, fails the build, so the page cannot drift from the code.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _modern_keys() -> dict[str, tuple[str, ...]]:
    from flask_mongo import config

    # The one list Flask-Mongo reads its keys from (and warns about others).
    keys: dict[str, tuple[str, ...]] = config._KEYS
    return {spellings[0]: spellings[1:] for spellings in keys.values()}


def _legacy_keys() -> dict[str, tuple[str, ...]]:
    from flask_mongoalchemy.settings import LEGACY_KEYS

    return dict.fromkeys(LEGACY_KEYS, ())


def _mongokit_reads(suffix: str) -> bool:
    from flask import Flask

    from flask_mongokit import MongoKit

    app = Flask(__name__)
    app.config[f"MONGODB_{suffix}"] = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        MongoKit().load_settings(app)
    return not any(f"MONGODB_{suffix}" in str(w.message) for w in caught)


class ConfigKeys(SphinxDirective):
    has_content = True
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"prefix": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        front_end = self.arguments[0]
        prefix = self.options.get("prefix", "MONGO")
        rows = []
        for line in self.content:
            if line.strip():
                suffix, default, meaning = (p.strip() for p in line.split("|", 2))
                rows.append((suffix, default, meaning))
        documented = [suffix for suffix, _, _ in rows]
        problems = []
        if front_end == "flask_mongokit":
            aliases: dict[str, tuple[str, ...]] = dict.fromkeys(documented, ())
            problems = [
                f"MONGODB_{s} is not read by MongoKit.load_settings"
                for s in documented
                if not _mongokit_reads(s)
            ]
        else:
            aliases = _modern_keys() if front_end == "flask_mongo" else _legacy_keys()
            problems += [
                f"{prefix}_{s} is read by {front_end} but not documented here"
                for s in aliases
                if s not in documented
            ]
            problems += [
                f"{prefix}_{s} is documented here but {front_end} does not read it"
                for s in documented
                if s not in aliases
            ]
        if problems:
            raise self.error("; ".join(problems))
        table = self._table(prefix, rows, aliases)
        return [table]

    def _table(
        self,
        prefix: str,
        rows: list[tuple[str, str, str]],
        aliases: dict[str, tuple[str, ...]],
    ) -> nodes.table:
        table = nodes.table(classes=["config-keys"])
        group = nodes.tgroup(cols=3)
        table += group
        for width in (30, 20, 50):
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        group += head
        head += self._row(["key", "default", "meaning"], parse=False)
        body = nodes.tbody()
        group += body
        for suffix, default, meaning in rows:
            key = f"``{prefix}_{suffix}``"
            if aliases.get(suffix):
                key += " (alias " + ", ".join(
                    f"``{prefix}_{a}``" for a in aliases[suffix]
                )
                key += ")"
            body += self._row([key, default, meaning], parse=True)
        return table

    def _row(self, cells: list[str], *, parse: bool) -> nodes.row:
        row = nodes.row()
        for text in cells:
            entry = nodes.entry()
            if parse:
                parsed, _ = self.state.inline_text(text, self.lineno)
                entry += nodes.paragraph("", "", *parsed)
            else:
                entry += nodes.paragraph(text=text)
            row += entry
        return row


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("config-keys", ConfigKeys)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
