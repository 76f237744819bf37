"""The rlgrade command line, as students, instructors and CI type it."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

from notebook_variants import REPO, skeleton_notebook, solution_notebook


def rlgrade(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "autograder.cli", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_check_runs_public_checks_on_the_skeleton_and_fails():
    done = rlgrade("check", "bandits")
    assert done.returncode == 1
    squeezed = "".join(done.stdout.replace("│", "").split())
    assert "isnotimplementedyet" in squeezed
    assert "sample_average_hidden" not in done.stdout  # hidden checks are not run
    assert "Score: 0 / " in done.stdout


def test_grade_writes_junit_and_json(tmp_path, config):
    junit = tmp_path / "report.xml"
    done = rlgrade(
        "grade", solution_notebook("bandits"), "-a", "bandits", "--format", "junit", "--out", junit
    )
    assert done.returncode == 0, done.stderr
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "0" and suite.get("errors") == "0"
    assert int(suite.get("tests")) == len(config.assignments["bandits"].checks)

    report = tmp_path / "report.json"
    done = rlgrade(
        "grade", skeleton_notebook("bandits"), "-a", "bandits", "--format", "json", "--out", report
    )
    data = json.loads(report.read_text())
    assert data["score"] == 0 and data["max_score"] == config.assignments["bandits"].max_score


def test_malformed_notebook_gets_a_row_per_check(tmp_path, config):
    broken = tmp_path / "bandits.ipynb"
    broken.write_text('{"cells": [ {"cell_type": "code", ')
    out = tmp_path / "results.json"
    done = rlgrade("grade", broken, "-a", "bandits", "--format", "gradescope", "--out", out)
    assert done.returncode == 0, done.stderr
    payload = json.loads(out.read_text())
    tests = payload["tests"]
    assert len(tests) == len(config.assignments["bandits"].checks)
    assert "not valid JSON" in payload["output"]  # the reason, said once
    assert all("could not be read" in t["output"] for t in tests)
    assert not any("not valid JSON" in t["output"] for t in tests)


def test_broken_grading_yml_and_unknown_assignment_are_explained(tmp_path):
    bad = tmp_path / "grading.yml"
    bad.write_text("version: 1\nassignments:\n  bandits:\n    title: x\n    notebook: b.ipynb\n")
    done = rlgrade("check", "bandits", "--config", bad)
    assert done.returncode != 0
    assert "assignments.bandits.checks: required key is missing. Fix: add it." in done.stderr
    done = rlgrade("check", "chess")
    assert done.returncode != 0 and "unknown assignment 'chess'" in done.stderr


def test_version():
    done = rlgrade("--version")
    assert done.returncode == 0 and done.stdout.startswith("rlgrade, version ")
