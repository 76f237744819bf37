"""The GitHub Classroom starter holds no solution code and no hidden check, and works.

The starter (all four assignments) is built once; each assignment is then checked for
leaks and graded, skeleton only (fast: every TODO fails at once), with the starter's
own engine and public checks.
"""

from __future__ import annotations

import ast
import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from notebook_variants import REPO

from autograder.config import load_config
from autograder.export.classroom import (
    ClassroomExportError,
    check_no_secret_imports,
    export_classroom,
)
from autograder.notebook.cells import HIDDEN_BLOCK, SOLUTION_BLOCK, check_calls

pytestmark = pytest.mark.slow  # builds and grades the student starter

ASSIGNMENTS = sorted(load_config(REPO / "grading.yml").assignments)


@pytest.fixture(scope="session")
def starter(tmp_path_factory):
    return export_classroom(tmp_path_factory.mktemp("starter") / "repo", ASSIGNMENTS)


def _in_starter(starter, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run Python with the starter's engine first on the path, as its workflow does."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=starter,
        env=dict(os.environ, PYTHONPATH=str(starter)),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


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


def _functions(text: str) -> set[str]:
    return {n.name for n in ast.walk(ast.parse(text)) if isinstance(n, ast.FunctionDef)}


def test_starter_layout(starter):
    names = {str(p.relative_to(starter)) for p in starter.rglob("*") if p.is_file()}
    assert not [n for n in names if n.startswith("solutions")]
    assert not [n for n in names if n.endswith(("oracle.py", "hidden.py"))]
    grading = yaml.safe_load((starter / "grading.yml").read_text())
    assert sorted(grading["assignments"]) == ASSIGNMENTS
    for name, block in grading["assignments"].items():
        assert {c["visibility"] for c in block["checks"]} == {"public"}, name
    workflow = yaml.safe_load((starter / ".github" / "workflows" / "classroom.yml").read_text())
    job = workflow["jobs"]["run-autograding-tests"]
    assert job["name"] == "Autograding Tests"  # the check run Classroom's reporter updates
    assert workflow[True]["push"]["paths"] == ["assignments/**"]  # YAML reads `on` as True
    install = (starter / "scripts" / "install.sh").read_text()
    assert 'EXTRAS="${RLGRADE_EXTRAS:-student}"' in install  # students get no instructor tools


def _grading_step(starter) -> dict:
    workflow = yaml.safe_load((starter / ".github" / "workflows" / "classroom.yml").read_text())
    (step,) = [
        s for s in workflow["jobs"]["run-autograding-tests"]["steps"] if s.get("id") == "grade"
    ]
    return step


def test_the_workflow_grades_each_notebook_once_and_reports_classroom_points(
    starter, config, tmp_path
):
    """Run the workflow's own grading step, then read what Classroom's reporter would."""
    venv = starter / ".venv"
    if not venv.exists():
        venv.symlink_to(Path(sys.executable).parent.parent)  # the installed environment
    outputs, summary = tmp_path / "github_output", tmp_path / "summary.md"
    done = subprocess.run(
        ["bash", "-e", "-c", _grading_step(starter)["run"]],
        cwd=starter,
        env=dict(
            os.environ,
            PYTHONPATH=str(starter),
            GITHUB_OUTPUT=str(outputs),
            GITHUB_STEP_SUMMARY=str(summary),
        ),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # failing checks do not stop it
    step_outputs = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert sorted(step_outputs) == ASSIGNMENTS
    for name in ASSIGNMENTS:
        assert done.stdout.count(f"wrote junit report: reports/{name}.xml") == 1  # graded once
        payload = json.loads(base64.b64decode(step_outputs[name]))
        public = [c for c in config.assignments[name].checks if c.visibility == "public"]
        assert payload["version"] == 1 and payload["status"] == "fail"  # skeletons
        assert payload["max_score"] == sum(c.points for c in public)
        assert [t["name"] for t in payload["tests"]] == [c.id for c in public]
        assert {t["status"] for t in payload["tests"]} == {"fail"}
        assert all("not implemented yet" in t["message"] for t in payload["tests"])
        assert f"## {name}: 0 / " in summary.read_text()
    reporter = [
        s
        for s in yaml.safe_load((starter / ".github/workflows/classroom.yml").read_text())["jobs"][
            "run-autograding-tests"
        ]["steps"]
        if "autograding-grading-reporter" in s.get("uses", "")
    ][0]
    assert reporter["with"]["runners"].split(",") == ASSIGNMENTS
    assert set(reporter["env"]) == {f"{a.upper()}_RESULTS" for a in ASSIGNMENTS}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_starter_has_no_solution_and_no_hidden_check(starter, config, assignment):
    hidden_ids = {c.id for c in config.assignments[assignment].checks if c.visibility == "hidden"}
    secrets = _secret_lines(assignment)
    for path in [p for p in starter.rglob("*") if p.is_file()]:
        text = path.read_text(errors="replace")
        if path.suffix == ".ipynb":
            assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
        if path.suffix == ".py":
            # the engine: copies of reviewed modules, whose generic RL lines (an episode
            # loop's `if terminated or truncated:`) may equal a solution's; what matters is
            # that no hidden check (nor the oracle, see test_starter_layout) is among them
            if f"checks/{assignment}/" in path.as_posix():
                assert not _functions(text) & hidden_ids, path
            continue
        lines = {line.strip() for line in text.splitlines()}
        assert not secrets & lines, (path, secrets & lines)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_starter_notebook_calls_only_shipped_checks(starter, assignment):
    """Every check_here call left in the student's notebook names a check the starter has,
    so no visible test cell fails with a KeyError or an ImportError."""
    nb = json.loads((starter / "assignments" / assignment / f"{assignment}.ipynb").read_text())
    calls = [c for cell in nb["cells"] for c in check_calls("".join(cell["source"]))]
    assert calls and {a for a, _ in calls} == {assignment}
    probe = (
        "import sys, autograder\n"
        "from autograder.config import load_config\n"
        "from autograder.checks.registry import check_function\n"
        "assert autograder.__file__.startswith(sys.argv[1]), autograder.__file__\n"
        "spec = load_config().assignments[sys.argv[2]]\n"
        "for check_id in sys.argv[3:]:\n"
        "    spec.check(check_id), check_function(sys.argv[2], check_id)\n"
    )
    done = _in_starter(starter, "-c", probe, str(starter), assignment, *(i for _, i in calls))
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_starter_grades_public_checks(starter, config, assignment):
    notebook = starter / "assignments" / assignment / f"{assignment}.ipynb"
    done = _in_starter(
        starter,
        "-m",
        "autograder.cli",
        "grade",
        str(notebook),
        "-a",
        assignment,
        "--config",
        str(starter / "grading.yml"),
        "--format",
        "json",
    )
    assert done.returncode == 1, done.stderr  # graded: the skeleton fails its checks
    report = json.loads(done.stdout)
    public = [c.id for c in config.assignments[assignment].checks if c.visibility == "public"]
    assert [r["id"] for r in report["results"]] == public
    assert report["score"] == 0 and {r["visibility"] for r in report["results"]} == {"public"}
    assert all("not implemented yet" in r["message"] for r in report["results"]), report


def test_a_public_module_that_imports_the_oracle_is_refused(tmp_path):
    folder = tmp_path / "checks" / "demo"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text(
        "try:\n    from autograder.checks.demo.hidden import x\nexcept ImportError:\n    pass\n"
    )
    (folder / "public.py").write_text("import numpy as np\n")
    check_no_secret_imports(folder, {"hidden.py", "oracle.py"})  # guarded: fine
    (folder / "public.py").write_text("from autograder.checks.demo import oracle\n")
    with pytest.raises(ClassroomExportError, match="public.py imports a module"):
        check_no_secret_imports(folder, {"hidden.py", "oracle.py"})


def test_a_one_assignment_starter_grades_that_notebook_alone(tmp_path):
    """Classroom's model: one repository per student per assignment."""
    repo = export_classroom(tmp_path / "repo", ["q_learning"])
    assert sorted(p.name for p in (repo / "assignments").iterdir()) == ["q_learning"]
    assert sorted(p.name for p in (repo / "autograder" / "checks").iterdir() if p.is_dir()) == [
        "q_learning"
    ]
    script = _grading_step(repo)["run"]
    assert "for a in q_learning; do" in script
    assert "bandits" not in script and "dqn" not in script
