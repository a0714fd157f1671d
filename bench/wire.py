"""Tasks through a server: the ODM benchmark specification's tasks.

Flask-Mongo runs inside a Flask app context with ``MONGO_URI`` pointing at
the server; raw PyMongo uses the same client on the same collection, so
both sides pay the same network and server costs, and MongoEngine has its
own connection to the same server. Each task's figure is per operation:
wall time, and the CPU time of this (the client) process, which leaves the
server out. The ratio of CPU times is the mapper's cost even when the
server is slow.

The spec asks for 10,000 operations per iteration; the embedded server's
inserts slow down as a collection grows, so iterations here are a few
hundred operations (see ``Plan``), which keeps the default run to minutes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import Flask
from pymongo.collection import Collection

from . import competitors as c
from . import data
from . import models as m
from .report import MAPPER, MONGOENGINE, RAW, Row
from .timing import Timing, Variant, measure_plan

DATABASE = "flask_mongo_bench"


@dataclass
class Plan:
    """Operations per iteration, by kind of document, and iterations."""

    quick: bool
    min_iterations: int
    max_iterations: int
    budget: float
    ops: dict[str, int]

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 1, 1, 0.0, {"small": 10, "nested": 5, "large": 1})
        return cls(False, 3, 15, 5.0, {"small": 200, "nested": 100, "large": 5})


@contextmanager
def connected(uri: str) -> Iterator[Flask]:
    """An app whose ``MONGO_URI`` is ``uri``, its context pushed; the
    benchmark's database is dropped afterwards."""
    app = Flask("bench")
    app.config.update(MONGO_URI=uri, MONGO_DATABASE=DATABASE)
    m.db.init_app(app)
    c.me_connect(uri, DATABASE)
    try:
        with app.app_context():
            m.db.client.drop_database(DATABASE)
            try:
                yield app
            finally:
                m.db.client.drop_database(DATABASE)
    finally:
        m.db.close(app)
        c.me.disconnect()


class _Values:
    """Distinct new values for updates, so every update changes something."""

    def __init__(self) -> None:
        self._count = itertools.count()

    def __call__(self) -> str:
        return f"updated-{next(self._count)}"


def _row(task: str, n: int, timings: dict[str, Timing], target: float | None) -> Row:
    return Row(
        "server",
        task,
        n,
        "us/op",
        {name: t.wall for name, t in timings.items()},
        {name: t.cpu for name, t in timings.items()},
        target=target,
        target_on_cpu=True,
        timings=timings,
    )


class Tasks:
    """The tasks, sharing a plan and the documents' collections."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def _measure(self, variants: dict[str, Variant], n: int) -> dict[str, Timing]:
        return measure_plan(self.plan, variants, n, gc_paused=False)

    # -- creating --------------------------------------------------------------

    def create(
        self,
        label: str,
        doc: data.Doc,
        mapper: Any,
        new_mapper: Callable[[data.Doc], Any],
        me_cls: Any,
        new_me: Callable[[data.Doc], Any],
        n: int,
        target: float | None,
    ) -> Row:
        coll = mapper.get_collection()
        me_coll = me_cls._get_collection()

        def raw() -> None:
            for _ in range(n):
                coll.insert_one(dict(doc))

        def ours() -> None:
            for _ in range(n):
                new_mapper(doc).save()

        def theirs() -> None:
            for _ in range(n):
                new_me(doc).save()

        timings = self._measure(
            {
                RAW: Variant(raw, coll.drop),
                MAPPER: Variant(ours, coll.drop),
                MONGOENGINE: Variant(theirs, me_coll.drop),
            },
            n,
        )
        return _row(f"{label} create + save", n, timings, target)

    # -- updating --------------------------------------------------------------

    def update(
        self,
        label: str,
        doc: data.Doc,
        mapper: Any,
        me_cls: Any,
        path: tuple[str, ...],
        n: int,
        target: float | None,
    ) -> Row:
        """Change the field at ``path`` (a dotted path for nested fields) of
        ``n`` loaded documents, saving each."""
        coll = mapper.get_collection()
        me_coll = me_cls._get_collection()
        _fill(coll, doc, n)
        _fill(me_coll, doc, n)
        ids = [d["_id"] for d in coll.find({}, {"_id": 1})]
        key = ".".join(path)
        value = _Values()
        loaded: dict[str, list[Any]] = {}

        def load_ours() -> None:
            loaded[MAPPER] = list(mapper.query)

        def load_theirs() -> None:
            loaded[MONGOENGINE] = list(me_cls.objects)

        def raw() -> None:
            for oid in ids:
                coll.update_one({"_id": oid}, {"$set": {key: value()}})

        def saved(name: str) -> Callable[[], None]:
            def run() -> None:
                for obj in loaded[name]:
                    target = obj
                    for part in path[:-1]:
                        target = getattr(target, part)
                    setattr(target, path[-1], value())
                    obj.save()

            return run

        timings = self._measure(
            {
                RAW: Variant(raw),
                MAPPER: Variant(saved(MAPPER), load_ours),
                MONGOENGINE: Variant(saved(MONGOENGINE), load_theirs),
            },
            n,
        )
        coll.drop()
        me_coll.drop()
        return _row(f"{label} update {key}", n, timings, target)

    # -- finding ---------------------------------------------------------------

    def find(
        self,
        task: str,
        doc: data.Doc,
        mapper: Any,
        me_cls: Any,
        queries: Callable[[dict[str, Any]], tuple[Any, Any, Any]],
        n: int,
        target: float | None,
    ) -> Row:
        """Find each of ``n`` stored documents by one query each.

        ``queries(stored)`` gives, for one stored document, the raw filter,
        a function running Flask-Mongo's query, and one running
        MongoEngine's.
        """
        coll = mapper.get_collection()
        me_coll = me_cls._get_collection()
        _fill(coll, doc, n)
        _fill(me_coll, doc, n)
        mine = [queries(d) for d in coll.find()]
        theirs = [queries(d)[2] for d in me_coll.find()]

        def raw() -> None:
            for query, _, _ in mine:
                if coll.find_one(query) is None:
                    raise AssertionError(f"nothing matched {query}")

        def ours() -> None:
            for _, run, _ in mine:
                if run() is None:
                    raise AssertionError("Flask-Mongo found nothing")

        def other() -> None:
            for run in theirs:
                if run() is None:
                    raise AssertionError("MongoEngine found nothing")

        timings = self._measure(
            {RAW: Variant(raw), MAPPER: Variant(ours), MONGOENGINE: Variant(other)}, n
        )
        coll.drop()
        me_coll.drop()
        return _row(task, n, timings, target)

    def find_many(self, n: int) -> Row:
        """One query returning ``n`` small documents (cost per document)."""
        coll = m.SmallDoc.get_collection()
        me_coll = c.MESmall._get_collection()
        _fill(coll, data.small(), n)
        _fill(me_coll, data.small(), n)
        SmallDoc = m.SmallDoc

        def raw() -> None:
            assert len(list(coll.find({"field8": {"$gte": 0}}))) == n

        def ours() -> None:
            assert len(SmallDoc.query.filter(SmallDoc.field8 >= 0).all()) == n

        def other() -> None:
            assert len(list(c.MESmall.objects(field8__gte=0))) == n

        timings = self._measure(
            {RAW: Variant(raw), MAPPER: Variant(ours), MONGOENGINE: Variant(other)}, n
        )
        coll.drop()
        me_coll.drop()
        return _row("small find by filter, all docs (per doc)", n, timings, None)


def _fill(coll: Collection[dict[str, Any]], doc: data.Doc, n: int) -> None:
    coll.drop()
    docs = data.with_ids(doc, n)
    for i, stored in enumerate(docs):
        # A distinct first field, so that a filter on it finds one document.
        first = next(k for k in stored if k != "_id")
        if isinstance(stored[first], dict):
            stored[first] = {**stored[first], "field1": f"key-{i}"}
        else:
            stored[first] = f"key-{i}"
    coll.insert_many(docs)


def _by_id(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    oid = stored["_id"]
    return (
        {"_id": oid},
        lambda: m.SmallDoc.query.get(oid),
        lambda: c.MESmall.objects(id=oid).first(),
    )


def _by_filter(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    key = stored["field1"]
    SmallDoc = m.SmallDoc
    return (
        {"field1": key},
        lambda: SmallDoc.query.filter(SmallDoc.field1 == key).first(),
        lambda: c.MESmall.objects(field1=key).first(),
    )


def _by_nested(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    oid, key = stored["_id"], stored["embedded_str_doc_1"]["field1"]
    N = m.NestedDoc
    return (
        {"embedded_str_doc_1.field1": key, "_id": oid},
        lambda: N.query.filter(
            N.embedded_str_doc_1.field1 == key, N.mongo_id == oid
        ).first(),
        lambda: c.MENested.objects(embedded_str_doc_1__field1=key, id=oid).first(),
    )


def _by_nested_array(stored: dict[str, Any]) -> tuple[Any, Any, Any]:
    oid = stored["_id"]
    key = stored["embedded_str_doc_array"][1]["field2"]
    N = m.NestedDoc
    return (
        {"embedded_str_doc_array.field2": key, "_id": oid},
        lambda: N.query.filter(
            N.embedded_str_doc_array.field2 == key, N.mongo_id == oid
        ).first(),
        lambda: c.MENested.objects(embedded_str_doc_array__field2=key, id=oid).first(),
    )


def run(plan: Plan, uri: str, wanted: Callable[[str], bool]) -> list[Row]:
    """Every server task whose name ``wanted`` accepts, against ``uri``."""
    small, large, nested = data.small(), data.large(), data.nested()
    ops = plan.ops
    t = Tasks(plan)
    jobs: list[tuple[str, Callable[[], Row]]] = [
        (
            "small-create",
            lambda: t.create(
                "small", small, m.SmallDoc, lambda d: m.new_flat(m.SmallDoc, d),
                c.MESmall, lambda d: c.me_new_flat(c.MESmall, d), ops["small"], 1.3,
            ),
        ),
        (
            "large-create",
            lambda: t.create(
                "large", large, m.LargeDoc, lambda d: m.new_flat(m.LargeDoc, d),
                c.MELarge, lambda d: c.me_new_flat(c.MELarge, d), ops["large"], 1.3,
            ),
        ),
        (
            "nested-create",
            lambda: t.create(
                "nested", nested, m.NestedDoc, m.new_nested,
                c.MENested, c.me_new_nested, ops["nested"], 1.3,
            ),
        ),
        (
            "small-update",
            lambda: t.update(
                "small", small, m.SmallDoc, c.MESmall, ("field1",), ops["small"], 1.3
            ),
        ),
        (
            "large-update",
            lambda: t.update(
                "large", large, m.LargeDoc, c.MELarge, ("field1",), ops["large"], 1.3
            ),
        ),
        (
            "nested-update",
            lambda: t.update(
                "nested", nested, m.NestedDoc, c.MENested,
                ("embedded_str_doc_1", "field1"), ops["nested"], 1.3,
            ),
        ),
        (
            "small-find-id",
            lambda: t.find(
                "small find by _id", small, m.SmallDoc, c.MESmall, _by_id,
                ops["small"], 1.3,
            ),
        ),
        (
            "small-find-filter",
            lambda: t.find(
                "small find by filter", small, m.SmallDoc, c.MESmall, _by_filter,
                ops["small"], None,
            ),
        ),
        ("small-find-many", lambda: t.find_many(ops["small"] * 5)),
        (
            "nested-find-field",
            lambda: t.find(
                "nested find by nested field", nested, m.NestedDoc, c.MENested,
                _by_nested, ops["nested"], None,
            ),
        ),
        (
            "nested-find-array",
            lambda: t.find(
                "nested find by nested array field", nested, m.NestedDoc,
                c.MENested, _by_nested_array, ops["nested"], None,
            ),
        ),
    ]  # fmt: skip
    rows: list[Row] = []
    selected = [(name, job) for name, job in jobs if wanted(name)]
    if not selected:
        return rows
    with connected(uri):
        for _, job in selected:
            rows.append(job())
    return rows
