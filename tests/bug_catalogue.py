"""One table of every known bug, across assignments, and which checks catch each.

Each assignment's test module keeps its ``BUGS``: bug name -> ``Entry`` (the cells to
replace, the checks that must fail, words the diagnosis must contain and, where training
is expensive, a cheaper threshold setting with the highest metric the trained agent may
reach: such an entry is graded with every threshold check too, under that setting, and
must fail it). This module gathers them into one list
that a single parametrized test runs, and prints the table and the per-check
coverage.

What an entry is graded on: every numerical check (it must fail exactly the ones it
names and pass the others: that is what points the student at the right TODO), and the
threshold checks it names, which it must fail. A threshold check it does not name is
not run: training is what costs, and whether a bug in one TODO also costs a threshold
proves nothing about the check that catches it (the references and the second
implementations prove that every threshold passes correct code).

    python tests/bug_catalogue.py
"""

from __future__ import annotations

import functools
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notebook_variants import REPO  # noqa: E402

from autograder.config import load_config  # noqa: E402


@dataclass(frozen=True)
class Entry:
    """One known bug, as an assignment's test module writes it in its ``BUGS``."""

    replace: dict  # function or class name -> the buggy cell's source
    must_fail: set  # the checks it must lose (every other numerical check it must pass)
    diagnosis: str = ""  # words the message of a lost check must contain
    threshold_update: dict | None = None  # also trained, under this cheaper setting
    metric_below: float | None = None  # ... and the trained agent's metric stays below


@dataclass(frozen=True)
class Bug:
    assignment: str
    name: str
    replace: dict
    must_fail: frozenset
    graded: frozenset
    diagnosis: str = ""
    threshold_update: dict | None = None  # a cheaper threshold setting (seeds, budget)
    metric_below: float | None = None  # the trained agent's metric must stay under this

    @property
    def must_pass(self) -> frozenset:
        return self.graded - self.must_fail

    @property
    def id(self) -> str:
        return f"{self.assignment}:{self.name}"


def catalogue() -> list[Bug]:
    config = load_config(REPO / "grading.yml")
    bugs = []
    for assignment, spec in config.assignments.items():
        try:
            module = importlib.import_module(f"test_{assignment}")
        except ModuleNotFoundError as error:
            if error.name != f"test_{assignment}":
                raise  # the module exists and one of its imports is missing: say that
            continue
        thresholds = frozenset(c.id for c in spec.checks if c.threshold)
        numeric = frozenset(c.id for c in spec.checks) - thresholds
        for name, entry in sorted(module.BUGS.items()):
            bug_fails = frozenset(entry.must_fail)
            if entry.threshold_update is not None:  # also trained, more cheaply: must fail
                bug_fails = bug_fails | thresholds
            bug_graded = numeric | (thresholds & bug_fails)
            bugs.append(
                Bug(
                    assignment,
                    name,
                    entry.replace,
                    bug_fails,
                    bug_graded,
                    entry.diagnosis,
                    entry.threshold_update,
                    entry.metric_below,
                )
            )
    return bugs


# Entries no public check catches, each with why. A student could make both, so each is
# a debt (issue 14), not a choice: test_bug_catalogue.py fails on any entry added here
# without a reason, and on any other entry that only hidden checks catch.
HIDDEN_ONLY = {}


def caught_publicly(bug: Bug) -> bool:
    """Does a check the student can run before submitting lose points to this bug?"""
    spec = load_config(REPO / "grading.yml").assignments[bug.assignment]
    return any(spec.check(c).visibility == "public" for c in bug.must_fail)


def coverage(bugs: list[Bug]) -> dict[tuple[str, str], list[str]]:
    """(assignment, check id) -> the catalogue entries that check catches."""
    config = load_config(REPO / "grading.yml")
    table = {(a, c.id): [] for a, spec in config.assignments.items() for c in spec.checks}
    for bug in bugs:
        for check in bug.must_fail:
            table[(bug.assignment, check)].append(bug.name)
    return table


@functools.cache
def thresholds_of(assignment: str) -> frozenset:
    """The threshold checks (those that train) of the assignment."""
    spec = load_config(REPO / "grading.yml").assignments[assignment]
    return frozenset(c.id for c in spec.checks if c.threshold)


def main() -> None:
    bugs = catalogue()
    print(
        "| assignment | bug | checks that must fail | caught publicly | checks that must pass "
        "| trained with |"
    )
    print("| --- | --- | --- | --- | ---: | --- |")
    for bug in bugs:
        trains = bool(bug.graded & thresholds_of(bug.assignment))
        trained = bug.threshold_update or (
            "grading.yml, first training seed" if trains else "numerical checks only"
        )
        public = "yes" if caught_publicly(bug) else f"no: {HIDDEN_ONLY.get(bug.id, '?')}"
        print(
            f"| {bug.assignment} | {bug.name} | {', '.join(sorted(bug.must_fail))} | {public} | "
            f"{len(bug.must_pass)} others | {trained} |"
        )
    public = sum(caught_publicly(b) for b in bugs)
    print(f"\n{len(bugs)} entries, {public} caught by a public check.")
    print("\n| assignment | check | caught by |\n| --- | --- | --- |")
    for (assignment, check), names in coverage(bugs).items():
        print(f"| {assignment} | {check} | {', '.join(names) or '(none)'} |")


if __name__ == "__main__":
    main()
