"""``python -m bench.profile TASK``: where one variant of a task spends its time.

Runs the Flask-Mongo variant (``--variant`` for another) of an in-process
task under cProfile, GC on as in the timed runs, and prints the functions
by own time with their share of the total, so a change starts from the
figures. Tasks: ``read-KEY``, ``load-KEY``, ``create-KEY`` (KEY: small,
typical, nested, large), ``query``, ``kit-create-KEY`` and ``kit-read-KEY``
(KEY: small, nested).

::

    ./dev bench --quick        # once, to install the other mappers
    .venv/bin/python -m bench.profile create-nested --top 15
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys

from . import competitors as c
from . import inprocess, kit, legacy
from .datasets import datasets
from .report import MAPPER
from .timing import Variant


def variants(task: str, n: int | None) -> dict[str, Variant]:
    """The variants of ``task`` (``kit-*`` tasks need
    :func:`bench.kit.app_context`)."""
    kind, _, key = task.rpartition("-")
    sets = datasets()
    if kind.startswith("ma-"):  # the Flask-MongoAlchemy front-end's classes
        kind, sets = kind[3:], legacy.legacy_datasets()
    size = n or inprocess.Plan.make(False).n.get(key, 2_000)
    if task == "query":
        c.me_connect("mongodb://127.0.0.1:9/", "unused")
        return inprocess.query_variants(n or 2_000)
    if kind in ("read", "load"):
        return inprocess.load_variants(
            sets[key], size, read=kind == "read", others=True
        )
    if kind == "create":
        return inprocess.create_variants(sets[key], size)
    if kind == "kit-create":
        return kit.validate_variants(key, size)
    if kind == "kit-read":
        return kit.read_variants(key, size)
    raise SystemExit(f"bench.profile: no task {task!r} (see the module doc)")


def main(argv: list[str] | None = None) -> int:
    """Profile one variant of one task; print the top functions."""
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("task", help="read-nested, create-small, query, ...")
    parser.add_argument("--variant", default=MAPPER, help="default: flask-mongo")
    parser.add_argument("-n", type=int, help="documents (default: the full run's)")
    parser.add_argument("--top", type=int, default=20, help="functions shown")
    parser.add_argument("--repeat", type=int, default=3, help="iterations profiled")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        if args.task.startswith("kit-"):
            stack.enter_context(kit.app_context())
        found = variants(args.task, args.n)
        variant = found[args.variant]
        variant.run()  # warm-up
        profiler = cProfile.Profile()
        for _ in range(args.repeat):
            profiler.runcall(variant.run)
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(
        stats.stats.items(),  # type: ignore[attr-defined]
        key=lambda item: item[1][2],
        reverse=True,
    )
    print(f"{args.task}, {args.variant}: {total:.3f} s in {args.repeat} iterations")
    print("  own %   own s   cum s    calls  function")
    for (path, line, name), (_, calls, own, cum, _) in rows[: args.top]:
        where = f"{path.rsplit('/src/', 1)[-1]}:{line}({name})"
        print(f"{own / total:6.1%} {own:7.3f} {cum:7.3f} {calls:8d}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
