"""Run a check against the live namespace of a notebook kernel.

This path is for feedback while working (and for nbgrader, which grades inside
the student's kernel): it is not sandboxed. ``rlgrade grade`` is the secure path.
"""

from __future__ import annotations

import copy
import functools
import textwrap
from typing import Any

import numpy as np

from autograder.checks.registry import check_function
from autograder.config import load_config
from autograder.grade.causes import broken_needs, cause_note
from autograder.grade.outcome import decide
from autograder.reports.format import points
from autograder.sandbox.errors import MissingFunction, NotImplementedYet


class LocalSubmission:
    """The notebook's globals, seen through the same interface as the sandbox proxy."""

    def __init__(self, namespace: dict):
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        fn = self._namespace.get(name)
        if not callable(fn):
            raise MissingFunction(name, [])

        @functools.wraps(fn)
        def call(*args, **kwargs):
            passed = copy.deepcopy(args)
            try:
                value = fn(*passed, **copy.deepcopy(kwargs))
            except NotImplementedError:
                raise NotImplementedYet(name) from None
            # the function got copies: say which it wrote into, as the sandbox child does
            call.mutated_arguments = [
                i
                for i, (old, new) in enumerate(zip(args, passed, strict=True))
                if isinstance(old, np.ndarray)
                and old.dtype.kind in "biufc"
                and not np.array_equal(old, new, equal_nan=old.dtype.kind in "fc")
            ]
            return value

        return call

    def has(self, name: str) -> bool:
        return callable(self._namespace.get(name))

    def set_time_limit(self, seconds: float) -> None:
        """In a kernel there is no child to stop: nbgrader's cell timeout applies."""


_cell_totals: dict[int, float] = {}


def _execution_count() -> int | None:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    shell = get_ipython()
    return None if shell is None else shell.execution_count


def check_here(assignment: str, check_id: str, namespace: dict) -> float:
    """Run one check on the notebook's namespace, print what it found, return points.

    The return value is the running total of the points earned in the current
    cell, so a test cell whose last line is a ``check_here`` call displays the
    cell's score: nbgrader reads that number as partial credit, and the cell's
    points then match ``rlgrade grade`` check by check. A failure does not raise,
    so that the other checks of the cell still run and count.
    """
    try:
        spec = load_config().assignments[assignment].check(check_id)
        check = check_function(assignment, check_id)
    except (KeyError, AttributeError, ImportError):
        # A student's copy (e.g. the GitHub Classroom starter) has no hidden check: a cell
        # that still calls one must not crash the notebook. The course's own notebooks call
        # hidden checks only inside "### BEGIN HIDDEN TESTS" blocks (tests prove it).
        print(f"SKIPPED {check_id}: not in this copy of the course (checked when graded).\n")
        return _add_to_cell_total(0.0)
    decision = decide(spec, lambda: check(LocalSubmission(namespace), spec), student_code_here=True)
    status, score, message = decision.status, decision.score, decision.message
    if status != "passed" and spec.needs:
        message = cause_note(_failing_needs(assignment, spec, namespace)) + message
    label = "PASSED" if status == "passed" else "NOT YET"
    print(_wrap(f"{label} {check_id} ({points(score)}/{points(spec.points)} points): {message}"))
    print()
    return _add_to_cell_total(score)


def _failing_needs(assignment: str, spec, namespace: dict) -> dict[str, str]:
    """Run the public checks of the functions ``spec`` relies on (quietly): which fail?"""
    config = load_config().assignments[assignment]
    failed = []
    for needed in set(spec.needs.values()):
        needed_spec = config.check(needed)
        check = check_function(assignment, needed)
        run = functools.partial(check, LocalSubmission(namespace), needed_spec)
        if decide(needed_spec, run, student_code_here=True).status != "passed":
            failed.append(needed)
    return broken_needs(spec, failed)


WRAP_COLUMNS = 100


def _wrap(message: str) -> str:
    """Prose lines wrapped at 100 columns: nbgrader's feedback page and Jupyter show cell
    output as preformatted text, where a long line runs off the box. Indented lines
    (arrays, grids, tracebacks) keep their layout."""
    lines = []
    for line in message.splitlines():
        if len(line) > WRAP_COLUMNS and not line[:1].isspace():
            lines.append(textwrap.fill(line, WRAP_COLUMNS, break_on_hyphens=False))
        else:
            lines.append(line)
    return "\n".join(lines)


def _add_to_cell_total(score: float) -> float:
    """The points earned so far in the running cell (what its last line displays)."""
    cell = _execution_count()
    total = _cell_totals.get(cell, 0.0) + score if cell is not None else score
    if cell is not None:
        _cell_totals[cell] = total
    return total


def require_full_credit(assignment: str, check_id: str, namespace: dict) -> None:
    """For graders whose test cases are pass/fail (otter): raise unless all points earned."""
    spec = load_config().assignments[assignment].check(check_id)
    check = check_function(assignment, check_id)
    decision = decide(spec, lambda: check(LocalSubmission(namespace), spec), True)
    if decision.status != "passed":
        raise AssertionError(decision.message)
