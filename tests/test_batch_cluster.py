"""rlgrade batch on Dask with real processes: `dask scheduler` and `dask worker` on 127.0.0.1.

The same class folder gives the same gradebook on the embedded LocalCluster, on a
2-worker cluster and as `rlgrade grade` one by one; a worker SIGKILLed mid-task costs
nobody their row; a notebook that kills its worker more often than Dask allows gets an
error row; workers of another engine are refused before anyone is graded; a TLS cluster
is used with certificates, and refused without; an unreachable scheduler is said within
10 s; a scheduler gone mid-batch keeps what finished, and a rerun completes the batch.
The contract is the bandits rule checks (seconds per notebook, no training).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest
from dask_processes import client_of, dask_cluster, make_certificates
from helpers import RLGRADE, rlgrade_cli
from notebook_variants import REPO, make_variant, skeleton_notebook, solution_notebook

from autograder.config import load_config
from autograder.grade import grade_notebook

A = "bandits"
BUG = {
    "softmax": "def softmax(H):\n    z = np.exp(H)\n    return z / z.sum(axis=1, keepdims=True)\n"
}
pytestmark = pytest.mark.slow  # starts Dask clusters (seconds each) and grades for real


@pytest.fixture(scope="module")
def contract(tmp_path_factory):
    """grading.yml cut to the bandits rule checks: the batch engine, not the training."""
    path = tmp_path_factory.mktemp("contract") / "grading.yml"
    path.write_text(load_config().subset(A, lambda c: c.threshold is None).to_yaml())
    return path


def class_of(folder, sleep: float = 0):
    """Reference, skeleton, a buggy and a broken notebook (each loads ``sleep`` s longer:
    a notebook that takes a while to grade, so that a batch can be hit mid-way)."""
    extra = [f"import time\ntime.sleep({sleep})"] if sleep else None
    make_variant(solution_notebook(A), folder / "ada.ipynb", append=extra)
    make_variant(skeleton_notebook(A), folder / "bo.ipynb", append=extra)
    make_variant(solution_notebook(A), folder / "cy" / "bandits.ipynb", BUG, append=extra)
    (folder / "di.ipynb").write_text('{"cells": [')
    return folder


def batch(folder, out, contract, *options, timeout=600):
    return rlgrade_cli(
        "batch", folder, "-a", A, "--out", out, "--config", contract, *options, timeout=timeout
    )


def start_batch(folder, out, contract, *options):
    command = [*RLGRADE, "batch", str(folder), "-a", A]
    command += ["--out", str(out), "--config", str(contract), *map(str, options)]
    return subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def gradebook(out) -> dict[str, dict]:
    """The gradebook's rows, without the columns that differ run to run (when, where)."""
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    for row in rows.values():
        row.pop("graded_at")
    return rows


def test_same_gradebook_on_local_cluster_on_two_workers_and_one_by_one(tmp_path, contract):
    folder = class_of(tmp_path / "submitted")
    local = batch(folder, tmp_path / "local", contract, "-j", "2")
    assert local.returncode == 2, local.stdout + local.stderr  # di is unreadable
    assert "Dask scheduler tcp://127.0.0.1:" in local.stdout  # the local default: loopback
    with dask_cluster(tmp_path / "cluster", workers=2) as cluster:
        remote = batch(folder, tmp_path / "remote", contract, "--scheduler", cluster.address)
    assert remote.returncode == 2, remote.stdout + remote.stderr
    assert gradebook(tmp_path / "local") == gradebook(tmp_path / "remote")

    checks = load_config(contract).assignments[A].checks
    rows = gradebook(tmp_path / "local")
    assert sorted(rows) == ["ada", "bo", "cy", "di"]
    # one by one: the reference's and the skeleton's scores are known check by check from
    # the contract (full points, zero: test_assignments); the bug is graded alone here
    alone = {
        "ada": {c.id: c.points for c in checks},
        "bo": {c.id: 0.0 for c in checks},
        "cy": grade_notebook(folder / "cy" / "bandits.ipynb", A, load_config(contract)).scores,
    }
    for student, scores in alone.items():
        assert float(rows[student]["score"]) == pytest.approx(sum(scores.values())), student
        for check, score in scores.items():
            assert float(rows[student][check]) == score, (student, check)
    assert rows["ada"]["score"] == rows["ada"]["max_score"]
    assert (
        float(rows["bo"]["score"])
        == 0
        < float(rows["cy"]["score"])
        < float(rows["cy"]["max_score"])
    )
    assert rows["di"]["status"] == "unreadable" and "not valid JSON" in rows["di"]["reason"]
    record = json.loads((tmp_path / "remote" / "results" / "cy.json").read_text())
    assert record["file"] == "cy/bandits.ipynb" and record["worker"]
    assert (tmp_path / "remote" / "feedback" / "cy.html").is_file()


def _kill_a_worker_grading(cluster, student: str, deadline: float = 120) -> None:
    """SIGKILL the worker process (not its nanny) while it grades ``student``."""
    with client_of(cluster) as client:
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            for worker, keys in client.processing().items():
                if any(student in str(key) for key in keys):
                    pid = client.run(os.getpid, workers=[worker])[worker]
                    time.sleep(2)  # well inside the task's 8 s (class_of(..., sleep=8))
                    os.kill(pid, signal.SIGKILL)
                    return
            time.sleep(0.2)
    raise AssertionError(f"no worker started grading {student}")


def test_a_worker_killed_mid_task_is_rescheduled_and_everyone_gets_one_row(tmp_path, contract):
    folder = class_of(tmp_path / "submitted", sleep=8)
    out = tmp_path / "out"
    with dask_cluster(tmp_path / "cluster", workers=2) as cluster:
        running = start_batch(folder, out, contract, "--scheduler", cluster.address)
        _kill_a_worker_grading(cluster, "ada")
        output, _ = running.communicate(timeout=600)
    assert running.returncode == 2, output  # di only
    rows = gradebook(out)
    assert sorted(rows) == ["ada", "bo", "cy", "di"]
    assert rows["ada"]["status"] == "graded" and rows["ada"]["score"] == rows["ada"]["max_score"]
    assert len(list((out / "results").glob("*.json"))) == 4  # one record each, di's unreadable


def test_a_notebook_that_kills_its_worker_too_often_gets_an_error_row(tmp_path, contract):
    folder = class_of(tmp_path / "submitted", sleep=8)
    out = tmp_path / "out"
    no_retry = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "0"}
    with dask_cluster(tmp_path / "cluster", workers=2, scheduler_env=no_retry) as cluster:
        running = start_batch(folder, out, contract, "--scheduler", cluster.address)
        _kill_a_worker_grading(cluster, "bo")
        output, _ = running.communicate(timeout=600)
    assert running.returncode == 2, output
    rows = gradebook(out)
    assert sorted(rows) == ["ada", "bo", "cy", "di"]
    assert rows["bo"]["status"] == "error" and "killed its Dask worker" in rows["bo"]["reason"]
    assert rows["ada"]["status"] == rows["cy"]["status"] == "graded"
    assert "bo [error]" in output  # named in the closing list of rows that need attention


def test_workers_of_another_engine_are_refused_before_anyone_is_graded(tmp_path, contract):
    other = tmp_path / "other-engine"
    shutil.copytree(
        REPO / "autograder", other / "autograder", ignore=shutil.ignore_patterns("__pycache__")
    )
    public = other / "autograder" / "checks" / A / "public.py"
    public.write_text(public.read_text() + "\n# a check edited on this worker only\n")
    folder = class_of(tmp_path / "submitted")
    out = tmp_path / "out"
    with dask_cluster(
        tmp_path / "cluster", workers=1, worker_env={"PYTHONPATH": str(other)}
    ) as cluster:
        done = batch(folder, out, contract, "--scheduler", cluster.address)
    assert done.returncode == 3, done.stdout + done.stderr
    text = " ".join(done.stdout.split())
    assert "runs engine" in text and "was started with engine" in text, text
    engines = [w.strip(";,") for w in text.split() if w.startswith("0.1.0+")]
    assert len(set(engines)) == 2, text  # both versions named
    assert not (out / "results").exists() or not list((out / "results").glob("*.json"))


def test_a_tls_cluster_is_used_with_certificates_and_refused_without(tmp_path, contract):
    certs = make_certificates(tmp_path / "certs")
    folder = class_of(tmp_path / "submitted")
    with dask_cluster(tmp_path / "cluster", workers=1, certs=certs) as cluster:
        assert cluster.address.startswith("tls://127.0.0.1:")
        started = time.monotonic()
        refused = batch(folder, tmp_path / "refused", contract, "--scheduler", cluster.address)
        assert time.monotonic() - started < 30
        assert refused.returncode == 3, refused.stdout + refused.stderr
        assert cluster.address in " ".join(refused.stdout.split())
        done = batch(
            folder, tmp_path / "out", contract, "--scheduler", cluster.address, *cluster.tls
        )
    assert done.returncode == 2, done.stdout + done.stderr
    assert gradebook(tmp_path / "out")["ada"]["status"] == "graded"


def test_an_unreachable_scheduler_is_said_within_ten_seconds(tmp_path, contract):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: nobody listens
    address = f"tcp://127.0.0.1:{port}"
    started = time.monotonic()
    done = batch(
        class_of(tmp_path / "submitted"), tmp_path / "out", contract, "--scheduler", address
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 3, done.stdout + done.stderr
    assert address in done.stdout and "cannot reach the Dask scheduler" in done.stdout
    assert elapsed < 10 + 8, elapsed  # 10 s to connect, plus the interpreter's start


def test_a_scheduler_gone_mid_batch_keeps_what_finished_and_a_rerun_completes(tmp_path, contract):
    # one worker, killed within 0.2 s of the first saved result: 3 s more per notebook
    # keeps the rest unfinished
    folder = class_of(tmp_path / "submitted", sleep=3)
    out = tmp_path / "out"
    with dask_cluster(tmp_path / "cluster", workers=1) as cluster:
        running = start_batch(folder, out, contract, "--scheduler", cluster.address)
        deadline = time.monotonic() + 300
        while not list((out / "results").glob("*.json")) and time.monotonic() < deadline:
            time.sleep(0.2)
        os.killpg(cluster.scheduler.pid, signal.SIGKILL)
        output, _ = running.communicate(timeout=300)
    assert running.returncode == 3, output
    assert "went away" in output or "cannot reach" in output, output
    kept = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert 1 <= len(kept) < 4
    rerun = batch(folder, out, contract)  # the local cluster this time
    assert rerun.returncode == 2, rerun.stdout + rerun.stderr
    assert rerun.stdout.count("(already graded)") == len(kept)
    for name, mtime in kept.items():
        assert (out / "results" / name).stat().st_mtime_ns == mtime  # not graded again
    assert sorted(gradebook(out)) == ["ada", "bo", "cy", "di"]
