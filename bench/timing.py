"""Measuring: repetitions of timed iterations, wall and CPU time, memory.

As the ODM benchmark specification asks, an iteration runs many operations
and is timed as a whole. A task runs in **repetitions** (3 in the full run):
each repetition is a block of iterations in which the variants (raw
PyMongo, Flask-Mongo, the others) take turns, the first one rotating, so a
slow moment of the machine hits them alike. A repetition's ratio is the
median of its per-iteration ratios; a row reports the median of the
repetitions' ratios with their min and max, so the spread a single run
would hide is printed next to the figure.

The garbage collector **runs** during the timed part, as it does in an
application: each object a mapper allocates per document is one more for
it to track and traverse, and that is part of what a user pays. (It is
collected between iterations, so one iteration's garbage is not charged to
the next.) ``gc_paused=True`` measures the GC-off figure some rows show as
information.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

#: The percentiles recorded besides the median (the spec's list).
PERCENTILES = (10, 25, 50, 75, 90, 95, 98, 99)


@dataclass
class Variant:
    """One way of doing a task's operations.

    ``run`` does one iteration (``ops`` operations) and is timed; ``before``,
    if given, prepares it (drops a collection, makes fresh objects) and is
    not timed.
    """

    run: Callable[[], object]
    before: Callable[[], object] | None = None


@dataclass
class Timing:
    """The iterations of one variant, in repetitions: seconds per
    iteration, wall and CPU."""

    ops: int
    walls: list[list[float]] = field(default_factory=list)
    cpus: list[list[float]] = field(default_factory=list)

    @property
    def wall(self) -> float:
        """Median wall time per operation over every iteration, in seconds."""
        return statistics.median(_flat(self.walls)) / self.ops

    @property
    def cpu(self) -> float:
        """Median CPU time of this process per operation, in seconds."""
        return statistics.median(_flat(self.cpus)) / self.ops

    def samples(self, cpu: bool = False) -> list[list[float]]:
        """Seconds per iteration, by repetition, in the order run."""
        return self.cpus if cpu else self.walls

    def rep_medians(self, cpu: bool = False) -> list[float]:
        """Median seconds per operation of each repetition."""
        return [statistics.median(rep) / self.ops for rep in self.samples(cpu)]

    def percentiles(self) -> dict[int, float]:
        """Wall time per operation at the spec's percentiles (nearest rank)."""
        ordered = sorted(_flat(self.walls))
        n = len(ordered)
        return {
            p: ordered[max(int(n * p / 100) - 1, 0)] / self.ops for p in PERCENTILES
        }


def _flat(reps: list[list[float]]) -> list[float]:
    return [x for rep in reps for x in rep]


def paired_ratios(mine: Timing, base: Timing, cpu: bool = False) -> list[float]:
    """``mine / base`` for each repetition: the median of its per-iteration
    ratios (each iteration ran both back to back, so a drift of the
    machine's speed between iterations cancels out)."""
    found = []
    for a_rep, b_rep in zip(mine.samples(cpu), base.samples(cpu), strict=True):
        # A clock too coarse for a tiny iteration (--quick) can read 0.
        ratios = [a / b for a, b in zip(a_rep, b_rep, strict=True) if b > 0]
        found.append(statistics.median(ratios) if ratios else math.nan)
    return found


class Iterations(Protocol):
    """How long to measure: what every plan (in process, server) says."""

    repetitions: int
    min_iterations: int
    max_iterations: int
    budget: float


def measure_plan(
    plan: Iterations,
    variants: Mapping[str, Variant],
    ops: int,
    *,
    gc_paused: bool = False,
    repetitions: int | None = None,
) -> dict[str, Timing]:
    """:func:`measure` with the repetitions and iteration limits of ``plan``."""
    return measure(
        variants,
        ops,
        repetitions=plan.repetitions if repetitions is None else repetitions,
        min_iterations=plan.min_iterations,
        max_iterations=plan.max_iterations,
        budget=plan.budget,
        gc_paused=gc_paused,
    )


def measure(
    variants: Mapping[str, Variant],
    ops: int,
    *,
    repetitions: int,
    min_iterations: int,
    max_iterations: int,
    budget: float,
    gc_paused: bool = False,
) -> dict[str, Timing]:
    """Run ``repetitions`` blocks of ``min_iterations`` to
    ``max_iterations`` iterations of every variant, each block stopping
    once ``budget`` seconds have gone by (after its minimum).

    One untimed warm-up iteration of each variant comes first. With
    ``gc_paused``, the garbage collector does not run during the timed part.
    """
    names = list(variants)
    timings = {name: Timing(ops) for name in names}
    for name in names:
        _once(variants[name], gc_paused)
    for _ in range(repetitions):
        for timing in timings.values():
            timing.walls.append([])
            timing.cpus.append([])
        started = time.perf_counter()
        iteration = 0
        while iteration < max_iterations and (
            iteration < min_iterations or time.perf_counter() - started < budget
        ):
            shift = iteration % len(names)
            for name in names[shift:] + names[:shift]:
                wall, cpu = _once(variants[name], gc_paused)
                timings[name].walls[-1].append(wall)
                timings[name].cpus[-1].append(cpu)
            iteration += 1
    return timings


def _once(variant: Variant, gc_paused: bool) -> tuple[float, float]:
    if variant.before is not None:
        variant.before()
    # The previous iteration's garbage is collected outside the timed part.
    gc.collect()
    if gc_paused:
        gc.disable()
    try:
        cpu0 = time.process_time()
        wall0 = time.perf_counter()
        result = variant.run()
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
    finally:
        gc.enable()
    del result
    return wall, cpu


def kept_memory(make: Callable[[], Any]) -> int:
    """Bytes still allocated (``tracemalloc``) once ``make()`` has returned
    its result and the garbage is collected: what the result keeps, not the
    temporary peak of making it."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        result = make()
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return after - before
