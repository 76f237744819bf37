"""Helpers every test module shares: what a report lost, and what a sandbox left behind."""

from __future__ import annotations

import os
import subprocess
import sys

import psutil
from notebook_variants import REPO

from autograder.sandbox.limits import NOBODY_UID
from autograder.sandbox.process import Sandbox

RLGRADE = [sys.executable, "-m", "autograder.cli"]  # `rlgrade`, from this checkout


def rlgrade_cli(*args, cwd=REPO, timeout: float = 900) -> subprocess.CompletedProcess:
    """`rlgrade <args>` as a user types it, in its own process: output captured as text."""
    return subprocess.run(
        [*RLGRADE, *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def batch_command(folder, assignment: str, out, *options) -> list[str]:
    """`rlgrade batch` of a class folder with two workers, as an instructor types it."""
    return [
        *RLGRADE,
        "batch",
        str(folder),
        "-a",
        assignment,
        "-j",
        "2",
        "--out",
        str(out),
        *map(str, options),
    ]


def failed(report) -> set[str]:
    """The ids of the checks that did not pass."""
    return {r.id for r in report.results if r.status != "passed"}


def messages(report) -> dict[str, str]:
    """The messages of the checks that did not pass (cut, for an assertion's text)."""
    return {r.id: r.message[:600] for r in report.results if r.status != "passed"}


def sandbox_processes_left() -> list:
    """Processes of any sandbox this test process started that are still alive."""
    mine = set(Sandbox.markers_started)
    left = []
    for p in psutil.process_iter(["uids"]):
        try:
            if p.info["uids"].real in (NOBODY_UID, os.getuid()) and p.pid != os.getpid():
                if p.environ().get("RLGRADE_SANDBOX") in mine:
                    left.append(p)
        except (psutil.Error, AttributeError):
            continue
    return left
