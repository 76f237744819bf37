"""A check's time limit, counted in the CPU seconds the child spends.

Why CPU seconds and not the wall clock: a loaded machine (two graders on two cores, a
cluster worker sharing its node, Gradescope's half CPU) stretches the wall time of the
same computation, and a wall-clock limit would then turn a pass into a timeout: the same
submission must get the same score every time. The child's CPU seconds do not depend on
the load. A wall-clock backstop, ``WALL_FACTOR`` times the limit, still stops code that
sleeps or blocks without using the CPU.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

WALL_FACTOR = 4.0
WALL_SLACK_SECONDS = 5.0
CPU_READ_INTERVAL = 0.1


@dataclass
class Budget:
    """``cpu_seconds`` of the child's CPU from now, with a wall-clock backstop."""

    cpu_seconds: float
    cpu_used: Callable[[], float]
    cpu_start: float = field(init=False)
    wall_deadline: float = field(init=False)

    def __post_init__(self) -> None:
        self.cpu_start = self.cpu_used()
        self._cpu_seen, self._cpu_read_at = 0.0, time.monotonic()
        self.wall_deadline = time.monotonic() + self.wall_seconds

    @property
    def wall_seconds(self) -> float:
        return WALL_FACTOR * self.cpu_seconds + WALL_SLACK_SECONDS

    def wall_left(self) -> float:
        return self.wall_deadline - time.monotonic()

    def cpu_spent(self) -> float:
        return self.cpu_used() - self.cpu_start

    def exhausted(self) -> str | None:
        """Why the budget is used up ("cpu" or "wall"), or None while time is left.

        The CPU is read at most every ``CPU_READ_INTERVAL`` seconds (reading the process
        tree scans /proc), so a check of thousands of short calls stays cheap."""
        now = time.monotonic()
        if now - self._cpu_read_at >= CPU_READ_INTERVAL:
            self._cpu_seen, self._cpu_read_at = self.cpu_spent(), now
        if self._cpu_seen > self.cpu_seconds:
            return "cpu"
        if self.wall_left() <= 0:
            return "wall"
        return None
