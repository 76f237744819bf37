"""nbgrader's points must be grading.yml's: a test cell is worth the checks it calls.

Why: nbgrader records a test cell's ``points`` metadata as its maximum, while rlgrade
scores the checks from grading.yml; if the two disagree, the nbgrader gradebook and every
other path give a student different totals. ``rlgrade release --check`` reports it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder.config.schema import GradingConfig
from autograder.notebook.cells import check_calls, is_test_cell


def grade_test_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """nbgrader's autograder test cells: graded, and not a solution cell."""
    return [
        c
        for c in nb.cells
        if c.cell_type == "code" and is_test_cell(c.metadata.get("nbgrader", {}))
    ]


def points_mismatches(names: list[str], config: GradingConfig, root: Path) -> list[str]:
    """Every test cell whose nbgrader points differ from its checks' points in grading.yml,
    and every check no test cell calls (nbgrader would never grade it)."""
    problems = []
    for name in names:
        spec = config.assignments[name]
        path = root / "solutions" / name / spec.notebook
        nb = nbformat.read(path, as_version=4)
        called: list[str] = []
        for cell in grade_test_cells(nb):
            grade_id = cell.metadata["nbgrader"].get("grade_id", "?")
            ids = [check for _, check in check_calls(cell.source)]
            known = [i for i in ids if i in {c.id for c in spec.checks}]
            for unknown in sorted(set(ids) - set(known)):
                problems.append(
                    f"{path.relative_to(root)}, cell '{grade_id}': calls check '{unknown}', "
                    f"which grading.yml's {name} does not have"
                )
            points = sum(spec.check(i).points for i in known)
            recorded = cell.metadata["nbgrader"].get("points", 0)
            if recorded != points:
                problems.append(
                    f"{path.relative_to(root)}, cell '{grade_id}': nbgrader points {recorded:g}, "
                    f"but its checks ({', '.join(known) or 'none'}) are worth {points:g} in "
                    "grading.yml. Fix: set the cell's points (Create Assignment toolbar) or "
                    "grading.yml's"
                )
            called += known
        for check in spec.checks:
            if check.id not in called:
                problems.append(
                    f"{path.relative_to(root)}: no test cell calls check '{check.id}' "
                    f"({check.points:g} points), so nbgrader never grades it"
                )
    return problems
