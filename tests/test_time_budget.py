"""A check's time limit counts the child's CPU seconds: a loaded machine does not turn a
pass into a timeout, and code that sleeps still meets a wall-clock backstop.

The load is made real: the child and three busy processes, each in its own session (the
kernel's autogroups share a core between sessions), are pinned to one core, so the child
gets about a quarter of it and its wall time is about four times its CPU time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import psutil
import pytest

from autograder.sandbox.budget import WALL_FACTOR, WALL_SLACK_SECONDS
from autograder.sandbox.errors import SandboxTimeout
from autograder.sandbox.process import Sandbox
from autograder.sandbox.submission import RemoteSubmission

CELL = """
import time

def spin(seconds):
    start = time.process_time()
    n = 0
    while time.process_time() - start < seconds:
        n += 1
    return n

def nap(seconds):
    time.sleep(seconds)
    return 0
"""

needs_affinity = pytest.mark.skipif(
    not hasattr(os, "sched_setaffinity"), reason="pinning to a core needs sched_setaffinity"
)


@pytest.fixture
def submission():
    sandbox = Sandbox()
    sandbox.start()
    try:
        yield RemoteSubmission(sandbox, [{"index": 0, "source": CELL}], 60), sandbox
    finally:
        sandbox.close()


def _pin(pid: int, core: int) -> None:
    for thread in psutil.Process(pid).threads():
        psutil.Process(thread.id).cpu_affinity([core])


@needs_affinity
def test_a_loaded_core_does_not_turn_a_pass_into_a_timeout(submission):
    remote, sandbox = submission
    core = sorted(os.sched_getaffinity(0))[0]
    burners = [
        subprocess.Popen(
            [sys.executable, "-c", "while True: pass"],
            preexec_fn=lambda: os.sched_setaffinity(0, {core}),
            start_new_session=True,  # its own scheduling group, as the child has (autogroup)
        )
        for _ in range(3)
    ]
    try:
        _pin(sandbox.proc.pid, core)
        remote.set_time_limit(2.0)  # CPU seconds; the call needs 1.2 of them
        started = time.monotonic()
        assert remote.spin(1.2) > 0
        wall = time.monotonic() - started
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    # the condition was real: a wall-clock limit of 2 s would have timed this call out
    assert wall > 2.0, f"the core was not shared (wall {wall:.2f} s)"


def test_work_beyond_the_cpu_limit_times_out_and_says_so(submission):
    remote, _ = submission
    remote.set_time_limit(1.0)
    with pytest.raises(SandboxTimeout, match=r"its 1 s of CPU time"):
        remote.spin(30)


def test_sleeping_code_meets_the_wall_clock_backstop(submission):
    remote, _ = submission
    remote.set_time_limit(0.5)
    backstop = WALL_FACTOR * 0.5 + WALL_SLACK_SECONDS
    started = time.monotonic()
    with pytest.raises(SandboxTimeout, match="wall-clock time while using only"):
        remote.nap(600)
    assert time.monotonic() - started < backstop + 5


def test_many_short_calls_share_one_limit(submission):
    """A check made of many quick calls (a grader-stepped episode, a testbed) is limited
    as a single long call is: the budget is looked at before every call."""
    remote, _ = submission
    remote.set_time_limit(1.0)
    calls = 0
    with pytest.raises(SandboxTimeout, match=r"its 1 s of CPU time"):
        for _ in range(200):  # 200 x 50 ms of CPU = 10 s, far over the limit
            remote.spin(0.05)
            calls += 1
    assert 15 <= calls <= 40, calls  # stopped close to 1 s of CPU, not after all 200
