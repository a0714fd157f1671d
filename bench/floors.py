"""What bounds the rows: the least any pure-Python mapper pays, measured.

A target such as "load + read every field <= 1.25x raw" is only reachable
if the least work an object mapper written in Python must do fits in it.
Each floor here does that least work, with the data sets and the timing of
the rows it bounds (same batches, GC on, median of the repetitions), and
nothing a real mapper needs besides (no change tracking, no error
messages, no projections, no hooks):

- load + read every field [``floor-read-small``, ``floor-read-nested``]:
  one object per document, and per embedded document, whose ``__dict__``
  *is* the decoded dict (``object.__new__`` and one ``__dict__`` store),
  then every attribute read: Python finds each in the instance dict
  without running any Python code.
- create + encode [``floor-create-small``, ``-typical``, ``-nested``]: a
  constructor compiled for the data set's shape, one exact type test per
  value (``type(v) is str``; each list item too; each embedded document
  checked and built the same way), the values stored in a new dict held by
  a new object, then ``bson.encode`` of that dict.
- query [``floor-query``]: the same chain as the ``query`` row,
  ``Q.query.filter(Q.year >= 2000, Q.tags == 'databases', Q.author.name ==
  'M').sort((Q.year, -1)).limit(20)``, on classes doing one Python call
  per step: a descriptor making the query, one comparison method per
  clause (an exact type test, then the dict), and ``filter`` / ``sort`` /
  ``limit`` storing their arguments.

Each floor row shows its ratio next to Flask-Mongo's from the same run
when that row ran too: the gap between them is what the mapper's own
work costs, the floor is what Python itself does.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any

import bson

from .datasets import DataSet, Shape, datasets, shapes
from .inprocess import Plan, cursor_batches
from .report import GC_OFF, MAPPER, RATIO, RAW, Row, spread
from .timing import Variant, measure_plan, paired_ratios

Job = tuple[str, Callable[[], list[Row]]]

#: The floor rows' section (their own table; they are never targets).
SECTION = "floor"
#: Each floor task and the Flask-Mongo row it bounds.
BOUNDS = {
    "floor-read-small": "load small + read every field",
    "floor-read-nested": "load nested + read every field",
    "floor-create-small": "create + encode: small",
    "floor-create-typical": "create + encode: typical (9 fields)",
    "floor-create-nested": "create + encode: nested",
    "floor-query": "build a 3-clause query + sort + limit",
}


class _Obj:
    """The least object per document: nothing but an instance dict."""


_new = object.__new__
_set_dict = object.__setattr__


def _wrapper(shape: Shape) -> Callable[[dict[str, Any]], Any]:
    """Wrap a decoded dict (and its embedded dicts) in objects whose
    ``__dict__`` is the dict itself (embedded ones replace their dicts)."""
    parts = [(key, _wrapper(sub), many) for key, _, sub, many in shape.parts]

    def wrap(doc: dict[str, Any]) -> Any:
        obj = _new(_Obj)
        _set_dict(obj, "__dict__", doc)
        for key, sub, many in parts:
            doc[key] = [sub(d) for d in doc[key]] if many else sub(doc[key])
        return obj

    return wrap


def _reader(shape: Shape) -> Callable[[Any], None]:
    # The floor's objects keep the stored keys: "_id" is read as "_id".
    get = attrgetter(*shape.keys)
    parts = [(key, _reader(sub), many) for key, _, sub, many in shape.parts]

    def read(obj: Any) -> None:
        get(obj)
        for key, sub, many in parts:
            value = getattr(obj, key)
            if many:
                for item in value:
                    sub(item)
            else:
                sub(value)

    return read


def read_variants(ds: DataSet, n: int) -> dict[str, Variant]:
    """Raw decode + dict reads against the floor's objects + attribute reads."""
    batches = cursor_batches(ds.make_docs(n))
    decode_all = bson.decode_all
    shape = shapes()[ds.key]
    read_dict, wrap, read_obj = shape.dict_reader(), _wrapper(shape), _reader(shape)

    def raw() -> object:
        docs = [doc for batch in batches for doc in decode_all(batch)]
        for doc in docs:
            read_dict(doc)
        return docs

    def floor() -> object:
        objs = [wrap(doc) for batch in batches for doc in decode_all(batch)]
        for obj in objs:
            read_obj(obj)
        return objs

    return {RAW: Variant(raw), MAPPER: Variant(floor)}


def compile_checker(sample: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    """A constructor for documents shaped like ``sample``: straight-line
    code, one exact type test per value (see the module docstring)."""
    env: dict[str, Any] = {"_new": _new, "_set_dict": _set_dict, "_Obj": _Obj}
    lines: list[str] = []
    counter = iter(range(1_000_000))

    def emit(doc: dict[str, Any], src: str, indent: str) -> str:
        out = f"_d{next(counter)}"
        lines.append(f"{indent}{out} = {{}}")
        for key, value in doc.items():
            v = f"_v{next(counter)}"
            lines.append(f"{indent}{v} = {src}[{key!r}]")
            if isinstance(value, dict):
                lines.append(f"{indent}{v} = {emit(value, v, indent)}")
            elif isinstance(value, list) and value and isinstance(value[0], dict):
                item, built = f"_i{next(counter)}", f"_l{next(counter)}"
                lines.append(f"{indent}{built} = []")
                lines.append(f"{indent}for {item} in {v}:")
                inner = emit(value[0], item, indent + "    ")
                lines.append(f"{indent}    {built}.append({inner})")
                lines.append(f"{indent}{v} = {built}")
            elif isinstance(value, list):
                kind = f"_t{next(counter)}"
                env[kind] = type(value[0]) if value else str
                lines.append(f"{indent}for _x in {v}:")
                lines.append(
                    f"{indent}    if type(_x) is not {kind}: raise TypeError({key!r})"
                )
            else:
                kind = f"_t{next(counter)}"
                env[kind] = type(value)
                lines.append(
                    f"{indent}if type({v}) is not {kind}: raise TypeError({key!r})"
                )
            lines.append(f"{indent}{out}[{key!r}] = {v}")
        obj = f"_o{next(counter)}"
        lines.append(f"{indent}{obj} = _new(_Obj)")
        lines.append(f"{indent}_set_dict({obj}, '__dict__', {out})")
        return out

    result = emit(sample, "doc", "    ")
    source = "def make(doc):\n" + "\n".join(lines) + f"\n    return {result}\n"
    exec(compile(source, "<floor constructor>", "exec"), env)
    make: Callable[[dict[str, Any]], Any] = env["make"]
    return make


def create_variants(ds: DataSet, n: int) -> dict[str, Variant]:
    """Raw encode against the floor's checked build + encode."""
    docs = ds.make_docs(n)
    encode = bson.encode
    make = compile_checker(docs[0])
    return {
        RAW: Variant(lambda: [encode(d) for d in docs]),
        MAPPER: Variant(lambda: [encode(make(d)) for d in docs]),
    }


class _Field:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __ge__(self, value: object) -> dict[str, Any]:
        if type(value) is not int:
            raise TypeError(self.name)
        return {self.name: {"$gte": value}}

    def __eq__(self, value: object) -> dict[str, Any]:  # type: ignore[override]
        if type(value) is not str:
            raise TypeError(self.name)
        return {self.name: value}

    __hash__ = object.__hash__


class _Query:
    __slots__ = ("filter_", "limit_", "sort_")

    def filter(self, *clauses: dict[str, Any]) -> _Query:
        built: dict[str, Any] = {}
        for clause in clauses:
            built.update(clause)
        self.filter_ = built
        return self

    def sort(self, *spec: tuple[_Field, int]) -> _Query:
        self.sort_ = [(f.name, d) for f, d in spec]
        return self

    def limit(self, n: int) -> _Query:
        self.limit_ = n
        return self


class _QueryMaker:
    def __get__(self, obj: object, owner: type | None = None) -> _Query:
        return _Query()


class _Author:
    name = _Field("author.name")


class _Book:
    query = _QueryMaker()
    year, tags, author = _Field("year"), _Field("tags"), _Author


def query_variants(n: int) -> dict[str, Variant]:
    """The dict literal against the floor's query chain."""
    Q = _Book

    def raw() -> object:
        out = None
        for _ in range(n):
            out = (
                {"year": {"$gte": 2000}, "tags": "databases", "author.name": "M"},
                [("year", -1)],
                20,
            )
        return out

    def floor() -> object:
        out = None
        for _ in range(n):
            q = (
                Q.query.filter(
                    Q.year >= 2000, Q.tags == "databases", Q.author.name == "M"
                )
                .sort((Q.year, -1))
                .limit(20)
            )
            out = q.filter_
        return out

    return {RAW: Variant(raw), MAPPER: Variant(floor)}


def _row(
    plan: Plan, task: str, variants: dict[str, Variant], n: int, gc_off: bool = False
) -> list[Row]:
    timings = measure_plan(plan, variants, n)
    row = Row.timed(SECTION, task, n, timings)
    if gc_off:  # how much of the floor is the collector's
        off = measure_plan(plan, variants, n, gc_paused=True)
        row.series[GC_OFF] = paired_ratios(off[MAPPER], off[RAW])
    return [row]


def jobs(plan: Plan) -> list[Job]:
    """The floor tasks, by id."""
    sets = datasets()

    def job(task: str, make: Callable[[], dict[str, Variant]], n: int) -> Job:
        gc_off = task.startswith("floor-read")
        return task, lambda: _row(plan, task, make(), n, gc_off=gc_off)

    out: list[Job] = []
    for key in ("small", "nested"):
        ds, n = sets[key], plan.n[key]
        out.append(job(f"floor-read-{key}", partial(read_variants, ds, n), n))
    for key in ("small", "typical", "nested"):
        ds, n = sets[key], plan.n[key]
        out.append(job(f"floor-create-{key}", partial(create_variants, ds, n), n))
    n = 200 if plan.quick else 2_000
    out.append(job("floor-query", partial(query_variants, n), n))
    return out


def table(floors: list[Row], rows: list[Row]) -> str:
    """The floor rows as a Markdown table, each beside the ratio of the
    Flask-Mongo row it bounds (when that row ran)."""
    mine = {row.task: row for row in rows}
    lines = [
        "| floor (task) | bounds the row | raw | floor | floor ratio: median (min-max)"
        " | floor, GC off | Flask-Mongo ratio |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in floors:
        bounded = BOUNDS[row.task]
        ours = mine.get(bounded)
        lines.append(
            f"| {row.task} | {bounded} | {row.values[RAW] * 1e6:,.2f}"
            f" | {row.values[MAPPER] * 1e6:,.2f} | {spread(row, RATIO)}"
            f" | {spread(row, GC_OFF)}"
            f" | {spread(ours, RATIO) if ours is not None else '-'} |"
        )
    return "\n".join(lines)
