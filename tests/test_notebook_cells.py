"""The notebooks' own test cells (check_here): teach on the skeleton, call the right checks.

That they pass on the reference, with PASSED under each and the points of grading.yml, is
tests/test_nbgrader_workflow.py's: nbgrader executes every reference notebook anyway.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient
from notebook_variants import REPO, skeleton_notebook

from autograder.config import load_config
from autograder.notebook.cells import (
    OTTER_IGNORE_TAG,
    check_calls,
    hidden_and_visible,
    is_experiment,
)
from autograder.release.points import grade_test_cells, points_mismatches

ASSIGNMENTS = sorted(load_config(REPO / "grading.yml").assignments)


def _execute(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    nb.cells = [c for c in nb.cells if not is_experiment(c.metadata.get("tags", []))]
    NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return nb


_test_cells = grade_test_cells  # the engine's definition of an autograder test cell


def _errors(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


def _text(cell):
    return "".join(o.get("text", "") for o in cell.outputs)


def _points_shown(cell):
    results = [o for o in cell.outputs if o.output_type == "execute_result"]
    assert len(results) == 1, cell.metadata["nbgrader"]["grade_id"]
    return float(results[0].data["text/plain"])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_skeleton_test_cells_say_not_implemented(assignment, tmp_path):
    nb = _execute(skeleton_notebook(assignment), tmp_path)
    for cell in _test_cells(nb):
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert not _errors(cell), (grade_id, _errors(cell))  # a message, not a crash
        if "check_here(" not in cell.source.replace("import check_here", ""):
            assert not cell.outputs, grade_id  # only hidden checks: nothing runs here
            continue
        said = " ".join(_text(cell).split())  # prose is wrapped at 100 columns
        assert "not implemented yet" in said, (grade_id, _text(cell))
        assert _points_shown(cell) == 0, grade_id


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_visible_cells_call_public_checks_only(assignment, config):
    """A student's copy (the Classroom starter) has no hidden check: a visible call to one
    would fail there, and would tell students which hidden checks exist."""
    spec = config.assignments[assignment]
    nb = nbformat.read(REPO / "solutions" / assignment / spec.notebook, as_version=4)
    for cell in _test_cells(nb):
        hidden_part, visible_part = hidden_and_visible(cell.source)
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        for _, check_id in check_calls(visible_part):
            assert spec.check(check_id).visibility == "public", (grade_id, check_id)
        for _, check_id in check_calls(hidden_part):
            assert spec.check(check_id).visibility == "hidden", (grade_id, check_id)


def test_check_here_skips_a_check_this_copy_lacks(capsys):
    from autograder import check_here

    assert check_here("bandits", "no_such_check", {}) == 0.0
    assert "SKIPPED no_such_check" in capsys.readouterr().out


def test_points_in_notebooks_match_grading_yml(config):
    """nbgrader's points (cell metadata) must equal the sum of the checks a cell calls."""
    assert points_mismatches(list(config.assignments), config, REPO) == []


def test_a_points_mismatch_is_reported(config, tmp_path):
    source = REPO / "solutions" / "bandits" / "bandits.ipynb"
    nb = nbformat.read(source, as_version=4)
    cell = next(c for c in nb.cells if 'check_here("bandits", "ucb_public"' in c.source)
    cell.metadata["nbgrader"]["points"] += 3
    (tmp_path / "solutions" / "bandits").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "solutions" / "bandits" / "bandits.ipynb")
    (problem,) = points_mismatches(["bandits"], config, tmp_path)
    grade_id = cell.metadata["nbgrader"]["grade_id"]
    assert f"cell '{grade_id}': nbgrader points" in problem and "grading.yml" in problem


@pytest.mark.parametrize("folder", ["solutions", "assignments"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_experiment_cells_are_skipped_by_every_grader(assignment, folder):
    """rlgrade and nbgrader skip `experiment` cells; otter runs every cell but `otter_ignore`.

    Without both tags otter would run the long training experiments while grading
    (minutes per notebook, and past a platform's global timeout).
    """
    nb = nbformat.read(REPO / folder / assignment / f"{assignment}.ipynb", as_version=4)
    tagged = [(i, set(c.metadata.get("tags", []))) for i, c in enumerate(nb.cells)]
    experiments = [i for i, tags in tagged if is_experiment(tags)]
    assert experiments, f"{folder}/{assignment}: no experiment cell"
    assert [i for i, tags in tagged if OTTER_IGNORE_TAG in tags] == experiments, (
        f"{folder}/{assignment}: every `experiment` cell (and only those) must also be "
        "tagged `otter_ignore`"
    )


def test_check_here_output_wraps_prose_and_rounds_points(capsys):
    from autograder import check_here

    def softmax(H):  # a plausible mistake: no exponential
        return H / H.sum(axis=-1, keepdims=True)

    assert check_here("bandits", "softmax_public", {"softmax": softmax}) == 0.0
    out = capsys.readouterr().out
    assert out.startswith("NOT YET softmax_public (0/1 points): ")
    prose = [line for line in out.splitlines() if line and not line[0].isspace()]
    assert prose and max(map(len, prose)) <= 100, out  # fits nbgrader's feedback box
