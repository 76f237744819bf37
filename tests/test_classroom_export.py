"""The GitHub Classroom starter holds no solution code and no hidden check, and works."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

import pytest
import yaml
from notebook_variants import REPO, skeleton_notebook

from autograder.export.classroom import export_classroom
from autograder.release.generate import HIDDEN_BLOCK, SOLUTION_BLOCK

EXPORTABLE = ["bandits"]


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    return export_classroom(tmp_path_factory.mktemp("starter") / "repo", EXPORTABLE)


def _secret_lines(assignment: str) -> set[str]:
    nb = json.loads((REPO / "solutions" / assignment / f"{assignment}.ipynb").read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    outside = SOLUTION_BLOCK.sub("", HIDDEN_BLOCK.sub("", text))
    public = {line.strip() for line in outside.splitlines()}
    return {
        line.strip()
        for block in SOLUTION_BLOCK.findall(text) + HIDDEN_BLOCK.findall(text)
        for line in block.splitlines()
        if len(line.strip()) >= 12 and not line.strip().startswith("#")
    } - public


def test_starter_has_no_solution_and_no_hidden_check(starter, config):
    files = [p for p in starter.rglob("*") if p.is_file()]
    names = {str(p.relative_to(starter)) for p in files}
    assert not [n for n in names if n.startswith("solutions")]
    assert not [n for n in names if n.endswith(("oracle.py", "hidden.py"))]
    hidden_ids = {
        c.id for a in EXPORTABLE for c in config.assignments[a].checks if c.visibility == "hidden"
    }
    secrets = set().union(*(_secret_lines(a) for a in EXPORTABLE))
    for path in files:
        text = path.read_text(errors="replace")
        if path.suffix == ".ipynb":
            assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
        lines = {line.strip() for line in text.splitlines()}
        assert not secrets & lines, (path, secrets & lines)
        if path.suffix == ".py":
            defined = {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}
            assert not defined & hidden_ids, path
    grading = yaml.safe_load((starter / "grading.yml").read_text())
    for name, block in grading["assignments"].items():
        assert {c["visibility"] for c in block["checks"]} == {"public"}, name
    workflow = yaml.safe_load((starter / ".github" / "workflows" / "classroom.yml").read_text())
    assert "public-checks" in workflow["jobs"]


def test_starter_grades_public_checks(starter):
    env = dict(os.environ, PYTHONPATH=str(starter))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "autograder.cli",
            "grade",
            str(skeleton_notebook("bandits")),
            "-a",
            "bandits",
            "--config",
            str(starter / "grading.yml"),
            "--format",
            "json",
        ],
        cwd=starter,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == 0 and {r["visibility"] for r in report["results"]} == {"public"}
    assert all("not implemented yet" in r["message"] for r in report["results"])
