"""One Dask task: grade one notebook on a worker, with everything it needs in the task.

The notebook's bytes and the grading contract travel with the task, so a worker needs no
shared file system; the worker returns the record and the feedback page, and the client
writes them. The worker only runs the engine: the student's code runs in the sandbox
child the engine starts (autograder/sandbox), never in the worker's own process.
"""

from __future__ import annotations

import socket
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from autograder.batch.fingerprint import contract_fingerprint, engine_fingerprint


class VersionMismatch(RuntimeError):
    """A worker runs another engine, other checks or another contract than the client."""


@dataclass(frozen=True)
class GradingTask:
    student: str
    notebook_name: str
    notebook: bytes
    digest: str  # sha256 of the notebook, to resume
    assignment: str
    shown: str  # the file graded, relative to the class folder
    note: str
    contract: str  # grading.yml's text, cut to the assignment
    contract_hash: str
    engine: str  # the client's engine fingerprint


def worker_versions(contract: str) -> dict[str, str]:
    """What this worker would grade with (run on every worker before the batch starts)."""
    return {
        "host": socket.gethostname(),
        "engine": engine_fingerprint(),
        "contract": contract_fingerprint(contract),
    }


def refuse_if_mismatched(versions: dict[str, str], engine: str, contract_hash: str) -> None:
    if versions["engine"] != engine or versions["contract"] != contract_hash:
        raise VersionMismatch(
            f"worker on {versions['host']} runs engine {versions['engine']} with contract "
            f"{versions['contract']}; this batch was started with engine {engine} and contract "
            f"{contract_hash}. Install the same commit of the course on every worker (and on "
            "the machine that runs rlgrade batch), then rerun: nothing was graded on it."
        )


def grade_task(task: GradingTask) -> dict:
    """Grade one notebook; returns ``{"record": ..., "feedback": html}`` for the client."""
    from autograder.config import load_config
    from autograder.grade import grade_notebook
    from autograder.reports import html_report

    refuse_if_mismatched(worker_versions(task.contract), task.engine, task.contract_hash)
    with tempfile.TemporaryDirectory(prefix="rlgrade-task-") as folder:
        contract = Path(folder, "grading.yml")
        contract.write_text(task.contract, encoding="utf-8")
        notebook = Path(folder, task.notebook_name)
        notebook.write_bytes(task.notebook)
        report = grade_notebook(notebook, task.assignment, load_config(contract))
    broken = report.notebook_error
    record = dict(
        report.to_dict(),
        notebook=task.shown,
        student=task.student,
        status="unreadable" if broken else "graded",
        reason=broken or task.note,
        file=task.shown,
        sha256=task.digest,
        graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        worker=socket.gethostname(),
    )
    return {"record": record, "feedback": html_report(report)}
