"""The benchmark's data sets.

The three documents of MongoDB's ODM benchmark specification are read from
``bench/data/`` in the repository (``--data`` or ``FLASK_MONGO_BENCH_DATA``
point elsewhere); the fourth, a typical 9-field application document, is
made here.
"""

from __future__ import annotations

import copy
import os
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import bson
from bson import ObjectId, json_util

Doc = dict[str, Any]

_DEFAULT_DIR = Path(__file__).resolve().parent / "data"
data_dir = Path(os.environ.get("FLASK_MONGO_BENCH_DATA", _DEFAULT_DIR))


def set_data_dir(path: str | os.PathLike[str]) -> None:
    """Read the specification's files from ``path`` instead."""
    global data_dir
    data_dir = Path(path)
    _read.cache_clear()


@cache
def _read(name: str) -> Doc:
    path = data_dir / name
    if not path.is_file():
        raise SystemExit(
            f"bench: {path} is missing; the data sets live in bench/data/"
            " (or pass --data DIR)"
        )
    # Extended JSON: the large document's image is {"$binary": ...}.
    loaded: Doc = json_util.loads(path.read_text(encoding="utf-8"))
    return loaded


def small() -> Doc:
    """SMALL_DOC: 13 flat fields (7 strings, 6 ints), about 250 bytes."""
    return copy.deepcopy(_read("small_doc.json"))


def large() -> Doc:
    """LARGE_DOC: 250 flat fields (125 strings, 125 ints) and a 2.4 MB
    binary image, about 3.2 MB as JSON."""
    return dict(_read("large_doc.json"))


def nested() -> Doc:
    """LARGE_DOC_NESTED: 5 embedded documents of 15 strings, a list of 2
    such documents, and 7 embedded documents of 15 ints (7.6 KB as JSON)."""
    return copy.deepcopy(_read("large_doc_nested.json"))


_EPOCH = datetime(2020, 1, 1, 12, 0, 0)


def typical(i: int = 0) -> Doc:
    """A 9-field application document: an id, strings, numbers, a bool, a
    datetime, a list of strings and an embedded author document."""
    return {
        "_id": ObjectId(),
        "title": f"Designing Data-Intensive Applications, vol. {i}",
        "author": {"name": "Martin Kleppmann", "born": 1984 + i % 7},
        "year": 2000 + i % 25,
        "price": 39.9 + i % 10,
        "published": _EPOCH + timedelta(days=i),
        "tags": ["databases", "distributed", f"tag{i % 50}"],
        "in_stock": i % 2 == 0,
        "isbn": f"978-1-4493-{i:05d}",
    }


def with_ids(doc: Doc, n: int) -> list[Doc]:
    """``n`` copies of ``doc``, each with its own ``_id`` (as stored)."""
    return [{"_id": ObjectId(), **doc} for _ in range(n)]


def batch(docs: list[Doc]) -> bytes:
    """The documents as one BSON batch, as a server reply carries them."""
    return b"".join(bson.encode(doc) for doc in docs)
