"""Run a check against the live namespace of a notebook kernel.

This path is for feedback while working (and for nbgrader, which grades inside
the student's kernel): it is not sandboxed. ``rlgrade grade`` is the secure path.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from autograder.config import load_config
from autograder.grade.runner import check_function, score_outcome
from autograder.sandbox.errors import MissingFunction, NotImplementedYet, SubmissionError


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
            try:
                return fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))
            except NotImplementedError:
                raise NotImplementedYet(name) from None

        return call

    def has(self, name: str) -> bool:
        return callable(self._namespace.get(name))

    def set_time_limit(self, seconds: float) -> None:
        """In a kernel there is no child to stop: nbgrader's cell timeout applies."""


def check_here(assignment: str, check_id: str, namespace: dict) -> None:
    """Print a teaching result; raise AssertionError on failure (nbgrader counts it)."""
    spec = load_config().assignments[assignment].check(check_id)
    try:
        outcome = check_function(assignment, check_id)(LocalSubmission(namespace), spec)
    except SubmissionError as exc:
        raise AssertionError(f"{check_id}: {exc}") from None
    status, score, message, _ = score_outcome(spec, outcome)
    print(
        f"{'PASSED' if status == 'passed' else 'NOT YET'} {check_id} "
        f"({score:g}/{spec.points:g} points): {message}"
    )
    if status != "passed":
        raise AssertionError(f"{check_id}: {message}")
