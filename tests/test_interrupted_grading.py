"""Killing the grader mid-run leaves the previous complete report (or none) and no child."""

from __future__ import annotations

import json
import signal
import subprocess
import time

import psutil
import pytest
from helpers import RLGRADE
from notebook_variants import REPO, solution_notebook

pytestmark = pytest.mark.slow  # kills real grading runs


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_kill_mid_run_keeps_previous_report_and_leaves_no_sandbox(sig, tmp_path):
    out = tmp_path / "results.json"
    previous = json.dumps({"score": 1, "tests": [], "note": "previous complete report"})
    out.write_text(previous)
    job = subprocess.Popen(
        [
            *RLGRADE,
            "grade",
            str(solution_notebook("bandits")),
            "-a",
            "bandits",
            "--format",
            "gradescope",
            "--out",
            str(out),
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    grader = psutil.Process(job.pid)
    deadline = time.monotonic() + 120
    children = []
    while not children and time.monotonic() < deadline:  # wait for the sandbox to start
        children = grader.children(recursive=True)
        time.sleep(0.05)
    assert children, "the sandbox child never started"
    time.sleep(1.0)
    job.send_signal(sig)
    job.wait(timeout=60)
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, alive
    assert out.read_text() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["results.json"]  # no partial temp file
