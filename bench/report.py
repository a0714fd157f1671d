"""Results: rows, the printed tables and the targets of issue 5."""

from __future__ import annotations

import platform
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .timing import Timing, paired_ratio

RAW = "pymongo"
MAPPER = "flask-mongo"
MONGOENGINE = "mongoengine"
PYDANTIC = "pydantic"


@dataclass
class Row:
    """One task's result: a figure per variant (per document or operation)."""

    section: str
    task: str
    n: int
    unit: str
    #: Wall time (seconds) or bytes, per document or operation.
    values: dict[str, float]
    #: CPU time of the client process per operation (server tasks).
    cpu: dict[str, float] = field(default_factory=dict)
    #: The issue's ceiling for Flask-Mongo / PyMongo, if it sets one.
    target: float | None = None
    #: The ceiling applies to the CPU ratio rather than the wall ratio.
    target_on_cpu: bool = False
    #: Loading tasks: how many times faster than each other mapper.
    faster_than: dict[str, float] = field(default_factory=dict)
    #: Flask-Mongo / PyMongo with the garbage collector running.
    gc_ratio: float | None = None
    #: The iterations behind ``values`` (timed tasks).
    timings: dict[str, Timing] = field(default_factory=dict, repr=False)

    def as_json(self) -> dict[str, object]:
        """The row as plain data: medians and, per variant, the wall time
        per operation at the spec's percentiles."""
        return {
            "section": self.section,
            "task": self.task,
            "n": self.n,
            "unit": self.unit,
            "values_in": "bytes" if self.unit == "B/doc" else "seconds",
            "values": self.values,
            "cpu": self.cpu,
            "ratio": self.ratio(self.target_on_cpu),
            "target": self.target,
            "percentiles": {
                name: timing.percentiles() for name, timing in self.timings.items()
            },
        }

    def ratio(self, cpu: bool = False) -> float:
        """Flask-Mongo / raw PyMongo (per iteration, then the median)."""
        return self.against(RAW, cpu) ** -1

    def against(self, other: str, cpu: bool = False) -> float:
        """How many times ``other`` is slower than Flask-Mongo."""
        if self.timings:
            return paired_ratio(self.timings[other], self.timings[MAPPER], cpu)
        values = self.cpu if cpu else self.values
        return values[other] / values[MAPPER]


def _figure(value: float, unit: str) -> str:
    if unit == "B/doc":
        return f"{value:,.0f}"
    micro = value * 1e6
    return f"{micro:,.0f}" if micro >= 100 else f"{micro:.2f}"


def _other(row: Row, name: str, cpu: bool = False) -> str:
    values = row.cpu if cpu else row.values
    if name not in values:
        return "-"
    return f"{_figure(values[name], row.unit)} ({row.against(name, cpu):.1f}x)"


def _target(row: Row, cpu: bool) -> str:
    if row.target is None or row.target_on_cpu != cpu:
        return ""
    met = row.ratio(cpu) <= row.target
    return f"<= {row.target} {'met' if met else 'MISSED'}"


def in_process_table(rows: Iterable[Row]) -> str:
    """The in-process tasks as a Markdown table."""
    lines = [
        "| task | N | unit | PyMongo | Flask-Mongo | ratio | target | ratio, GC on"
        " | MongoEngine (x FM) | pydantic v2 (x FM) |",
        "|---|---:|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        gc_ratio = "" if row.gc_ratio is None else f"{row.gc_ratio:.2f}"
        lines.append(
            f"| {row.task} | {row.n:,} | {row.unit}"
            f" | {_figure(row.values[RAW], row.unit)}"
            f" | {_figure(row.values[MAPPER], row.unit)}"
            f" | {row.ratio():.2f} | {_target(row, False)} | {gc_ratio}"
            f" | {_other(row, MONGOENGINE)} | {_other(row, PYDANTIC)} |"
        )
    return "\n".join(lines)


def server_table(rows: Iterable[Row]) -> str:
    """The tasks through a server as a Markdown table (wall and CPU)."""
    lines = [
        "| task | ops | PyMongo wall | FM wall | wall ratio | PyMongo CPU"
        " | FM CPU | CPU ratio | target | MongoEngine CPU (x FM) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.task} | {row.n:,}"
            f" | {_figure(row.values[RAW], row.unit)}"
            f" | {_figure(row.values[MAPPER], row.unit)} | {row.ratio():.2f}"
            f" | {_figure(row.cpu[RAW], row.unit)}"
            f" | {_figure(row.cpu[MAPPER], row.unit)} | {row.ratio(True):.2f}"
            f" | {_target(row, True)} | {_other(row, MONGOENGINE, True)} |"
        )
    return "\n".join(lines)


#: Loading tasks must beat these mappers by these factors.
LOAD_FACTORS = {MONGOENGINE: 10.0, PYDANTIC: 3.0}


def targets(rows: list[Row]) -> list[tuple[str, str, bool]]:
    """Every target of the issue: (what, measured, met)."""
    found: list[tuple[str, str, bool]] = []
    for row in rows:
        if row.target is not None:
            ratio = row.ratio(row.target_on_cpu)
            kind = "CPU ratio" if row.target_on_cpu else "ratio"
            found.append(
                (
                    f"{row.task} (N={row.n:,}): {kind} <= {row.target}",
                    f"{ratio:.2f}",
                    ratio <= row.target,
                )
            )
        for other, factor in row.faster_than.items():
            if other in row.values:
                times = row.against(other)
                # Also each mapper's own cost: what it adds to decoding.
                # (Medians of separate samples: a cost within noise of zero
                # can come out below it, and is shown as 0.)
                floor = row.values[RAW]
                ours = max(row.values[MAPPER] - floor, 0.0) * 1e6
                theirs = max(row.values[other] - floor, 0.0) * 1e6
                found.append(
                    (
                        f"{row.task}: >= {factor:g}x faster than {other}",
                        f"{times:.1f}x (adds {theirs:.2f} us/doc to decoding,"
                        f" Flask-Mongo {ours:.2f})",
                        times >= factor,
                    )
                )
    return found


def targets_table(rows: list[Row]) -> str:
    lines = ["| target | measured | |", "|---|---:|---|"]
    for what, measured, met in targets(rows):
        lines.append(f"| {what} | {measured} | {'met' if met else 'MISSED'} |")
    return "\n".join(lines)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> str:
    """The machine and versions a run used, as one paragraph."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    import os

    packages = ", ".join(
        f"{name} {_version(name)}"
        for name in ("pymongo", "Flask", "mongoeco", "mongoengine", "pydantic")
    )
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores;"
        f" Python {sys.version.split()[0]}; {packages}"
    )
