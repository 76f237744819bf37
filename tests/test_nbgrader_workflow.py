"""nbgrader's own commands, end to end, agree with rlgrade on the same notebooks.

generate_assignment -> submitted/<student>/<a>/ -> autograde (gradebook.db) ->
generate_feedback, run with nbgrader's CLI in a scratch course directory, for
every assignment (README_ASSIGNMENT's within README's whole instructor workflow): each
grade cell's score equals the rlgrade scores of the checks it calls, and each
submission's total equals rlgrade's total.
The threshold checks train and evaluate on a cheaper setting here, the same under
rlgrade as under nbgrader (tests/platform_runs.py, ``plumbing``).
"""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook
from notebook_variants import REPO, make_variant, solution_notebook
from platform_runs import (
    buggy_assignment,
    catalogue_bug,
    expected_cell_scores,
    grade_cells,
    platform_cases,
    tool_env,
)

from autograder.notebook.cells import is_test_cell

pytestmark = pytest.mark.slow  # runs nbgrader's own CLI

BUGGY = buggy_assignment()  # its bob hands in a catalogue bug; its carol also edits a test cell
# the assignment README's instructor steps use: their test is its agreement proof
README_ASSIGNMENT = "bandits"
# every other assignment of grading.yml (and BUGGY), the TensorFlow ones (the slowest) first
ASSIGNMENTS = [
    a
    for a, kind in platform_cases()
    if kind == "reference" and (a != README_ASSIGNMENT or a == BUGGY)
]


def nbgrader(*args, cwd, **env):
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1200,
        env=tool_env(**env),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def _tamper_with_test_cell(path, grade_id):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)
    cell.source = "4.0  # full points, please"
    nbformat.write(nb, path)


def _submissions(assignment, folder):
    """alice hands in the reference; for one assignment (platform_runs.buggy_assignment),
    bob its PLATFORM_BUG and carol bob's bug and an edited locked cell of a check it loses."""
    reference = solution_notebook(assignment)
    submissions = {"alice": shutil.copy(reference, folder / "alice.ipynb")}
    if assignment == BUGGY:
        bug = catalogue_bug(assignment)
        submissions["bob"] = make_variant(reference, folder / "bob.ipynb", bug.replace)
        submissions["carol"] = make_variant(reference, folder / "carol.ipynb", bug.replace)
        cell = next(c for c, ids in grade_cells(reference).items() if set(ids) & bug.must_fail)
        _tamper_with_test_cell(submissions["carol"], cell)
    return submissions


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_autograde_matches_rlgrade(assignment, tmp_path, config, rlgrade, platform):
    course = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / assignment, course / "solutions" / assignment)
    shutil.copy(REPO / "nbgrader_config.py", course)
    nbgrader("generate_assignment", assignment, "--force", cwd=course)

    name = f"{assignment}.ipynb"
    submissions = _submissions(assignment, tmp_path)
    for student, path in submissions.items():  # autograde --create adds them to the db
        target = course / "submitted" / student / assignment
        target.mkdir(parents=True)
        shutil.copy(path, target / name)

    contract = platform.yaml(assignment)  # check_here in nbgrader's kernel reads it
    nbgrader(
        "autograde", assignment, "--create", "--force", cwd=course, RLGRADE_CONFIG=str(contract)
    )
    nbgrader("generate_feedback", assignment, "--force", cwd=course)

    scores = _gradebook_agrees_with_rlgrade(
        course, assignment, submissions, "alice", config, rlgrade, platform
    )
    if assignment == BUGGY:
        assert scores["bob"] < scores["alice"]
        assert scores["carol"] == scores["bob"]  # the edited locked cell was restored


def _gradebook_agrees_with_rlgrade(
    course, assignment, submissions, reference_student, config, rlgrade, platform
) -> dict[str, float]:
    """Each grade cell's score in nbgrader's gradebook equals the rlgrade scores of the
    checks it calls, each total rlgrade's, every student has feedback, and the reference
    student's autograded notebook shows PASSED under each test cell; the totals."""
    name = f"{assignment}.ipynb"
    cells = grade_cells(solution_notebook(assignment))
    checks = config.assignments[assignment].checks
    assert sorted(c for ids in cells.values() for c in ids) == sorted(c.id for c in checks)
    points = {c.id: c.points for c in checks}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, path in submissions.items():
            expected = rlgrade(path, assignment, platform.config(assignment))
            graded = gradebook.find_submission_notebook(assignment, assignment, student)
            assert {g.name: g.max_score for g in graded.grades} == pytest.approx(
                {cell: sum(points[c] for c in ids) for cell, ids in cells.items()}
            )
            assert {g.name: g.score for g in graded.grades} == pytest.approx(
                expected_cell_scores(expected, cells)
            ), student
            assert graded.score == pytest.approx(expected.score), student
        scores = {s: gradebook.find_submission(assignment, s).score for s in submissions}
    assert scores[reference_student] == config.assignments[assignment].max_score
    for student in submissions:
        assert (course / "feedback" / student / assignment / name).with_suffix(".html").is_file()
    # what the student reads under each test cell of the reference: PASSED, never an error
    autograded = nbformat.read(
        course / "autograded" / reference_student / assignment / name, as_version=4
    )
    shown = {
        cell.metadata["nbgrader"]["grade_id"]: cell.outputs
        for cell in autograded.cells
        if cell.cell_type == "code" and is_test_cell(cell.metadata.get("nbgrader", {}))
    }
    assert sorted(shown) == sorted(cells)
    for grade_id, outputs in shown.items():
        text = "".join(o.get("text", "") for o in outputs)
        assert not [o for o in outputs if o.output_type == "error"], grade_id
        assert "PASSED" in text and "NOT YET" not in text, (grade_id, text)
    return scores


def test_the_readme_nbgrader_workflow_runs_on_a_fresh_clone(tmp_path, config, rlgrade, platform):
    """README's instructor steps, typed as written in a fresh clone's layout: generate
    (no --force: nothing is skipped), release to the exchange nbgrader_config.py sets,
    a student fetches and submits, the instructor collects, autogrades and exports; the
    gradebook agrees with rlgrade cell by cell (README_ASSIGNMENT's one proof of that)."""
    course = tmp_path / "course"
    for folder in ("solutions", "assignments"):
        shutil.copytree(REPO / folder, course / folder)
    shutil.copy(REPO / "nbgrader_config.py", course)
    exchange = tmp_path / "exchange"
    # the testbeds of check_here on the platform runs' cheaper setting (platform_runs.plumbing)
    contract = platform.yaml(README_ASSIGNMENT)
    env = {"RLGRADE_NBGRADER_EXCHANGE": str(exchange), "RLGRADE_CONFIG": str(contract)}

    done = nbgrader("generate_assignment", README_ASSIGNMENT, cwd=course, **env)
    assert "Skipping" not in done.stdout + done.stderr
    assert (course / "release" / README_ASSIGNMENT / "bandits.ipynb").is_file()
    nbgrader("release_assignment", README_ASSIGNMENT, cwd=course, **env)
    assert (exchange / "rl-course" / "outbound" / README_ASSIGNMENT / "bandits.ipynb").is_file()

    home = tmp_path / "student"  # nbgrader names the submitter by their login
    home.mkdir()
    login = pwd.getpwuid(os.getuid()).pw_name
    course_flags = ("--course", "rl-course", f"--Exchange.root={exchange}")
    nbgrader("fetch_assignment", README_ASSIGNMENT, *course_flags, cwd=home)
    fetched = home / README_ASSIGNMENT / "bandits.ipynb"
    shutil.copy(solution_notebook(README_ASSIGNMENT), fetched)  # the student's finished work
    nbgrader("submit", README_ASSIGNMENT, *course_flags, cwd=home)

    nbgrader("collect", README_ASSIGNMENT, cwd=course, **env)
    assert (course / "submitted" / login / README_ASSIGNMENT / "bandits.ipynb").is_file()
    nbgrader("autograde", README_ASSIGNMENT, "--create", cwd=course, **env)
    nbgrader("generate_feedback", README_ASSIGNMENT, cwd=course, **env)
    _gradebook_agrees_with_rlgrade(
        course, README_ASSIGNMENT, {login: fetched}, login, config, rlgrade, platform
    )
    nbgrader("export", cwd=course, **env)
    rows = {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open())}
    assert float(rows[login]["raw_score"]) == config.assignments[README_ASSIGNMENT].max_score
