"""The rlgrade command line, as students, instructors and CI type it."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

import yaml
from helpers import rlgrade_cli
from notebook_variants import REPO, skeleton_notebook, solution_notebook
from platform_runs import plumbing_yaml


def test_check_runs_public_checks_on_the_skeleton_and_fails():
    done = rlgrade_cli("check", "bandits")
    assert done.returncode == 1
    squeezed = "".join(done.stdout.replace("│", "").split())
    assert "isnotimplementedyet" in squeezed
    assert "sample_average_hidden" not in done.stdout  # hidden checks are not run
    assert "Score: 0 / " in done.stdout


def test_grade_writes_every_report_from_one_grading(tmp_path, config):
    junit, markdown = tmp_path / "report.xml", tmp_path / "report.md"
    contract = plumbing_yaml(REPO / "grading.yml", tmp_path / "grading.yml", "bandits")
    done = rlgrade_cli(
        "grade", solution_notebook("bandits"), "-a", "bandits", "--config", contract,
        "--format", "junit", "--out", junit, "--format", "markdown", "--out", markdown,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr  # every check passed
    assert f"wrote junit report: {junit}" in done.stdout.replace("\n", "")
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    assert int(suite.get("tests")) == len(config.assignments["bandits"].checks)
    full = f"{config.assignments['bandits'].max_score:g}"
    assert markdown.read_text().startswith(f"## bandits: {full} / {full} points")

    report = tmp_path / "report.json"
    done = rlgrade_cli(
        "grade", skeleton_notebook("bandits"), "-a", "bandits", "--format", "json", "--out", report
    )
    assert done.returncode == 1  # graded, and some check failed
    data = json.loads(report.read_text())
    assert data["score"] == 0 and data["max_score"] == config.assignments["bandits"].max_score
    done = rlgrade_cli("grade", skeleton_notebook("bandits"), "-a", "bandits", "--format", "junit",
                   "--format", "markdown")  # fmt: skip
    assert done.returncode == 2 and "several --format need as many --out" in done.stderr


def test_a_script_is_not_called_invalid_json(tmp_path):
    script = tmp_path / "bandits.py"
    script.write_text("def softmax(H):\n    return H\n")
    done = rlgrade_cli("grade", script, "-a", "bandits", "--format", "json")
    assert done.returncode == 2
    error = json.loads(done.stdout)["notebook_error"]
    assert "bandits.py is a .py file, not a Jupyter notebook" in error
    assert "bandits.ipynb" in error and "not valid JSON" not in error


def test_a_missing_config_file_names_the_option(tmp_path):
    done = rlgrade_cli("check", "bandits", "--config", tmp_path / "nope.yml")
    assert done.returncode == 2
    assert "file not found. Fix: check the path given to --config" in done.stderr
    assert "repository root" not in done.stderr


def test_another_assignments_notebook_is_named(tmp_path):
    done = rlgrade_cli(
        "grade", skeleton_notebook("q_learning"), "-a", "bandits", "--format", "json"
    )
    assert done.returncode == 1
    (warning,) = json.loads(done.stdout)["warnings"]
    assert "looks like the 'q_learning' assignment" in warning and "-a q_learning" in warning
    done = rlgrade_cli("grade", skeleton_notebook("bandits"), "-a", "bandits", "--format", "json")
    assert json.loads(done.stdout)["warnings"] == []  # its own notebook: no such warning


def test_export_ships_the_config_it_was_given(tmp_path):
    contract = tmp_path / "term2.yml"
    contract.write_text(
        (REPO / "grading.yml")
        .read_text()
        .replace("{id: softmax_public, points: 1,", "{id: softmax_public, points: 7,")
    )
    done = rlgrade_cli("export", "gradescope", "bandits", "--out", tmp_path, "--config", contract)
    assert done.returncode == 0, done.stderr
    (bundle,) = tmp_path.glob("gradescope_bandits.zip")
    with zipfile.ZipFile(bundle) as zf:
        shipped = yaml.safe_load(zf.read("grading.yml"))
    checks = {c["id"]: c for c in shipped["assignments"]["bandits"]["checks"]}
    assert checks["softmax_public"]["points"] == 7


def test_malformed_notebook_gets_a_row_per_check(tmp_path, config):
    broken = tmp_path / "bandits.ipynb"
    broken.write_text('{"cells": [ {"cell_type": "code", ')
    out = tmp_path / "results.json"
    done = rlgrade_cli("grade", broken, "-a", "bandits", "--format", "gradescope", "--out", out)
    assert done.returncode == 2, done.stderr  # the input is broken; the report is written
    payload = json.loads(out.read_text())
    tests = payload["tests"]
    assert len(tests) == len(config.assignments["bandits"].checks)
    assert "not valid JSON" in payload["output"]  # the reason, said once
    assert all("could not be read" in t["output"] for t in tests)
    assert not any("not valid JSON" in t["output"] for t in tests)


def test_broken_grading_yml_and_unknown_assignment_are_explained(tmp_path):
    bad = tmp_path / "grading.yml"
    bad.write_text("version: 1\nassignments:\n  bandits:\n    title: x\n    notebook: b.ipynb\n")
    done = rlgrade_cli("check", "bandits", "--config", bad)
    assert done.returncode == 2
    assert "assignments.bandits.checks: required key is missing. Fix: add it." in done.stderr
    done = rlgrade_cli("check", "chess")
    assert done.returncode == 2 and "unknown assignment 'chess'" in done.stderr


def test_version():
    done = rlgrade_cli("--version")
    assert done.returncode == 0 and done.stdout.startswith("rlgrade, version ")


STUDENT_ONLY = """
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"nbgrader", "otter", "pytest", "nbclient", "ruff", "xdist"}:
            raise ImportError(f"{name} is not in the student install")

sys.meta_path.insert(0, NotInstalled())
sys.argv = ["rlgrade", *sys.argv[1:]]
from autograder.cli import main
main()
"""


def test_students_grade_without_the_instructor_tools(tmp_path):
    """The `student` extra has no nbgrader, otter or pytest: check and grade still work."""
    run = [sys.executable, "-c", STUDENT_ONLY]
    out = tmp_path / "report.json"
    notebook = skeleton_notebook("bandits")
    done = subprocess.run(
        [*run, "grade", notebook, "-a", "bandits", "--format", "json", "--out", out],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # graded: the skeleton fails
    assert json.loads(out.read_text())["score"] == 0
    done = subprocess.run(
        [*run, "check", "bandits"], capture_output=True, text=True, timeout=600, cwd=REPO
    )
    assert done.returncode == 1 and "Score: 0 / " in done.stdout, done.stderr
