"""Tasks without a server: loading, encoding, query building, memory.

What each side does, per document:

- load: PyMongo decodes one BSON batch (as a server reply carries it) into
  dicts with ``bson.decode_all``; that is the floor. Flask-Mongo decodes the
  same batch and wraps each dict with ``Model.unwrap`` (what iterating
  ``Model.query`` does); MongoEngine with ``Document._from_son``; pydantic
  with ``Model.model_validate``.
- load + read: the same, then every field is read once (embedded documents
  and list items too): ``d[key]`` against ``getattr(obj, name)``, so that
  Flask-Mongo's lazy conversion is counted, not hidden.
- to BSON: new objects (made beforehand) become BSON as their save would
  send it: ``bson.encode(dict)`` against ``bson.encode(doc.wrap())``;
  MongoEngine ``validate()`` + ``to_mongo()``; pydantic ``model_dump()``.
- create + BSON: the same, with the object made from a dict inside the
  timed part (every value validated).
- query: a 3-clause filter with a sort and a limit, built into its filter
  dict; PyMongo's side is the dict literal.
- memory: peak bytes (tracemalloc) while 10k documents are decoded and
  kept, as dicts or as loaded objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

import bson

from . import competitors as c
from . import data
from . import models as m
from .report import LOAD_FACTORS, MAPPER, MONGOENGINE, PYDANTIC, RAW, Row
from .timing import Timing, Variant, measure_plan, paired_ratio, peak_memory


@dataclass
class Plan:
    """How much to run: document counts and iterations."""

    quick: bool
    min_iterations: int
    max_iterations: int
    budget: float
    #: Documents per iteration, by data set.
    n: dict[str, int]
    #: The document counts of the scaling task.
    scaling: tuple[int, ...]

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 1, 1, 0.0, _QUICK_N, (100, 1_000))
        return cls(False, 5, 30, 2.0, _FULL_N, (1_000, 10_000, 100_000))


_FULL_N = {"small": 10_000, "typical": 10_000, "nested": 1_000, "large": 20}
_QUICK_N = {"small": 200, "typical": 200, "nested": 50, "large": 2}


# -- the data sets, as each library sees them ------------------------------


@dataclass
class Shape:
    """How to read every field of a data set's documents: stored keys for
    dicts, attribute names for objects, and the embedded parts."""

    keys: tuple[str, ...]
    names: tuple[str, ...]
    #: (stored key, attribute, shape, is a list) of embedded documents.
    parts: tuple[tuple[str, str, Shape, bool], ...] = ()

    def dict_reader(self) -> Callable[[dict[str, Any]], None]:
        get = itemgetter(*self.keys)
        parts = [(k, s.dict_reader(), many) for k, _, s, many in self.parts]

        def read(doc: dict[str, Any]) -> None:
            get(doc)
            for key, sub, many in parts:
                if many:
                    for item in doc[key]:
                        sub(item)
                else:
                    sub(doc[key])

        return read

    def object_reader(self, id_name: str = "mongo_id") -> Callable[[Any], None]:
        # The id's attribute: mongo_id (Flask-Mongo), id (the others).
        get = attrgetter(*(id_name if n == "mongo_id" else n for n in self.names))
        parts = [(n, s.object_reader(), many) for _, n, s, many in self.parts]

        def read(obj: Any) -> None:
            get(obj)
            for name, sub, many in parts:
                if many:
                    for item in getattr(obj, name):
                        sub(item)
                else:
                    sub(getattr(obj, name))

        return read


def _flat(keys: list[str]) -> Shape:
    return Shape(tuple(keys), tuple(keys))


def _stored(keys: list[str]) -> Shape:
    # Top-level documents: "_id" is mongo_id (Flask-Mongo) / id (the others).
    return Shape(("_id", *keys), ("mongo_id", *keys))


def _shapes() -> dict[str, Shape]:
    str15 = _flat([f"field{i}" for i in range(1, 16)])
    nested_parts: list[tuple[str, str, Shape, bool]] = []
    for key in data.nested():
        nested_parts.append((key, key, str15, key == "embedded_str_doc_array"))
    int_parts = {f"embedded_int_doc_{i}" for i in range(8, 15)}
    nested_parts = [
        (k, n, _flat([f"field{i}" for i in range(1, 16)]) if k in int_parts else s, a)
        for k, n, s, a in nested_parts
    ]
    book = _stored(["title", "year", "price", "published", "tags", "in_stock", "isbn"])
    book.parts = (("author", "author", _flat(["name", "born"]), False),)
    nested = _stored([])
    nested.parts = tuple(nested_parts)
    return {
        "small": _stored(list(data.small())),
        "typical": book,
        "nested": nested,
        "large": _stored(list(data.large())),
    }


@dataclass
class DataSet:
    key: str
    name: str
    #: Stored documents, each with its own _id.
    make_docs: Callable[[int], list[dict[str, Any]]]
    mapper: Any
    new_mapper: Callable[[dict[str, Any]], Any]
    mongoengine: Any
    new_mongoengine: Callable[[dict[str, Any]], Any]
    pydantic: Any


def _datasets() -> dict[str, DataSet]:
    return {
        "small": DataSet(
            "small",
            "small",
            lambda n: data.with_ids(data.small(), n),
            m.SmallDoc,
            lambda d: m.new_flat(m.SmallDoc, d),
            c.MESmall,
            lambda d: c.me_new_flat(c.MESmall, d),
            c.PSmall,
        ),
        "typical": DataSet(
            "typical",
            "typical (9 fields)",
            lambda n: [data.typical(i) for i in range(n)],
            m.Book,
            m.new_book,
            c.MEBook,
            c.me_new_book,
            c.PBook,
        ),
        "nested": DataSet(
            "nested",
            "nested",
            lambda n: data.with_ids(data.nested(), n),
            m.NestedDoc,
            m.new_nested,
            c.MENested,
            c.me_new_nested,
            c.PNested,
        ),
        "large": DataSet(
            "large",
            "large (251 fields)",
            lambda n: data.with_ids(data.large(), n),
            m.LargeDoc,
            lambda d: m.new_flat(m.LargeDoc, d),
            c.MELarge,
            lambda d: c.me_new_flat(c.MELarge, d),
            c.PLarge,
        ),
    }


# -- the tasks ---------------------------------------------------------------


def _row(task: str, n: int, timings: dict[str, Timing], **extra: Any) -> Row:
    return Row(
        "in-process",
        task,
        n,
        "us/doc",
        {name: t.wall for name, t in timings.items()},
        {name: t.cpu for name, t in timings.items()},
        timings=timings,
        **extra,
    )


def _measure(
    plan: Plan, variants: dict[str, Variant], n: int, gc_paused: bool = True
) -> dict[str, Timing]:
    return measure_plan(plan, variants, n, gc_paused=gc_paused)


def load(
    plan: Plan, ds: DataSet, n: int, *, read: bool = False, others: bool = True
) -> Row:
    batch = data.batch(ds.make_docs(n))
    decode_all = bson.decode_all
    unwrap = ds.mapper.unwrap
    from_son = ds.mongoengine._from_son
    validate = ds.pydantic.model_validate
    shape = _shapes()[ds.key]
    read_dict = shape.dict_reader() if read else None

    def raw() -> object:
        docs = decode_all(batch)
        if read_dict is not None:
            for doc in docs:
                read_dict(doc)
        return docs

    def wrapped(make: Callable[[Any], Any], id_name: str) -> Callable[[], object]:
        read_obj = shape.object_reader(id_name) if read else None

        def run() -> object:
            objs = [make(doc) for doc in decode_all(batch)]
            if read_obj is not None:
                for obj in objs:
                    read_obj(obj)
            return objs

        return run

    variants = {RAW: Variant(raw), MAPPER: Variant(wrapped(unwrap, "mongo_id"))}
    if others:
        variants[MONGOENGINE] = Variant(wrapped(from_son, "id"))
        variants[PYDANTIC] = Variant(wrapped(validate, "id"))
    timings = _measure(plan, variants, n)
    task = f"load {ds.name}" + (" + read every field" if read else "")
    if not others:
        task += ", scaling"
    beat = dict(LOAD_FACTORS) if others and not read else {}
    row = _row(task, n, timings, faster_than=beat)
    if not read:
        # The same with the garbage collector running during the timed part.
        both = {RAW: variants[RAW], MAPPER: variants[MAPPER]}
        with_gc = _measure(plan, both, n, gc_paused=False)
        row.gc_ratio = paired_ratio(with_gc[MAPPER], with_gc[RAW])
    return row


def to_bson(plan: Plan, ds: DataSet, n: int, *, create: bool = False) -> Row:
    docs = ds.make_docs(n)
    encode = bson.encode
    if create:
        # The object is made from the dict inside the timed part.
        variants = {
            RAW: Variant(lambda: [encode(d) for d in docs]),
            MAPPER: Variant(lambda: [encode(ds.new_mapper(d).wrap()) for d in docs]),
            MONGOENGINE: Variant(
                lambda: [_me_save_form(ds.new_mongoengine(d)) for d in docs]
            ),
            PYDANTIC: Variant(
                lambda: [encode(c.p_dump(ds.pydantic.model_validate(d))) for d in docs]
            ),
        }
    else:
        objs = [ds.new_mapper(d) for d in docs]
        me_objs = [ds.new_mongoengine(d) for d in docs]
        p_objs = [ds.pydantic.model_validate(d) for d in docs]
        variants = {
            RAW: Variant(lambda: [encode(d) for d in docs]),
            MAPPER: Variant(lambda: [encode(o.wrap()) for o in objs]),
            MONGOENGINE: Variant(lambda: [_me_save_form(o) for o in me_objs]),
            PYDANTIC: Variant(lambda: [encode(c.p_dump(o)) for o in p_objs]),
        }
    timings = _measure(plan, variants, n)
    task = f"{'create + BSON' if create else 'objects -> BSON'}: {ds.name}"
    return _row(task, n, timings, target=None if create else 1.3)


def _me_save_form(doc: Any) -> bytes:
    # What MongoEngine's save() does before it sends: validate, to_mongo.
    doc.validate()
    return bson.encode(doc.to_mongo())


def query_build(plan: Plan, n: int) -> Row:
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

    # MongoEngine's querysets need a registered connection; nothing is
    # sent to this address (the client connects lazily).
    c.me_connect("mongodb://127.0.0.1:9/", "unused")
    try:
        timings = _measure(
            plan,
            {
                RAW: Variant(raw),
                MAPPER: Variant(mapper),
                MONGOENGINE: Variant(mongoengine),
            },
            n,
        )
    finally:
        c.me.disconnect()
    return _row("build a 3-clause query + sort + limit", n, timings)


def memory(ds: DataSet, n: int) -> Row:
    batch = data.batch(ds.make_docs(n))
    decode_all = bson.decode_all
    unwrap = ds.mapper.unwrap
    from_son = ds.mongoengine._from_son
    validate = ds.pydantic.model_validate
    values = {
        RAW: peak_memory(lambda: decode_all(batch)) / n,
        MAPPER: peak_memory(lambda: [unwrap(d) for d in decode_all(batch)]) / n,
        MONGOENGINE: peak_memory(lambda: [from_son(d) for d in decode_all(batch)]) / n,
        PYDANTIC: peak_memory(lambda: [validate(d) for d in decode_all(batch)]) / n,
    }
    return Row(
        "in-process",
        f"peak memory, {n:,} loaded {ds.name}",
        n,
        "B/doc",
        values,
        target=1.5 if ds.name == "small" else None,
    )


def run(plan: Plan, wanted: Callable[[str], bool]) -> list[Row]:
    """Every in-process task whose name ``wanted`` accepts, in order."""
    sets = _datasets()
    rows: list[Row] = []
    jobs: list[tuple[str, Callable[[], Row]]] = []
    for key, ds in sets.items():
        n = plan.n[key]
        target = 1.25 if key in ("small", "nested") else None
        jobs.append(
            (f"load-{key}", _with_target(lambda ds=ds, n=n: load(plan, ds, n), target))
        )
    for key, ds in sets.items():
        n = plan.n[key]
        jobs.append((f"read-{key}", lambda ds=ds, n=n: load(plan, ds, n, read=True)))
    for key, ds in sets.items():
        n = plan.n[key]
        jobs.append((f"bson-{key}", lambda ds=ds, n=n: to_bson(plan, ds, n)))
    for key, ds in sets.items():
        n = plan.n[key]
        jobs.append(
            (f"create-{key}", lambda ds=ds, n=n: to_bson(plan, ds, n, create=True))
        )
    jobs.append(("query", lambda: query_build(plan, 200 if plan.quick else 2_000)))
    for n in plan.scaling:
        jobs.append(
            (f"scale-{n}", lambda n=n: load(plan, sets["small"], n, others=False))
        )
    mem_n = 1_000 if plan.quick else 10_000
    jobs.append(("memory-small", lambda: memory(sets["small"], mem_n)))
    jobs.append(("memory-nested", lambda: memory(sets["nested"], mem_n // 10)))
    for name, job in jobs:
        if wanted(name):
            rows.append(job())
    return rows


def _with_target(job: Callable[[], Row], target: float | None) -> Callable[[], Row]:
    def run() -> Row:
        row = job()
        row.target = target
        return row

    return run
