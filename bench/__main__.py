"""``python -m bench`` (or ``./dev bench``): run the suite, print the tables.

Options: ``--quick`` (tiny counts, one iteration: CI's smoke run, which
fails only on a crash), ``--check`` (exit 1 when a target is missed),
``--uri mongodb://...`` (a real MongoDB instead of the embedded server in a
child process), ``--tasks 'load-*,small-*'`` (task ids, shell patterns),
``--data DIR`` (the specification's data files), ``--no-server``,
``--json FILE`` (every figure, with the spec's percentiles).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
import time
from collections.abc import Callable

from . import data, floors, inprocess, kit, legacy, wire, workloads
from .report import (
    in_process_table,
    machine,
    server_table,
    target_results,
    targets_table,
)
from .server import ServerProcess


def _matcher(patterns: str | None) -> Callable[[str], bool]:
    if not patterns:
        return lambda name: True
    wanted = [p.strip() for p in patterns.split(",") if p.strip()]
    return lambda name: any(fnmatch.fnmatchcase(name, p) for p in wanted)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Flask-Mongo against raw PyMongo."
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny counts, one iteration (for CI)"
    )
    parser.add_argument(
        "--uri", help="a MongoDB to run the server tasks on (default: embedded)"
    )
    parser.add_argument(
        "--tasks", help="comma-separated task ids or patterns (default: all)"
    )
    parser.add_argument("--data", help="directory of the specification's data sets")
    parser.add_argument(
        "--no-server", action="store_true", help="run only the in-process tasks"
    )
    parser.add_argument("--json", help="also write every figure to this file")
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when a target is missed (ignored with --quick)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        help="repetitions per task (default: 3; the ratios are their median)",
    )
    args = parser.parse_args(argv)
    if args.data:
        data.set_data_dir(args.data)
    wanted = _matcher(args.tasks)
    started = time.perf_counter()

    print(f"Machine: {machine()}\n")
    plan = inprocess.Plan.make(args.quick)
    if args.repeat:
        plan.repetitions = args.repeat
    jobs = inprocess.jobs(plan) + legacy.jobs(plan) + kit.jobs(plan)
    check = _progress(wanted)
    rows = [row for name, job in jobs if check(name) for row in job()]
    if rows:
        print("## In process (per document; x FM = times slower than Flask-Mongo)\n")
        print(in_process_table(rows), "\n", flush=True)
    floor_rows = [
        row for name, job in floors.jobs(plan) if check(name) for row in job()
    ]
    if floor_rows:
        print("## Floors (information: the least a pure-Python mapper pays)\n")
        print(floors.table(floor_rows, rows), "\n", flush=True)

    server_rows = []
    if not args.no_server:
        server_plan = wire.Plan.make(args.quick)
        if args.repeat:
            server_plan.repetitions = args.repeat
        if args.uri:
            server_rows = wire.run(server_plan, args.uri, _progress(wanted))
            shapes = workloads.section(args.uri, args.quick, args.repeat, wanted=check)
            where = f"the MongoDB at {args.uri}"
        else:
            with ServerProcess() as uri:
                server_rows = wire.run(server_plan, uri, _progress(wanted))
                shapes = workloads.section(uri, args.quick, args.repeat, wanted=check)
            where = (
                "the embedded mongoeco server in a child process (absolute"
                " figures are not MongoDB's)"
            )
        if server_rows:
            print(f"## Through a server: {where}; per operation\n")
            print(server_table(server_rows), "\n")
        if shapes:
            print("## Query shapes (informational, no targets)\n")
            print(shapes, "\n")

    all_rows = rows + floor_rows + server_rows
    if all_rows:
        print("## Targets\n")
        print(targets_table(all_rows), "\n")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {"machine": machine(), "rows": [row.as_json() for row in all_rows]},
                out,
                indent=1,
            )
    mode = "quick" if args.quick else "full"
    print(f"{mode} run took {time.perf_counter() - started:.0f} s")
    missed = [(row, t) for row, t, met in target_results(all_rows) if not met]
    if args.check and args.quick:
        print("bench: --check ignored with --quick (tiny counts judge nothing)")
    elif args.check and missed:
        print(f"bench: {len(missed)} target(s) missed:", file=sys.stderr)
        for row, target in missed:
            median = row.stat(target.series)[0]
            print(
                f"  {row.task}: {target.describe()}, measured {median:.2f}",
                file=sys.stderr,
            )
        return 1
    return 0


def _progress(wanted: Callable[[str], bool]) -> Callable[[str], bool]:
    # Report each task on stderr as it starts, so a long run shows progress.
    def check(name: str) -> bool:
        if wanted(name):
            print(f"bench: {name}", file=sys.stderr, flush=True)
            return True
        return False

    return check


if __name__ == "__main__":
    sys.exit(main())
