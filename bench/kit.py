"""Tasks without a server, MongoKit-style dict documents.

The documents are :mod:`flask_mongo.structure`'s (``flask_mongokit.Document``)
registered on a ``flask_mongokit.MongoKit`` with ``db.register``, and used
as an application uses them, in an app context (no connection is made):

- validate + encode: ``doc = db.SmallKit(d)`` (a new document bound to its
  collection, the skeleton filled in), ``doc.validate()``, then
  ``bson.encode(doc.to_bson())``, what ``save()`` does before it sends.
  ``db.SmallKit`` is looked up per document, as a view writes it. PyMongo's
  side encodes the dict.
- load + read every key: cursor batches decoded and each dict wrapped by
  ``db.SmallKit.wrap`` (what ``db.SmallKit.find()`` yields), then every key
  read (``doc[key]``, embedded dicts and list items too).

Every key is typed and required, as the other mappers' models are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar

import bson
from flask import Flask

from flask_mongokit import Document, MongoKit

from . import data
from .datasets import shapes
from .inprocess import Job, Plan, _one, cursor_batches
from .report import MAPPER, RATIO, RAW, Row, Target
from .timing import Variant, measure_plan

#: The benchmark's MongoKit extension (its own app, see :func:`app_context`).
kit = MongoKit(create_indexes=False)

_STR15 = {f"field{i}": str for i in range(1, 16)}
_INT15 = {f"field{i}": int for i in range(1, 16)}


@kit.register
class SmallKit(Document):
    """SMALL_DOC: 7 strings, 6 ints, all required."""

    __collection__ = "kit_small_doc"
    structure: ClassVar[dict[str, Any]] = {
        **{f"field{i}": str for i in range(1, 8)},
        **{f"field{i}": int for i in range(8, 14)},
    }
    required_fields: ClassVar[list[str]] = list(structure)


_NESTED_KEYS = [
    *(f"embedded_str_doc_{i}" for i in range(1, 6)),
    *(f"embedded_int_doc_{i}" for i in range(8, 15)),
]


@kit.register
class NestedKit(Document):
    """LARGE_DOC_NESTED: 12 embedded dicts of 15 strings or 15 ints and a
    list of 2 more; every embedded key required."""

    __collection__ = "kit_large_doc_nested"
    structure: ClassVar[dict[str, Any]] = {
        **{k: dict(_INT15 if "int" in k else _STR15) for k in _NESTED_KEYS},
        "embedded_str_doc_array": [dict(_STR15)],
    }
    required_fields: ClassVar[list[str]] = [
        f"{k}.field{i}" for k in _NESTED_KEYS for i in range(1, 16)
    ]


_CLASSES = {"small": "SmallKit", "nested": "NestedKit"}
_DOCS: dict[str, Callable[[int], list[dict[str, Any]]]] = {
    "small": lambda n: data.with_ids(data.small(), n),
    "nested": lambda n: data.with_ids(data.nested(), n),
}
_TARGETS = {"small": 3.0, "nested": 4.0}


@contextmanager
def app_context() -> Iterator[Flask]:
    """An app context of an app using :data:`kit` (its client connects
    lazily, and nothing here sends a command)."""
    app = Flask("bench-kit")
    app.config.update(MONGODB_URI="mongodb://127.0.0.1:9/", MONGODB_DATABASE="bench")
    kit.init_app(app)
    try:
        with app.app_context():
            yield app
    finally:
        kit.close(app)


def validate_variants(key: str, n: int) -> dict[str, Variant]:
    """``n`` new documents from dicts, validated and encoded (needs an app
    context, see :func:`app_context`)."""
    docs = _DOCS[key](n)
    encode = bson.encode
    name = _CLASSES[key]

    def mapper() -> object:
        out = []
        for d in docs:
            doc = getattr(kit, name)(d)
            doc.validate()
            out.append(encode(doc.to_bson()))
        return out

    return {RAW: Variant(lambda: [encode(d) for d in docs]), MAPPER: Variant(mapper)}


def read_variants(key: str, n: int) -> dict[str, Variant]:
    """Cursor batches decoded, wrapped as documents, every key read."""
    batches = cursor_batches(_DOCS[key](n))
    decode_all = bson.decode_all
    read = shapes()[key].dict_reader()
    name = _CLASSES[key]

    def raw() -> object:
        docs = [doc for batch in batches for doc in decode_all(batch)]
        for doc in docs:
            read(doc)
        return docs

    def mapper() -> object:
        wrap = getattr(kit, name).wrap  # one bound class per query
        docs = [wrap(doc) for batch in batches for doc in decode_all(batch)]
        for doc in docs:
            read(doc)
        return docs

    return {RAW: Variant(raw), MAPPER: Variant(mapper)}


def validate_encode(plan: Plan, key: str, n: int) -> Row:
    """MongoKit-style validate + encode (targets: small 3, nested 4)."""
    with app_context():
        timings = measure_plan(plan, validate_variants(key, n), n)
    return Row.timed(
        "in-process",
        f"MongoKit-style create + validate + encode: {key}",
        n,
        timings,
        targets=[Target(RATIO, _TARGETS[key])],
    )


def load_read(plan: Plan, key: str, n: int) -> Row:
    """MongoKit-style load + read every key (information)."""
    with app_context():
        timings = measure_plan(plan, read_variants(key, n), n)
    return Row.timed(
        "in-process", f"MongoKit-style load {key} + read every key", n, timings
    )


def jobs(plan: Plan) -> list[Job]:
    """The MongoKit-style tasks, by id."""
    out: list[Job] = []
    for key in ("small", "nested"):
        out.append((f"kit-create-{key}", _one(validate_encode, plan, key, plan.n[key])))
    for key in ("small", "nested"):
        out.append((f"kit-read-{key}", _one(load_read, plan, key, plan.n[key])))
    return out
