"""Gradescope and otter bundles, run for real, agree with rlgrade on the same notebook.

Every assignment's reference notebook (and one buggy notebook, the PLATFORM_BUG of
platform_runs.buggy_assignment) gets the same score from each check under each platform as under
``rlgrade grade``; rlgrade's report is computed once per session (platform_runs).
Every threshold check trains and evaluates on a cheaper setting, the same on both sides
(platform_runs.plumbing); full marks under the real contract are tests/test_assignments.py's.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest
import yaml
from notebook_variants import make_variant, solution_notebook
from platform_runs import catalogue_bug, once, platform_cases, plumbing_yaml, session_folder
from test_reports import validate_gradescope

from autograder.config import load_config
from autograder.export.gradescope import export_gradescope
from autograder.export.otter import (
    ENGINE_IN_CONTAINER,
    LEAN_TENSORFLOW_CELL,
    SkipUngradedCells,
    export_otter,
)
from autograder.notebook.loader import load_submission_code

pytestmark = pytest.mark.slow  # runs otter, the Gradescope bundle and pip for real

CASES = platform_cases()  # every assignment's reference, and one buggy submission
ASSIGNMENTS = load_config().names


@pytest.fixture(scope="module")
def bundles(tmp_path_factory):
    """(platform, assignment) -> its bundle, built once per session."""
    folder = session_folder(tmp_path_factory, "bundles")
    export = {"gradescope": export_gradescope, "otter": export_otter}

    def bundle(platform, assignment):
        out = folder / f"{platform}_{assignment}"
        return once(folder, out.name, lambda: export[platform](assignment, out))

    return bundle


@pytest.fixture(scope="module")
def gradescope_zip(bundles):
    return bundles("gradescope", "bandits")


def _submission(assignment, variant, tmp_path):
    notebook = solution_notebook(assignment)
    if variant == "buggy":
        bug = catalogue_bug(assignment).replace
        notebook = make_variant(notebook, tmp_path / "nb" / f"{assignment}.ipynb", bug)
    return notebook


def _autograder_root(tmp_path, zip_path, notebooks: dict[str, str]):
    root = tmp_path / "autograder"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    for name in ("setup.sh", "run_autograder"):
        (root / "source" / name).chmod(0o755)
    shutil.copy(root / "source" / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    for name, source in notebooks.items():
        shutil.copy(source, root / "submission" / name)
    return root


def _run_autograder(root, python: str = sys.executable):
    env = dict(os.environ, RLGRADE_AUTOGRADER_ROOT=str(root), RLGRADE_PYTHON=python)
    done = subprocess.run(
        ["bash", str(root / "run_autograder")], env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_bundle_holds_the_engine_and_no_solutions(gradescope_zip):
    names = zipfile.ZipFile(gradescope_zip).namelist()
    assert {"setup.sh", "run_autograder", "grading.yml", "requirements.txt"} <= set(names)
    assert "autograder/checks/bandits/public.py" in names
    assert not [n for n in names if n.startswith("solutions") or n.endswith(".ipynb")]
    assert not [n for n in names if n.startswith("autograder/checks/q_learning")]
    for name in [n for n in names if n.startswith("autograder/checks/") and n.endswith(".py")]:
        text = zipfile.ZipFile(gradescope_zip).read(name).decode("utf-8", "replace")
        assert "### BEGIN SOLUTION" not in text, name
    requirements = zipfile.ZipFile(gradescope_zip).read("requirements.txt").decode()
    assert all("==" in line for line in requirements.splitlines())


@pytest.mark.parametrize("assignment,variant", CASES)
def test_run_autograder_matches_rlgrade(
    assignment, variant, tmp_path, bundles, config, rlgrade, platform
):
    notebook = _submission(assignment, variant, tmp_path)
    zip_path = bundles("gradescope", assignment)
    root = _autograder_root(tmp_path, zip_path, {f"{assignment}.ipynb": notebook})
    shipped = root / "source" / "grading.yml"
    plumbing_yaml(shipped, shipped, assignment)  # the platform contract (platform_runs.py)
    payload = _run_autograder(root)
    validate_gradescope(payload, len(config.assignments[assignment].checks))
    expected = rlgrade(notebook, assignment, platform.config(assignment))
    assert {t["name"]: t["score"] for t in payload["tests"]} == pytest.approx(expected.scores)
    assert payload["score"] == pytest.approx(expected.score)
    if variant == "reference":
        assert expected.score == config.assignments[assignment].max_score
    else:
        assert expected.score < config.assignments[assignment].max_score


@pytest.fixture
def bundle_only_venv():
    """A venv holding only what the bundle's requirements.txt pins (Gradescope's image):
    an import the engine needs but the bundle forgets fails here, not on Gradescope.
    Outside pytest's private tmp so that the sandbox child (``nobody``) can run it."""
    folder = Path(tempfile.mkdtemp(prefix="rlgrade-bundle-venv-"))
    folder.chmod(0o755)
    try:
        yield folder / "venv"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_run_autograder_with_only_the_bundle_requirements(
    tmp_path, gradescope_zip, config, rlgrade, platform, bundle_only_venv
):
    notebook = solution_notebook("bandits")
    root = _autograder_root(tmp_path, gradescope_zip, {"bandits.ipynb": notebook})
    shipped = root / "source" / "grading.yml"
    plumbing_yaml(shipped, shipped, "bandits")  # the platform contract (platform_runs.py)
    base = getattr(sys, "_base_executable", sys.executable)
    for cmd in (
        [base, "-m", "venv", str(bundle_only_venv)],
        [
            str(bundle_only_venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "-r",
            str(root / "source" / "requirements.txt"),
        ],
    ):
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stdout + done.stderr
    payload = _run_autograder(root, str(bundle_only_venv / "bin" / "python"))
    validate_gradescope(payload, len(config.assignments["bandits"].checks))
    assert (
        payload["score"]
        == rlgrade(notebook, "bandits", platform.config("bandits")).score
        == config.assignments["bandits"].max_score
    )


def test_child_cannot_read_the_grader_files(tmp_path, gradescope_zip, config):
    if os.geteuid() != 0:
        pytest.skip("the bundle protects its files when Gradescope runs it as root")
    root = tmp_path / "autograder"
    secret = root / "source" / "autograder" / "checks" / "bandits" / "oracle.py"
    spy = f"""
        def softmax(H):
            for path in [{str(secret)!r}, {str(root / "source" / "grading.yml")!r}]:
                try:
                    open(path).read()
                    return H  # wrong on purpose: reading worked
                except OSError:
                    pass
            z = np.exp(H - H.max(axis=1, keepdims=True))
            return z / z.sum(axis=1, keepdims=True)
    """
    notebook = make_variant(
        solution_notebook("bandits"), tmp_path / "nb" / "bandits.ipynb", {"softmax": spy}
    )
    root = _autograder_root(tmp_path, gradescope_zip, {"bandits.ipynb": notebook})
    shipped = root / "source" / "grading.yml"
    plumbing_yaml(shipped, shipped, "bandits")  # the platform contract (platform_runs.py)
    payload = _run_autograder(root)
    assert payload["score"] == config.assignments["bandits"].max_score


@pytest.mark.parametrize(
    "uploads,needle",
    [
        ({}, "No notebook was submitted"),
        ({"bandit.ipynb": "ref"}, "expected bandits.ipynb"),
        ({"bandits.ipynb": "ref", "copy.ipynb": "ref"}, "2 notebooks were submitted"),
    ],
)
def test_bad_upload_gets_one_clear_row(uploads, needle, tmp_path, gradescope_zip, config):
    notebooks = {name: solution_notebook("bandits") for name in uploads}
    payload = _run_autograder(_autograder_root(tmp_path, gradescope_zip, notebooks))
    assert len(payload["tests"]) == 1 and payload["score"] == 0
    assert needle in payload["tests"][0]["output"]
    assert payload["tests"][0]["max_score"] == config.assignments["bandits"].max_score


def test_otter_zip_installs_the_engine_it_ships(tmp_path, bundles):
    """otter's container imports the test files' engine from files/support: pip-installable."""
    archive = zipfile.ZipFile(bundles("otter", "q_learning"))
    environment = yaml.safe_load(archive.read("environment.yml"))
    pip = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert ENGINE_IN_CONTAINER in pip
    support = ENGINE_IN_CONTAINER.removeprefix("/autograder/source/")
    archive.extractall(tmp_path / "source")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "wheel"),
            str(tmp_path / "source" / support),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "autograder/export/otter.py" in names  # the plugin otter_config.json names
    assert "autograder/checks/q_learning/hidden.py" in names  # hidden checks: grader side
    assert not any(n.startswith(("autograder/checks/bandits/", "solutions/")) for n in names)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_otter_executes_the_cells_rlgrade_runs(assignment, bundles, config):
    otter_config = zipfile.ZipFile(bundles("otter", assignment)).read("otter_config.json")
    assert json.loads(otter_config)["plugins"] == ["autograder.export.otter.SkipUngradedCells"]
    nb = nbformat.read(solution_notebook(assignment), as_version=4)
    index = {id(cell): i for i, cell in enumerate(nb.cells)}
    kept = SkipUngradedCells().before_execution(nb)
    code = [cell for cell in kept.cells if cell.cell_type == "code"]
    if config.assignments[assignment].needs_tensorflow:  # first, TF imported as the sandbox does
        assert code.pop(0).source == LEAN_TENSORFLOW_CELL
    executed = [index[id(cell)] for cell in code]
    graded = [cell["index"] for cell in load_submission_code(solution_notebook(assignment))]
    assert executed == graded


@pytest.mark.parametrize("assignment,variant", CASES)
def test_otter_run_matches_rlgrade(
    assignment, variant, tmp_path, bundles, config, rlgrade, platform
):
    notebook = _submission(assignment, variant, tmp_path)
    zip_path = bundles("otter", assignment)
    work = tmp_path / "run"
    work.mkdir()
    shutil.copy(notebook, work / f"{assignment}.ipynb")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "otter",
            "run",
            "-a",
            str(zip_path),
            "-o",
            str(work),
            "--no-logo",
            str(work / f"{assignment}.ipynb"),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=900,
        env=dict(os.environ, RLGRADE_CONFIG=str(platform.yaml(assignment))),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    otter = json.loads((work / "results.json").read_text())
    otter_scores = {t["name"]: t["score"] for t in otter["tests"] if "score" in t}
    expected = rlgrade(notebook, assignment, platform.config(assignment))
    # otter's test cases are pass/fail: these submissions earn no partial credit under rlgrade
    assert all(r.score in (0, r.max_score) for r in expected.results)
    assert otter_scores == pytest.approx(expected.scores)
    assert sum(otter_scores.values()) == pytest.approx(expected.score)
