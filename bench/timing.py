"""Measuring: median of iterations, wall and CPU time, peak memory.

As the ODM benchmark specification asks, each iteration runs many
operations and is timed as a whole, and a task's figure is the median
iteration. The variants of one task (raw PyMongo, Flask-Mongo, the others)
take turns within each iteration, the first one rotating, so that a slow
moment of the machine or a warming cache hits them alike.

The garbage collector: as ``timeit`` does, in-process tasks pause it during
the timed part (it runs between iterations), because how often it runs
depends on everything else the process holds; their tables also show the
load ratios with it running. Tasks through a server leave it running.
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
    """The iterations of one variant: seconds per iteration, wall and CPU."""

    ops: int
    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    @property
    def wall(self) -> float:
        """Median wall time per operation, in seconds."""
        return statistics.median(self.walls) / self.ops

    @property
    def cpu(self) -> float:
        """Median CPU time of this process per operation, in seconds."""
        return statistics.median(self.cpus) / self.ops

    def samples(self, cpu: bool = False) -> list[float]:
        """Seconds per iteration, in the order run."""
        return self.cpus if cpu else self.walls

    def percentiles(self) -> dict[int, float]:
        """Wall time per operation at the spec's percentiles (nearest rank)."""
        ordered = sorted(self.walls)
        n = len(ordered)
        return {
            p: ordered[max(int(n * p / 100) - 1, 0)] / self.ops for p in PERCENTILES
        }


def paired_ratio(mine: Timing, base: Timing, cpu: bool = False) -> float:
    """The median over iterations of ``mine / base``: each iteration ran
    both back to back, so a drift of the machine's speed between
    iterations cancels out."""
    pairs = zip(mine.samples(cpu), base.samples(cpu), strict=True)
    # A clock too coarse for a tiny iteration (--quick) can read 0.
    ratios = [a / b for a, b in pairs if b > 0]
    return statistics.median(ratios) if ratios else math.nan


class Iterations(Protocol):
    """How long to measure: what both plans (in process, server) say."""

    min_iterations: int
    max_iterations: int
    budget: float


def measure_plan(
    plan: Iterations,
    variants: Mapping[str, Variant],
    ops: int,
    *,
    gc_paused: bool = True,
) -> dict[str, Timing]:
    """:func:`measure` with the iteration limits of ``plan``."""
    return measure(
        variants,
        ops,
        min_iterations=plan.min_iterations,
        max_iterations=plan.max_iterations,
        budget=plan.budget,
        gc_paused=gc_paused,
    )


def measure(
    variants: Mapping[str, Variant],
    ops: int,
    *,
    min_iterations: int,
    max_iterations: int,
    budget: float,
    gc_paused: bool = True,
) -> dict[str, Timing]:
    """Run every variant ``min_iterations`` to ``max_iterations`` times,
    stopping once ``budget`` seconds have gone by (after the minimum).

    One untimed warm-up iteration of each variant comes first. With
    ``gc_paused``, the garbage collector does not run during the timed part.
    """
    names = list(variants)
    timings = {name: Timing(ops) for name in names}
    for name in names:
        _once(variants[name], gc_paused)
    started = time.perf_counter()
    iteration = 0
    while iteration < max_iterations and (
        iteration < min_iterations or time.perf_counter() - started < budget
    ):
        shift = iteration % len(names)
        for name in names[shift:] + names[:shift]:
            wall, cpu = _once(variants[name], gc_paused)
            timings[name].walls.append(wall)
            timings[name].cpus.append(cpu)
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


def peak_memory(make: Callable[[], Any]) -> int:
    """Peak bytes allocated (``tracemalloc``) while ``make()`` builds its
    result, which is kept alive until the peak is read."""
    gc.collect()
    tracemalloc.start()
    try:
        result = make()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak
