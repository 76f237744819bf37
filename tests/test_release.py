"""assignments/ is exactly what nbgrader generates from solutions/, and leaks nothing."""

from __future__ import annotations

import json
import shutil

from helpers import rlgrade_cli
from notebook_variants import REPO

from autograder.release.generate import assignment_names, diff_release, solution_leaks


def test_release_check_passes_on_main():
    done = rlgrade_cli("release", "--check", timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "in sync and clean" in done.stdout


def test_every_assignment_in_grading_yml_is_released(config):
    assert set(config.assignments) == set(assignment_names())


def _copy_repo(tmp_path):
    for name in ("solutions", "assignments"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    return tmp_path


def test_a_stale_skeleton_is_reported(tmp_path):
    root = _copy_repo(tmp_path)
    nb_path = root / "solutions" / "bandits" / "bandits.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"][0]["source"] = "# A new title\n"
    nb_path.write_text(json.dumps(nb))
    problems = diff_release(["bandits"], root)
    assert problems == [
        "assignments/bandits/bandits.ipynb differs from what nbgrader generates now"
    ]


def test_a_leaked_solution_is_reported(tmp_path):
    root = _copy_repo(tmp_path)
    released = root / "assignments" / "bandits" / "bandits.ipynb"
    solution = json.loads((root / "solutions" / "bandits" / "bandits.ipynb").read_text())
    nb = json.loads(released.read_text())
    nb["cells"] = solution["cells"]  # a release made by copying the reference
    released.write_text(json.dumps(nb))
    problems = solution_leaks(["bandits"], root)
    assert any("BEGIN SOLUTION" in p for p in problems)
    assert any("contains solution code" in p for p in problems)
