"""Tasks through a server: the ODM benchmark specification's tasks, as an
application does them (create + save; load-modify-save; find, then read
every field), and the Flask view of :mod:`bench.views`.

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

from . import competitors as c
from . import data, views
from . import models as m
from .datasets import shapes
from .report import MAPPER, MONGOENGINE, RATIO_CPU, RAW, Row, Target
from .stored import by_filter, by_id, by_nested, by_nested_array, fill
from .timing import Timing, Variant, measure_plan

DATABASE = "flask_mongo_bench"


@dataclass
class Plan:
    """Operations per iteration, by kind of document, and iterations."""

    quick: bool
    repetitions: int
    min_iterations: int
    max_iterations: int
    budget: float
    ops: dict[str, int]

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(
                True, 1, 1, 1, 0.0, {"small": 10, "nested": 5, "large": 1, "view": 3}
            )
        return cls(
            False, 3, 3, 6, 1.5, {"small": 200, "nested": 100, "large": 5, "view": 40}
        )


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
        c.me_disconnect()


class _Values:
    """Distinct new values for updates, so every update changes something."""

    def __init__(self) -> None:
        self._count = itertools.count()

    def __call__(self) -> str:
        return f"updated-{next(self._count)}"


def _row(task: str, n: int, timings: dict[str, Timing], target: float | None) -> Row:
    targets = []
    if target is not None:
        # Issue 5's ceilings on the client CPU of the rows doing an app's work;
        # issue 12 sets the one on nested create + save.
        targets.append(Target(RATIO_CPU, target, label=f"CPU ratio <= {target:g}"))
    return Row.timed("server", task, n, timings, "us/op", targets)


class Tasks:
    """The tasks, sharing a plan and the documents' collections."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan

    def _measure(self, variants: dict[str, Variant], n: int) -> dict[str, Timing]:
        return measure_plan(self.plan, variants, n)

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
        """Load-modify-save, each of ``n`` stored documents: load it by
        ``_id``, change the field at ``path`` (dotted for nested fields),
        save it. PyMongo: ``find_one``, then ``update_one`` with ``$set``."""
        coll = mapper.get_collection()
        me_coll = me_cls._get_collection()
        fill(coll, doc, n)
        fill(me_coll, doc, n)
        ids = [d["_id"] for d in coll.find({}, {"_id": 1})]
        me_ids = [d["_id"] for d in me_coll.find({}, {"_id": 1})]
        key = ".".join(path)
        value = _Values()
        get = mapper.query.get

        def raw() -> None:
            for oid in ids:
                stored = coll.find_one({"_id": oid})
                assert stored is not None
                coll.update_one({"_id": oid}, {"$set": {key: value()}})

        def change(obj: Any) -> None:
            target = obj
            for part in path[:-1]:
                target = getattr(target, part)
            setattr(target, path[-1], value())
            obj.save()

        def ours() -> None:
            for oid in ids:
                change(get(oid))

        def theirs() -> None:
            for oid in me_ids:
                change(me_cls.objects(id=oid).first())

        timings = self._measure(
            {RAW: Variant(raw), MAPPER: Variant(ours), MONGOENGINE: Variant(theirs)},
            n,
        )
        coll.drop()
        me_coll.drop()
        return _row(f"{label} load-modify-save {key}", n, timings, target)

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
        key: str = "small",
    ) -> Row:
        """Find each of ``n`` stored documents by one query each, and read
        every field of it (``key``: the data set, for its fields).

        ``queries(stored)`` gives, for one stored document, the raw filter,
        a function running Flask-Mongo's query, and one running
        MongoEngine's.
        """
        coll = mapper.get_collection()
        me_coll = me_cls._get_collection()
        fill(coll, doc, n)
        fill(me_coll, doc, n)
        mine = [queries(d) for d in coll.find()]
        theirs = [queries(d)[2] for d in me_coll.find()]
        # What is found is read, every field, as an app uses it.
        shape = shapes()[key]
        read_raw, read_ours = shape.dict_reader(), shape.object_reader()
        read_theirs = shape.object_reader("id")

        def raw() -> None:
            for query, _, _ in mine:
                found = coll.find_one(query)
                if found is None:
                    raise AssertionError(f"nothing matched {query}")
                read_raw(found)

        def ours() -> None:
            for _, run, _ in mine:
                found = run()
                if found is None:
                    raise AssertionError("Flask-Mongo found nothing")
                read_ours(found)

        def other() -> None:
            for run in theirs:
                found = run()
                if found is None:
                    raise AssertionError("MongoEngine found nothing")
                read_theirs(found)

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
        fill(coll, data.small(), n)
        fill(me_coll, data.small(), n)
        SmallDoc = m.SmallDoc
        shape = shapes()["small"]
        read_raw, read_ours = shape.dict_reader(), shape.object_reader()
        read_theirs = shape.object_reader("id")

        def raw() -> None:
            found = list(coll.find({"field8": {"$gte": 0}}))
            assert len(found) == n
            for doc in found:
                read_raw(doc)

        def ours() -> None:
            found = SmallDoc.query.filter(SmallDoc.field8 >= 0).all()
            assert len(found) == n
            for doc in found:
                read_ours(doc)

        def other() -> None:
            found = list(c.MESmall.objects(field8__gte=0))
            assert len(found) == n
            for doc in found:
                read_theirs(doc)

        timings = self._measure(
            {RAW: Variant(raw), MAPPER: Variant(ours), MONGOENGINE: Variant(other)}, n
        )
        coll.drop()
        me_coll.drop()
        return _row(
            "small find by filter, all docs + read every field (per doc)",
            n,
            timings,
            None,
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
                c.MELarge, lambda d: c.me_new_flat(c.MELarge, d), ops["large"], None,
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
                "large", large, m.LargeDoc, c.MELarge, ("field1",), ops["large"], None
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
                "small find by _id + read every field", small, m.SmallDoc,
                c.MESmall, by_id, ops["small"], 1.3,
            ),
        ),
        (
            "small-find-filter",
            lambda: t.find(
                "small find by filter + read every field", small, m.SmallDoc,
                c.MESmall, by_filter, ops["small"], None,
            ),
        ),
        ("small-find-many", lambda: t.find_many(ops["small"] * 5)),
        ("view-json", lambda: views.json_view(plan, uri, ops["view"])),
        (
            "nested-find-field",
            lambda: t.find(
                "nested find by nested field + read every field", nested,
                m.NestedDoc, c.MENested, by_nested, ops["nested"], None, "nested",
            ),
        ),
        (
            "nested-find-array",
            lambda: t.find(
                "nested find by nested array field + read every field", nested,
                m.NestedDoc, c.MENested, by_nested_array, ops["nested"], None,
                "nested",
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
