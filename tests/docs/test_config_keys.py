"""The configuration page's tables are checked against the code when the
documentation is built (``docs/_ext/config_keys.py``): a key the code reads
and the page leaves out, or a row for a key the code does not read, fails
the build."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("sphinx")  # requirements/docs.txt, in .venv only

from sphinx.application import Sphinx

EXT = Path(__file__).parents[2] / "docs" / "_ext"


@dataclass
class Built:
    html: str
    #: What the build reported (empty: nothing).
    warnings: str
    status: int


def build(tmp_path: Path, rows: str, front_end: str, prefix: str = "") -> Built:
    src = tmp_path / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = ['config_keys']\n"
    )
    option = f"   :prefix: {prefix}\n" if prefix else ""
    body = "\n".join(f"   {row}" for row in rows.strip().splitlines())
    (src / "index.rst").write_text(
        f"Keys\n====\n\n.. config-keys:: {front_end}\n{option}\n{body}\n"
    )
    out = tmp_path / "out"
    warnings = io.StringIO()
    app = Sphinx(
        str(src),
        str(src),
        str(out),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        warningiserror=True,
    )
    app.build()
    return Built((out / "index.html").read_text(), warnings.getvalue(), app.statuscode)


def modern_rows(leave_out: str = "") -> str:
    from flask_mongo import config

    return "\n".join(
        f"{spellings[0]} | none | about {spellings[0]}"
        for spellings in config._KEYS.values()
        if spellings[0] != leave_out
    )


def test_every_key_documented_builds_a_table(tmp_path: Path) -> None:
    built = build(tmp_path, modern_rows(), "flask_mongo")
    assert (built.warnings, built.status) == ("", 0)
    assert "MONGO_GRIDFS_BUCKET" in built.html
    assert "MONGO_CONNECTION_STRING" in built.html  # the alias, beside MONGO_URI


def test_a_key_left_out_fails_the_build(tmp_path: Path) -> None:
    failed = build(tmp_path, modern_rows(leave_out="SLOW_QUERY_MS"), "flask_mongo")
    assert "MONGO_SLOW_QUERY_MS is read by" in failed.warnings
    assert failed.status != 0


def test_a_key_the_code_does_not_read_fails_the_build(tmp_path: Path) -> None:
    rows = modern_rows() + "\nRETRIES | 3 | not a key"
    failed = build(tmp_path, rows, "flask_mongo")
    assert "MONGO_RETRIES is documented here" in failed.warnings
    assert failed.status != 0


def test_mongokit_rows_must_be_keys_mongokit_reads(tmp_path: Path) -> None:
    rows = "SLAVE_OKAY | False | secondaries\nSLAVEOKAY | False | a typo"
    failed = build(tmp_path, rows, "flask_mongokit", "MONGODB")
    assert "MONGODB_SLAVEOKAY is not read" in failed.warnings
    assert failed.status != 0


def test_legacy_keys_checked_against_legacy_keys(tmp_path: Path) -> None:
    from flask_mongoalchemy.settings import LEGACY_KEYS

    rows = "\n".join(f"{key} | none | about it" for key in LEGACY_KEYS)
    built = build(tmp_path, rows, "flask_mongoalchemy", "MONGOALCHEMY")
    assert "MONGOALCHEMY_SAFE_SESSION" in built.html
    failed = build(
        tmp_path / "again",
        rows + "\nURI | none | not legacy",
        "flask_mongoalchemy",
        "MONGOALCHEMY",
    )
    assert "MONGOALCHEMY_URI is documented" in failed.warnings
    assert failed.status != 0
