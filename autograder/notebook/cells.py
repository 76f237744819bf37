"""What each cell of a course notebook is, decided in one place.

nbgrader marks cells in their metadata (``grade``, ``solution``) and regions in their
source (``### BEGIN SOLUTION``, ``### BEGIN HIDDEN TESTS``); the course adds tags
(``experiment``, ``otter_ignore``) and test cells that call ``check_here``. The loader,
the release, the exports, the nbgrader plugin and the tests all ask here, so that a
convention changes in one file (as nbgrader's own ``utils.is_grade``/``is_solution``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

EXPERIMENT_TAG = "experiment"  # plots and long runs: never graded (rlgrade, nbgrader)
OTTER_IGNORE_TAG = "otter_ignore"  # the same, for `otter run`, which reads only its own tag

SOLUTION_BLOCK = re.compile(r"### BEGIN SOLUTION(.*?)### END SOLUTION", re.S)
HIDDEN_BLOCK = re.compile(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", re.S)
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
CHECK_CALL = re.compile(r"""check_here\(\s*["']([a-z_][a-z0-9_]*)["']\s*,\s*["']([a-z0-9_]+)["']""")


def is_test_cell(nbgrader: Mapping) -> bool:
    """An autograder test cell (nbgrader ``grade`` and not ``solution``), from the cell's
    ``metadata["nbgrader"]``: it calls the checks, so the grader never runs it itself."""
    return bool(nbgrader.get("grade")) and not nbgrader.get("solution")


def is_experiment(tags: Iterable[str]) -> bool:
    """A cell tagged ``experiment``, from the cell's ``metadata["tags"]``."""
    return EXPERIMENT_TAG in tags


def check_calls(source: str) -> list[tuple[str, str]]:
    """(assignment, check id) of every ``check_here`` call in a cell's source, in order."""
    return CHECK_CALL.findall(source)


def hidden_and_visible(source: str) -> tuple[str, str]:
    """A test cell's source split into (inside hidden-test blocks, the rest)."""
    return "".join(HIDDEN_BLOCK.findall(source)), HIDDEN_BLOCK.sub("", source)
