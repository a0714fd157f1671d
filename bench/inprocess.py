"""Tasks without a server, typed mapper: what an application pays.

What each side does, per document (GC running, see ``timing``):

- load + read every field: the documents arrive as a cursor gets them, in
  BSON batches (:func:`cursor_batches`); PyMongo decodes them with
  ``bson.decode_all`` and reads every value of every dict (embedded
  documents and list items too), the floor. Flask-Mongo wraps each dict
  with ``Model.unwrap`` (what iterating ``Model.query`` does) and reads
  every attribute, so its lazy conversion is counted; MongoEngine
  ``_from_son``, pydantic ``model_validate``, each then read the same way.
- load, no field read (information): the same without the reads, where
  Flask-Mongo's deferred work does not show.
- scaling: load + read small documents at N = 1k, 10k, 100k; the ratio to
  raw should not grow with N (the collector's work per object does).
- create + encode: the object is made from a dict (every value validated)
  and encoded as its first ``save()`` sends it, both timed: ``bson.encode
  (doc.wrap())``; PyMongo just encodes the dict; pydantic ``model_validate``
  then ``bson.encode(model_dump())``; MongoEngine ``validate()``,
  ``to_mongo()``.
- query: a 3-clause filter with a sort and a limit, built into its filter
  dict; PyMongo's side is the dict literal.
- memory: bytes kept (tracemalloc) by the loaded documents once every field
  has been read, decoded batch by batch.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import bson

from . import competitors as c
from . import models as m
from .datasets import DataSet, datasets, shapes
from .report import (
    GC_OFF,
    MAPPER,
    MONGOENGINE,
    PYDANTIC,
    RATIO,
    RAW,
    Row,
    Target,
    times_slower,
)
from .timing import Timing, Variant, kept_memory, measure_plan, paired_ratios

#: The first batch a cursor gets (PyMongo's default), then at most this many
#: bytes per getMore (the server's 16 MiB).
FIRST_BATCH = 101
BATCH_BYTES = 16 * 1024 * 1024


@dataclass
class Plan:
    """How much to run: repetitions, iterations, document counts."""

    quick: bool
    repetitions: int
    min_iterations: int
    max_iterations: int
    budget: float
    #: Documents per iteration, by data set.
    n: dict[str, int]
    #: The document counts of the scaling task.
    scaling: tuple[int, ...]

    @classmethod
    def make(cls, quick: bool) -> Plan:
        """The full plan (3 repetitions) or the quick one (CI's smoke run)."""
        if quick:
            return cls(True, 1, 1, 1, 0.0, _QUICK_N, (100, 1_000))
        return cls(False, 3, 5, 15, 1.0, _FULL_N, (1_000, 10_000, 100_000))


_FULL_N = {"small": 10_000, "typical": 10_000, "nested": 1_000, "large": 20}
_QUICK_N = {"small": 200, "typical": 200, "nested": 50, "large": 2}

#: Loading, every field read, must beat MongoEngine by this factor.
ME_FACTOR = 10.0
_READ_TARGETS = {"small": 1.25, "nested": 1.5}


def cursor_batches(docs: list[dict[str, Any]]) -> list[bytes]:
    """The documents as the BSON batches a cursor receives: 101 documents,
    then up to 16 MiB each."""
    encoded = [bson.encode(doc) for doc in docs]
    batches = [b"".join(encoded[:FIRST_BATCH])]
    current: list[bytes] = []
    size = 0
    for doc in encoded[FIRST_BATCH:]:
        if current and size + len(doc) > BATCH_BYTES:
            batches.append(b"".join(current))
            current, size = [], 0
        current.append(doc)
        size += len(doc)
    if current:
        batches.append(b"".join(current))
    return batches


def load_variants(
    ds: DataSet, n: int, *, read: bool, others: bool
) -> dict[str, Variant]:
    """Decode ``n`` documents of ``ds`` in cursor batches, wrap them in each
    mapper's objects, and (``read``) read every field of each."""
    batches = cursor_batches(ds.make_docs(n))
    decode_all = bson.decode_all
    shape = shapes()[ds.key]
    read_dict = shape.dict_reader()

    def raw() -> object:
        docs = [doc for batch in batches for doc in decode_all(batch)]
        if read:
            for doc in docs:
                read_dict(doc)
        return docs

    def wrapped(make: Callable[[Any], Any], id_name: str) -> Callable[[], object]:
        read_obj = shape.object_reader(id_name)

        def run() -> object:
            objs = [make(doc) for batch in batches for doc in decode_all(batch)]
            if read:
                for obj in objs:
                    read_obj(obj)
            return objs

        return run

    variants = {
        RAW: Variant(raw),
        MAPPER: Variant(wrapped(ds.mapper.unwrap, "mongo_id")),
    }
    if others:
        variants[MONGOENGINE] = Variant(wrapped(ds.mongoengine._from_son, "id"))
        variants[PYDANTIC] = Variant(wrapped(ds.pydantic.model_validate, "id"))
    return variants


def load(plan: Plan, ds: DataSet, n: int, *, read: bool) -> Row:
    """Load (``read``: and read every field of) ``n`` documents."""
    variants = load_variants(ds, n, read=read, others=read)
    timings = measure_plan(plan, variants, n)
    targets = []
    if read and ds.key in _READ_TARGETS:
        targets.append(Target(RATIO, _READ_TARGETS[ds.key]))
    if read and ds.key != "large":
        targets.append(
            Target(times_slower(MONGOENGINE), ME_FACTOR, ">=", "MongoEngine >= 10x FM")
        )
    task = f"load {ds.name}" + (
        " + read every field" if read else ", no field read (deferred)"
    )
    row = Row.timed("in-process", task, n, timings, targets=targets)
    if read:
        both = {RAW: variants[RAW], MAPPER: variants[MAPPER]}
        off = measure_plan(plan, both, n, gc_paused=True)
        row.series[GC_OFF] = paired_ratios(off[MAPPER], off[RAW])
    return row


def scaling(plan: Plan, ds: DataSet, sizes: tuple[int, ...]) -> list[Row]:
    """Load + read every field at each size. Every size runs in every
    iteration, so the growth of the ratio from the first size to the last,
    ``(FM/raw at the last) / (FM/raw at the first)``, is paired within an
    iteration like any other ratio: a drift of the machine cancels out."""
    variants = {
        f"{name}@{n}": variant
        for n in sizes
        for name, variant in load_variants(ds, n, read=True, others=False).items()
    }
    got = measure_plan(plan, variants, 1)  # seconds per iteration
    per_n = {
        n: {
            name: Timing(n, got[f"{name}@{n}"].walls, got[f"{name}@{n}"].cpus)
            for name in (RAW, MAPPER)
        }
        for n in sizes
    }
    first, last = per_n[sizes[0]], per_n[sizes[-1]]
    growth = [
        statistics.median(
            (fm_last / raw_last) / (fm_first / raw_first)
            for fm_first, raw_first, fm_last, raw_last in zip(
                fm_f, raw_f, fm_l, raw_l, strict=True
            )
        )
        for fm_f, raw_f, fm_l, raw_l in zip(
            first[MAPPER].walls,
            first[RAW].walls,
            last[MAPPER].walls,
            last[RAW].walls,
            strict=True,
        )
    ]
    rows = [
        Row.timed("in-process", f"load {ds.name} + read every field, scaling", n, t)
        for n, t in per_n.items()
    ]
    summary = Row(
        "in-process",
        f"scaling: ratio at {sizes[-1]:,} / ratio at {sizes[0]:,}",
        sizes[-1],
        "us/doc",
        {k: v.wall for k, v in last.items()},
        series={RATIO: growth},
        targets=[Target(RATIO, 1.15, label="<= 1.15 (within 15 %)")],
    )
    return [*rows, summary]


def create_variants(ds: DataSet, n: int) -> dict[str, Variant]:
    """Make ``n`` objects from dicts and encode each as its save sends it."""
    docs = ds.make_docs(n)
    encode = bson.encode
    new_mapper, new_me, validate = ds.new_mapper, ds.new_mongoengine, ds.pydantic
    return {
        RAW: Variant(lambda: [encode(d) for d in docs]),
        MAPPER: Variant(lambda: [encode(new_mapper(d).wrap()) for d in docs]),
        MONGOENGINE: Variant(lambda: [_me_save_form(new_me(d)) for d in docs]),
        PYDANTIC: Variant(
            lambda: [encode(c.p_dump(validate.model_validate(d))) for d in docs]
        ),
    }


def create(plan: Plan, ds: DataSet, n: int) -> Row:
    """Create + encode: construction and encoding both timed."""
    timings = measure_plan(plan, create_variants(ds, n), n)
    targets = []
    if ds.key != "large":
        targets.append(
            Target(times_slower(PYDANTIC), 1.0, ">=", "faster than pydantic v2")
        )
    return Row.timed(
        "in-process", f"create + encode: {ds.name}", n, timings, targets=targets
    )


def _me_save_form(doc: Any) -> bytes:
    # What MongoEngine's save() does before it sends: validate, to_mongo.
    doc.validate()
    return bson.encode(doc.to_mongo())


def query_variants(n: int) -> dict[str, Variant]:
    """Build a 3-clause filter with a sort and a limit ``n`` times."""
    Book, MEBook = m.Book, c.MEBook

    def raw() -> object:
        out = None
        for _ in range(n):
            out = (
                {"year": {"$gte": 2000}, "tags": "databases", "author.name": "M"},
                [("year", -1)],
                20,
            )
        return out

    def mapper() -> object:
        out = None
        for _ in range(n):
            q = (
                Book.query.filter(
                    Book.year >= 2000, Book.tags == "databases", Book.author.name == "M"
                )
                .sort((Book.year, -1))
                .limit(20)
            )
            out = q.query
        return out

    def mongoengine() -> object:
        out = None
        for _ in range(n):
            q = (
                MEBook.objects(year__gte=2000, tags="databases", author__name="M")
                .order_by("-year")
                .limit(20)
            )
            out = q._query
        return out

    return {
        RAW: Variant(raw),
        MAPPER: Variant(mapper),
        MONGOENGINE: Variant(mongoengine),
    }


def query_build(plan: Plan, n: int) -> Row:
    """Build a query against the dict literal (target: at most 5x)."""
    # MongoEngine's querysets need a registered connection; nothing is
    # sent to this address (the client connects lazily).
    c.me_connect("mongodb://127.0.0.1:9/", "unused")
    try:
        timings = measure_plan(plan, query_variants(n), n)
    finally:
        c.me_disconnect()
    return Row.timed(
        "in-process",
        "build a 3-clause query + sort + limit",
        n,
        timings,
        targets=[Target(RATIO, 5.0)],
    )


def memory(plan: Plan, ds: DataSet, n: int, target: float | None) -> Row:
    """Bytes kept per document after loading ``n`` documents batch by batch
    and reading every field of each."""
    variants = load_variants(ds, n, read=True, others=True)
    kept: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(plan.repetitions):
        for name, variant in variants.items():
            kept[name].append(kept_memory(variant.run) / n)
    series = {RATIO: [a / b for a, b in zip(kept[MAPPER], kept[RAW], strict=True)]}
    for name in (MONGOENGINE, PYDANTIC):
        series[times_slower(name)] = [
            a / b for a, b in zip(kept[name], kept[MAPPER], strict=True)
        ]
    return Row(
        "in-process",
        f"memory kept, {n:,} {ds.name} loaded, every field read",
        n,
        "B/doc",
        {name: min(values) for name, values in kept.items()},
        series=series,
        targets=[] if target is None else [Target(RATIO, target)],
    )


Job = tuple[str, Callable[[], list[Row]]]


def _one(
    task: Callable[..., Row], *args: Any, **kwargs: Any
) -> Callable[[], list[Row]]:
    return lambda: [task(*args, **kwargs)]


def jobs(plan: Plan) -> list[Job]:
    """Every in-process task of the typed mapper, by id, in order."""
    sets = datasets()
    out: list[Job] = []
    for key, ds in sets.items():
        out.append((f"read-{key}", _one(load, plan, ds, plan.n[key], read=True)))
    for key in ("small", "nested"):
        ds = sets[key]
        out.append((f"load-{key}", _one(load, plan, ds, plan.n[key], read=False)))
    out.append(("scale", lambda: scaling(plan, sets["small"], plan.scaling)))
    for key, ds in sets.items():
        out.append((f"create-{key}", _one(create, plan, ds, plan.n[key])))
    out.append(("query", _one(query_build, plan, 200 if plan.quick else 2_000)))
    mem_n = 1_000 if plan.quick else 10_000
    out.append(("memory-small", _one(memory, plan, sets["small"], mem_n, None)))
    out.append(("memory-nested", _one(memory, plan, sets["nested"], mem_n // 10, 1.1)))
    return out


def run(plan: Plan, wanted: Callable[[str], bool]) -> list[Row]:
    """Every in-process task whose id ``wanted`` accepts, in order."""
    return [row for name, job in jobs(plan) if wanted(name) for row in job()]
