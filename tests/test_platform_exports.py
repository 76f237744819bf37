"""Gradescope and otter bundles, run for real, agree with rlgrade on the same notebook."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile

import pytest
from notebook_variants import make_variant, solution_notebook
from test_reports import validate_gradescope

from autograder.export.gradescope import export_gradescope
from autograder.export.otter import export_otter
from autograder.grade import grade_notebook

UCB_BUG = {
    "ucb_scores": "def ucb_scores(Q, N, t, c):\n    return Q + c * np.sqrt(np.log(t) / (N + 1))\n"
}


@pytest.fixture(scope="module")
def gradescope_zip(tmp_path_factory):
    return export_gradescope("bandits", tmp_path_factory.mktemp("build"))


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


def _run_autograder(root):
    env = dict(os.environ, RLGRADE_AUTOGRADER_ROOT=str(root), RLGRADE_PYTHON=sys.executable)
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


@pytest.mark.parametrize("variant", ["reference", "buggy"])
def test_run_autograder_matches_rlgrade(variant, tmp_path, gradescope_zip, config):
    notebook = solution_notebook("bandits")
    if variant == "buggy":
        notebook = make_variant(notebook, tmp_path / "nb" / "bandits.ipynb", UCB_BUG)
    root = _autograder_root(tmp_path, gradescope_zip, {"bandits.ipynb": notebook})
    payload = _run_autograder(root)
    validate_gradescope(payload, len(config.assignments["bandits"].checks))
    expected = grade_notebook(notebook, "bandits", config)
    assert payload["score"] == pytest.approx(expected.score)
    assert {t["name"]: t["score"] for t in payload["tests"]} == {
        r.id: r.score for r in expected.results
    }


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


@pytest.mark.parametrize("variant", ["reference", "buggy"])
def test_otter_run_matches_rlgrade(variant, tmp_path, config):
    zip_path = export_otter("bandits", tmp_path / "build")
    notebook = solution_notebook("bandits")
    if variant == "buggy":
        notebook = make_variant(notebook, tmp_path / "nb" / "bandits.ipynb", UCB_BUG)
    work = tmp_path / "run"
    work.mkdir()
    shutil.copy(notebook, work / "bandits.ipynb")
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
            str(work / "bandits.ipynb"),
        ],
        cwd=work,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    otter = json.loads((work / "results.json").read_text())
    otter_scores = {t["name"]: t["score"] for t in otter["tests"] if "score" in t}
    expected = grade_notebook(notebook, "bandits", config)
    assert otter_scores == {r.id: r.score for r in expected.results}
