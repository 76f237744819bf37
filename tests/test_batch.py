"""rlgrade batch: parallel, resumable, and its gradebook agrees with rlgrade grade."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import time

import pytest
from helpers import batch_command
from notebook_variants import REPO, make_variant, skeleton_notebook, solution_notebook
from platform_runs import plumbing_yaml

from autograder.config import load_config
from autograder.grade import grade_notebook

BUG = {
    "softmax": "def softmax(H):\n    z = np.exp(H)\n    return z / z.sum(axis=1, keepdims=True)\n"
}


@pytest.fixture
def class_folder(tmp_path):
    folder = tmp_path / "submitted"
    make_variant(solution_notebook("bandits"), folder / "ada.ipynb")
    make_variant(solution_notebook("bandits"), folder / "bo" / "bandits.ipynb", BUG)
    make_variant(solution_notebook("bandits"), folder / "cy.ipynb", BUG)
    make_variant(solution_notebook("bandits"), folder / "di.ipynb")
    return folder


def _batch(folder, out, *options, **kwargs):
    return subprocess.Popen(
        batch_command(folder, "bandits", out, *options),
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        **kwargs,
    )


@pytest.mark.slow
def test_batch_gradebook_matches_rlgrade_and_resumes_after_a_kill(class_folder, tmp_path):
    """Batch mechanics, so the testbeds train on the platform runs' cheaper setting
    (platform_runs.plumbing), here and in the one-by-one grading it is compared with."""
    contract = plumbing_yaml(REPO / "grading.yml", tmp_path / "grading.yml", "bandits")
    config = load_config(contract)
    out = tmp_path / "gradebook"
    first = _batch(class_folder, out, "--config", contract)
    deadline = time.monotonic() + 600
    while not list((out / "results").glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)  # the whole job, workers included
    first.wait()
    finished = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 1 <= len(finished) < 4
    for path in (out / "results").glob("*.json"):
        json.loads(path.read_text())  # every saved result is complete

    second = _batch(class_folder, out, "--config", contract)
    output, _ = second.communicate(timeout=900)
    assert second.returncode == 1, output  # exit 1: two buggy students lack full marks
    assert output.count("(already graded)") == len(finished)
    for name, mtime in finished.items():
        assert (out / "results" / name).stat().st_mtime_ns == mtime  # not regraded

    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == ["ada", "bo", "cy", "di"]
    full = config.assignments["bandits"].max_score
    buggy = grade_notebook(class_folder / "cy.ipynb", "bandits", config).score
    assert {s: float(r["score"]) for s, r in rows.items()} == {
        "ada": full,
        "bo": buggy,
        "cy": buggy,
        "di": full,
    }
    assert rows["bo"]["softmax_public"] == "0.0"
    summary = json.loads((out / "gradebook.json").read_text())
    assert [s["student"] for s in summary] == ["ada", "bo", "cy", "di"]
    assert {s["assignment"] for s in summary} == {"bandits"}  # read by `export grades`
    for student, row in rows.items():  # a feedback page per student, with its score
        page = (out / "feedback" / f"{student}.html").read_text()
        assert f"bandits: {float(row['score']):g} / {full:g} points" in page
        assert page.count("data:image/png;base64,") == 3  # the three testbed curves


def test_every_entry_of_the_class_folder_gets_a_row_with_a_status(tmp_path, config):
    """Nobody is dropped: empty folders, stray files, two notebooks, broken files (issue 13)."""
    folder = tmp_path / "submitted"
    skeleton = skeleton_notebook("bandits")
    make_variant(skeleton, folder / "ada.ipynb")
    (folder / "empty").mkdir()
    (folder / "onlypy").mkdir()
    (folder / "onlypy" / "bandits.py").write_text("print('hi')\n")
    (folder / "jon.py").write_text("print('hi')\n")
    make_variant(skeleton, folder / "two" / "a.ipynb")
    make_variant(skeleton, folder / "two" / "b.ipynb")
    make_variant(skeleton, folder / "named" / "bandits.ipynb")
    make_variant(skeleton, folder / "named" / "old.ipynb")
    (folder / "broken.ipynb").write_text(skeleton.read_text()[:500])
    (folder / "hollow.ipynb").write_text("")
    (folder / ".DS_Store").write_text("")
    out = tmp_path / "gradebook"
    contract = tmp_path / "grading.yml"  # --config reaches the workers: 5 points, not 1
    contract.write_text(
        (REPO / "grading.yml")
        .read_text()
        .replace(
            "{id: incremental_update_public, points: 1,",
            "{id: incremental_update_public, points: 5,",
        )
    )
    done = _batch(folder, out, "--config", contract)
    output, _ = done.communicate(timeout=600)
    assert done.returncode == 2, output  # exit 2: entries that need the instructor

    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert {float(r["max_score"]) for r in rows.values()} == {
        config.assignments["bandits"].max_score + 4
    }
    status = {student: row["status"] for student, row in rows.items()}
    assert status == {
        "ada": "graded",
        "broken": "unreadable",
        "empty": "missing",
        "hollow": "unreadable",
        "jon": "missing",
        "named": "graded",
        "onlypy": "missing",
        "two": "ambiguous",
    }, output
    assert "is empty" in rows["hollow"]["reason"] and "not valid JSON" in rows["broken"]["reason"]
    assert "it is empty" in rows["empty"]["reason"]
    assert "bandits.py" in rows["onlypy"]["reason"] and "not a notebook" in rows["jon"]["reason"]
    assert "a.ipynb, b.ipynb" in rows["two"]["reason"]
    assert rows["named"]["file"] == "named/bandits.ipynb" and "old.ipynb" in rows["named"]["reason"]
    digest = hashlib.sha256((folder / "ada.ipynb").read_bytes()).hexdigest()
    assert rows["ada"]["sha256"] == digest and rows["ada"]["graded_at"]
    assert all(float(row["score"]) == 0 for row in rows.values())
    assert "8 students" in output and "need your attention" in output
    for student in ("broken", "empty", "hollow", "jon", "named", "onlypy", "two"):
        assert f"  {student} [" in output, output  # the closing summary names each one
    summary = {s["student"]: s for s in json.loads((out / "gradebook.json").read_text())}
    assert summary["two"]["status"] == "ambiguous" and summary["two"]["reason"]
