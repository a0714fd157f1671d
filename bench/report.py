"""Results: rows, their targets, the printed tables and the check.

A :class:`Row` holds a figure per variant and, per repetition, the ratios
its targets are judged on (:attr:`Row.series`); a :class:`Target` names one
of those series, a bound and a direction. Every figure a target reads is
the median of the repetitions, printed with their min and max.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version

from .timing import Timing, paired_ratios

RAW = "pymongo"
MAPPER = "flask-mongo"
MONGOENGINE = "mongoengine"
PYDANTIC = "pydantic"

#: Series names: Flask-Mongo / raw (wall, or client CPU for server tasks).
RATIO = "ratio"
RATIO_CPU = "ratio cpu"
#: Flask-Mongo / raw with the garbage collector paused (information).
GC_OFF = "ratio, GC off"


def times_slower(other: str) -> str:
    """The series name of ``other / Flask-Mongo``."""
    return f"{other} x FM"


@dataclass(frozen=True)
class Target:
    """A bound on the median of one of a row's series."""

    series: str
    bound: float
    #: ``<=`` (a ceiling on a ratio) or ``>=`` (a floor on a speed-up).
    op: str = "<="
    #: How the target reads in the tables.
    label: str = ""

    def met(self, value: float) -> bool:
        """Whether ``value`` (the series' median) meets the target."""
        return value <= self.bound if self.op == "<=" else value >= self.bound

    def describe(self) -> str:
        """The target as the tables print it."""
        return self.label or f"{self.series} {self.op} {self.bound:g}"


@dataclass
class Row:
    """One task's result: a figure per variant (per document or
    operation), and the per-repetition series its targets are judged on."""

    section: str
    task: str
    n: int
    unit: str
    #: Wall time (seconds) or bytes, per document or operation.
    values: dict[str, float]
    #: CPU time of the client process per operation (server tasks).
    cpu: dict[str, float] = field(default_factory=dict)
    #: Per repetition: ratios (see RATIO, GC_OFF, times_slower) or others.
    series: dict[str, list[float]] = field(default_factory=dict)
    targets: list[Target] = field(default_factory=list)
    #: The iterations behind ``values`` (timed tasks).
    timings: dict[str, Timing] = field(default_factory=dict, repr=False)

    @classmethod
    def timed(
        cls,
        section: str,
        task: str,
        n: int,
        timings: dict[str, Timing],
        unit: str = "us/doc",
        targets: Iterable[Target] = (),
    ) -> Row:
        """A row from measured timings: the ratio to raw PyMongo (wall and
        CPU) and every other variant's ``x FM``, per repetition."""
        mine, raw = timings[MAPPER], timings[RAW]
        series = {
            RATIO: paired_ratios(mine, raw),
            RATIO_CPU: paired_ratios(mine, raw, cpu=True),
        }
        for name, timing in timings.items():
            if name not in (MAPPER, RAW):
                series[times_slower(name)] = paired_ratios(timing, mine)
                series[times_slower(name) + " cpu"] = paired_ratios(
                    timing, mine, cpu=True
                )
        return cls(
            section,
            task,
            n,
            unit,
            {name: t.wall for name, t in timings.items()},
            {name: t.cpu for name, t in timings.items()},
            series=series,
            targets=list(targets),
            timings=timings,
        )

    def stat(self, series: str) -> tuple[float, float, float]:
        """(median, min, max) of a series over the repetitions."""
        values = [v for v in self.series.get(series, []) if v == v]  # no NaN
        if not values:
            return math.nan, math.nan, math.nan
        return statistics.median(values), min(values), max(values)

    def as_json(self) -> dict[str, object]:
        """The row as plain data: medians, series, targets and, per
        variant, the wall time per operation at the spec's percentiles."""
        return {
            "section": self.section,
            "task": self.task,
            "n": self.n,
            "unit": self.unit,
            "values_in": "bytes" if self.unit == "B/doc" else "seconds",
            "values": self.values,
            "cpu": self.cpu,
            "series": self.series,
            "targets": [
                {
                    "target": t.describe(),
                    "median": self.stat(t.series)[0],
                    "met": t.met(self.stat(t.series)[0]),
                }
                for t in self.targets
            ],
            "percentiles": {
                name: timing.percentiles() for name, timing in self.timings.items()
            },
        }


def spread(row: Row, series: str, digits: int = 2) -> str:
    """``median (min-max)`` of a series, or ``-`` without one."""
    if series not in row.series:
        return "-"
    mid, low, high = row.stat(series)
    return f"{mid:.{digits}f} ({low:.{digits}f}-{high:.{digits}f})"


def _figure(value: float, unit: str) -> str:
    if unit == "B/doc":
        return f"{value:,.0f}"
    micro = value * 1e6
    return f"{micro:,.0f}" if micro >= 100 else f"{micro:.2f}"


def _value(row: Row, name: str, cpu: bool = False) -> str:
    values = row.cpu if cpu else row.values
    return _figure(values[name], row.unit) if name in values else "-"


def _other(row: Row, name: str, cpu: bool = False) -> str:
    values = row.cpu if cpu else row.values
    if name not in values:
        return "-"
    key = times_slower(name) + (" cpu" if cpu else "")
    if key not in row.series:  # untimed rows (memory): the plain quotient
        return (
            f"{_figure(values[name], row.unit)} ({values[name] / values[MAPPER]:.1f}x)"
        )
    return f"{_figure(values[name], row.unit)} ({row.stat(key)[0]:.1f}x)"


def _targets(row: Row) -> str:
    parts = []
    for target in row.targets:
        met = target.met(row.stat(target.series)[0])
        parts.append(f"{target.describe()} {'met' if met else 'MISSED'}")
    return "; ".join(parts) or "info"


def in_process_table(rows: Iterable[Row]) -> str:
    """The in-process tasks as a Markdown table."""
    lines = [
        "| task | N | unit | PyMongo | Flask-Mongo | ratio: median (min-max)"
        " | target | ratio, GC off | MongoEngine (x FM) | pydantic v2 (x FM) |",
        "|---|---:|---|---:|---:|---:|---|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.task} | {row.n:,} | {row.unit}"
            f" | {_value(row, RAW)} | {_value(row, MAPPER)}"
            f" | {spread(row, RATIO)} | {_targets(row)} | {spread(row, GC_OFF)}"
            f" | {_other(row, MONGOENGINE)} | {_other(row, PYDANTIC)} |"
        )
    return "\n".join(lines)


def server_table(rows: Iterable[Row]) -> str:
    """The tasks through a server as a Markdown table (wall and CPU)."""
    lines = [
        "| task | ops | PyMongo wall | FM wall | wall ratio | PyMongo CPU"
        " | FM CPU | CPU ratio: median (min-max) | target | others' CPU (x FM) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.task} | {row.n:,}"
            f" | {_value(row, RAW)} | {_value(row, MAPPER)} | {row.stat(RATIO)[0]:.2f}"
            f" | {_value(row, RAW, True)} | {_value(row, MAPPER, True)}"
            f" | {spread(row, RATIO_CPU)} | {_targets(row)}"
            f" | {_others(row)} |"
        )
    return "\n".join(lines)


def _others(row: Row) -> str:
    names = [name for name in row.cpu if name not in (RAW, MAPPER)]
    return "; ".join(f"{name} {_other(row, name, True)}" for name in names) or "-"


def target_results(rows: Iterable[Row]) -> list[tuple[Row, Target, bool]]:
    """Every target of every row, with whether its median meets it."""
    return [
        (row, target, target.met(row.stat(target.series)[0]))
        for row in rows
        for target in row.targets
    ]


def targets_table(rows: Iterable[Row]) -> str:
    """Every target: the median of the repetitions, their min and max."""
    lines = [
        "| row | target | median | min | max | |",
        "|---|---|---:|---:|---:|---|",
    ]
    for row, target, met in target_results(rows):
        mid, low, high = row.stat(target.series)
        lines.append(
            f"| {row.task} (N={row.n:,}) | {target.describe()}"
            f" | {mid:.2f} | {low:.2f} | {high:.2f} | {'met' if met else 'MISSED'} |"
        )
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
    packages = ", ".join(
        f"{name} {_version(name)}"
        for name in ("pymongo", "Flask", "mongoeco", "mongoengine", "pydantic")
    )
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores;"
        f" Python {sys.version.split()[0]}; {packages}"
    )
