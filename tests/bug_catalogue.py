"""One table of every known bug, across assignments, and which checks catch each.

Each assignment's test module keeps its ``BUGS`` (bug name -> (cells to replace,
checks that must fail[, words the diagnosis must contain])). This module gathers
them into one list that a single parametrized test runs, and prints the table
and the per-check coverage:

    python tests/bug_catalogue.py
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from notebook_variants import REPO  # noqa: E402

from autograder.config import load_config  # noqa: E402

# Assignments whose bugs are graded on the numerical checks only: training a
# TensorFlow agent per bug would cost minutes each; bugs that only a threshold
# can catch are proven by a dedicated test in the assignment's module.
NUMERIC_ONLY = {"dqn", "reinforce"}


@dataclass(frozen=True)
class Bug:
    assignment: str
    name: str
    replace: dict
    must_fail: frozenset
    graded: frozenset
    diagnosis: str = ""

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
        except ModuleNotFoundError:
            continue
        graded = frozenset(
            c.id for c in spec.checks if not (assignment in NUMERIC_ONLY and c.threshold)
        )
        for name, entry in sorted(module.BUGS.items()):
            replace, must_fail, *rest = entry
            bugs.append(Bug(assignment, name, replace, frozenset(must_fail), graded, *rest[:1]))
    return bugs


def coverage(bugs: list[Bug]) -> dict[tuple[str, str], list[str]]:
    """(assignment, check id) -> the catalogue entries that check catches."""
    config = load_config(REPO / "grading.yml")
    table = {(a, c.id): [] for a, spec in config.assignments.items() for c in spec.checks}
    for bug in bugs:
        for check in bug.must_fail:
            table[(bug.assignment, check)].append(bug.name)
    return table


def main() -> None:
    bugs = catalogue()
    print("| assignment | bug | checks that must fail | checks that must pass |")
    print("| --- | --- | --- | ---: |")
    for bug in bugs:
        print(
            f"| {bug.assignment} | {bug.name} | {', '.join(sorted(bug.must_fail))} | "
            f"{len(bug.must_pass)} others |"
        )
    print(f"\n{len(bugs)} entries.\n\n| assignment | check | caught by |\n| --- | --- | --- |")
    for (assignment, check), names in coverage(bugs).items():
        print(f"| {assignment} | {check} | {', '.join(names) or '(none)'} |")


if __name__ == "__main__":
    main()
