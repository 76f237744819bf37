"""The notebooks' own test cells (check_here): pass on the reference, teach on the skeleton."""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_variants import REPO, skeleton_notebook, solution_notebook

from autograder.config import load_config

ASSIGNMENTS = sorted(load_config(REPO / "grading.yml").assignments)


def _execute(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if "experiment" not in c.metadata.get("tags", [])]
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return nb


def _test_cells(nb):
    return [
        c
        for c in nb.cells
        if c.cell_type == "code"
        and c.metadata.get("nbgrader", {}).get("grade")
        and not c.metadata.get("nbgrader", {}).get("solution")
    ]


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def _text(cell):
    return "".join(o.get("text", "") for o in cell.outputs)


def _points_shown(cell):
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, cell.metadata["nbgrader"]["grade_id"]
    return float(results[0].data["text/plain"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_test_cells_pass(assignment, tmp_path):
    nb = _execute(solution_notebook(assignment), tmp_path)
    cells = _test_cells(nb)
    assert cells
    for cell in cells:
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert not _errors(cell), (grade_id, _errors(cell))
        assert "PASSED" in _text(cell) and "NOT YET" not in _text(cell), (grade_id, _text(cell))
        assert _points_shown(cell) == cell.metadata["nbgrader"]["points"], grade_id


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_skeleton_test_cells_say_not_implemented(assignment, tmp_path):
    nb = _execute(skeleton_notebook(assignment), tmp_path)
    for cell in _test_cells(nb):
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert not _errors(cell), (grade_id, _errors(cell))  # a message, not a crash
        assert "not implemented yet" in _text(cell), (grade_id, _text(cell))
        assert _points_shown(cell) == 0, grade_id


def test_points_in_notebooks_match_grading_yml(config):
    """nbgrader's points (cell metadata) must equal the sum of the checks a cell calls."""
    import re

    for name, spec in config.assignments.items():
        nb = nbformat.read(REPO / "solutions" / name / spec.notebook, as_version=4)
        called = []
        for cell in _test_cells(nb):
            ids = re.findall(r'check_here\(\s*"[a-z_]+",\s*"([a-z0-9_]+)"', cell.source)
            points = sum(spec.check(i).points for i in ids)
            assert cell.metadata["nbgrader"]["points"] == points, (name, ids)
            called += ids
        assert sorted(called) == sorted(c.id for c in spec.checks), name
