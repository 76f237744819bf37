"""Grade a class folder on Dask (batch/cluster.py); each finished result is saved at once.

Why per-student files: an interrupted run (Ctrl-C, a killed job) loses only the
submissions in flight. A rerun skips every student whose saved result matches
the notebook's current hash, then rebuilds the CSV and JSON gradebooks.

Nobody is dropped: every entry of the class folder gets a row with a status (graded,
missing, ambiguous, unreadable) and the reason, and which file was graded, its sha256
and when.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path

from autograder.batch.cluster import ClusterError, Tls, open_client
from autograder.batch.fingerprint import contract_fingerprint, engine_fingerprint
from autograder.batch.task import (
    GradingTask,
    VersionMismatch,
    grade_task,
    refuse_if_mismatched,
    worker_versions,
)
from autograder.reports import write_atomic


@dataclass(frozen=True)
class Submission:
    """One entry of the class folder: a notebook to grade, or why there is none."""

    student: str
    notebook: Path | None
    status: str = "found"  # found | missing | ambiguous | unreadable
    reason: str = ""  # why nothing was graded, or a note on what was (several notebooks)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.notebook.read_bytes()).hexdigest()


def _notebooks_in(folder: Path) -> list[Path]:
    found = folder.rglob("*.ipynb")
    return sorted(p for p in found if ".ipynb_checkpoints" not in p.relative_to(folder).parts)


def _from_folder(entry: Path, expected: str | None) -> Submission:
    try:
        notebooks = _notebooks_in(entry)
        others = sorted(p.name for p in entry.rglob("*") if p.is_file())
    except OSError as exc:
        return Submission(entry.name, None, "unreadable", f"{entry.name}/ cannot be read: {exc}")
    if not notebooks:
        found = f" (it holds {', '.join(others[:5])})" if others else " (it is empty)"
        reason = f"no .ipynb notebook in {entry.name}/{found}"
        return Submission(entry.name, None, "missing", reason)
    if len(notebooks) == 1:
        return Submission(entry.name, notebooks[0])
    names = ", ".join(str(p.relative_to(entry)) for p in notebooks)
    named = [p for p in notebooks if expected and p.name == expected]
    if len(named) == 1:
        return Submission(
            entry.name, named[0], reason=f"graded {named[0].relative_to(entry)} of {names}"
        )
    return Submission(
        entry.name,
        None,
        "ambiguous",
        f"{len(notebooks)} notebooks in {entry.name}/ ({names}) and not exactly one named "
        f"{expected or 'after the assignment'}: keep the one to grade",
    )


def find_submissions(folder: Path, expected: str | None = None) -> list[Submission]:
    """Every entry of ``folder``, one per student: ``<student>.ipynb`` or ``<student>/``.

    ``expected`` (e.g. ``bandits.ipynb``) picks the notebook when a student's folder holds
    several. Hidden entries (``.DS_Store``, ``.ipynb_checkpoints``) are not students.
    """
    found: dict[str, Submission] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            submission = _from_folder(entry, expected)
        elif entry.suffix == ".ipynb":
            submission = Submission(entry.stem, entry)
        else:
            submission = Submission(
                entry.stem, None, "missing", f"{entry.name} is not a notebook (.ipynb)"
            )
        if submission.student in found:
            first = found[submission.student]
            submission = Submission(
                submission.student,
                None,
                "ambiguous",
                f"{submission.student} submitted twice ({_shown(first, folder)} and "
                f"{_shown(submission, folder, entry)}): keep one",
            )
        found[submission.student] = submission
    return list(found.values())


def _shown(submission: Submission, folder: Path, entry: Path | None = None) -> str:
    if submission.notebook is not None:
        return str(submission.notebook.relative_to(folder))
    return entry.name if entry is not None else submission.student


def not_graded(submission: Submission, max_score: float) -> dict:
    """The gradebook row of an entry with nothing to grade: zero, and the reason."""
    return {
        "student": submission.student,
        "status": submission.status,
        "reason": submission.reason,
        "file": None,
        "sha256": None,
        "graded_at": None,
        "score": 0.0,
        "max_score": max_score,
        "results": [],
    }


def _result_path(out: Path, student: str) -> Path:
    return out / "results" / f"{student}.json"


def feedback_path(out: Path, student: str) -> Path:
    return out / "feedback" / f"{student}.html"


def _done(out: Path, submission: Submission) -> dict | None:
    path = _result_path(out, submission.student)
    if not path.exists():
        return None
    try:
        record = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None  # a damaged saved result is graded again
    return record if record.get("sha256") == submission.digest else None


COLUMNS = ("student", "status", "score", "max_score", "file", "sha256", "graded_at", "reason")


def write_gradebooks(out: Path, records: list[dict], assignment: str | None = None) -> None:
    """gradebook.csv (a column per check) and gradebook.json: every student, with a status."""
    records = sorted(records, key=lambda r: r["student"])
    checks = next(([row["id"] for row in r["results"]] for r in records if r["results"]), [])
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, *checks])
    for r in records:
        by_id = {row["id"]: row["score"] for row in r["results"]}
        writer.writerow([r.get(c) for c in COLUMNS] + [by_id.get(c) for c in checks])
    write_atomic(out / "gradebook.csv", buffer.getvalue())
    summary = [
        {
            "assignment": assignment or r.get("assignment"),
            **{c: r.get(c) for c in COLUMNS},
            "checks": {row["id"]: row["score"] for row in r["results"]},
        }
        for r in records
    ]
    write_atomic(out / "gradebook.json", json.dumps(summary, indent=2))


def needs_attention(records: list[dict]) -> list[dict]:
    """Students whose row is not a plain grade: nothing graded, or a note on what was."""
    return [r for r in records if r["status"] != "graded" or r.get("reason")]


class BatchStopped(RuntimeError):
    """The cluster went away mid-batch: what finished is saved; a rerun grades the rest."""


def error_row(submission: Submission, max_score: float, reason: str, shown: str) -> dict:
    """The gradebook row of a submission the cluster could not grade: zero, and why."""
    return dict(
        not_graded(Submission(submission.student, None, "error", reason), max_score),
        file=shown,
        sha256=submission.digest,
    )


def save(out: Path, result: dict) -> dict:
    """Write a worker's result: the feedback page first, since a saved record means done."""
    record = result["record"]
    write_atomic(feedback_path(out, record["student"]), result["feedback"])
    write_atomic(_result_path(out, record["student"]), json.dumps(record, indent=2))
    return record


def grade_folder(
    folder: Path,
    assignment: str,
    out: Path,
    jobs: int = 2,
    on_result: Callable[[dict, bool], None] | None = None,
    expected: str | None = None,
    max_score: float = 0.0,
    config_path: str | None = None,
    scheduler: str | None = None,
    tls: Tls | None = None,
    on_running: Callable[[int], None] | None = None,
    on_cluster: Callable[[object], None] | None = None,
) -> list[dict]:
    """Grade every submission not graded yet on Dask; return every entry's record.

    ``scheduler`` None: an embedded LocalCluster of ``jobs`` workers; else the address of
    an existing cluster. Each result is saved as it arrives, so an interrupted batch
    resumes; a submission whose grading kills its worker more often than Dask allows gets
    an ``error`` row, and the batch goes on.
    """
    from autograder.config import load_config

    submissions = find_submissions(folder, expected)
    records, todo = [], []

    def emit(record: dict, cached: bool = False) -> None:
        records.append(record)
        if on_result:
            on_result(record, cached)

    for submission in submissions:
        if submission.notebook is None:
            emit(not_graded(submission, max_score))
            continue
        try:
            record = _done(out, submission)
        except OSError as exc:  # the notebook cannot be read to hash it
            unreadable = Submission(
                submission.student, None, "unreadable", f"cannot be read: {exc}"
            )
            emit(not_graded(unreadable, max_score))
            continue
        if record is not None:
            emit(record, cached=True)
        else:
            todo.append(submission)
    if todo:
        contract = load_config(config_path).subset(assignment).to_yaml()
        tasks = [_task(s, folder, assignment, contract) for s in todo]
        with open_client(scheduler, jobs, tls or Tls()) as client:
            if on_cluster:
                on_cluster(client)
            check_workers(client, contract, tasks[0].engine)
            _run(client, tasks, todo, out, max_score, emit, on_running)
    write_gradebooks(out, records, assignment)
    return records


def _task(submission: Submission, folder: Path, assignment: str, contract: str) -> GradingTask:
    return GradingTask(
        student=submission.student,
        notebook_name=submission.notebook.name,
        notebook=submission.notebook.read_bytes(),
        digest=submission.digest,
        assignment=assignment,
        shown=str(submission.notebook.relative_to(folder)),
        note=submission.reason,
        contract=contract,
        contract_hash=contract_fingerprint(contract),
        engine=engine_fingerprint(),
    )


WORKERS_TIMEOUT = 120  # seconds an existing cluster may take to offer its first worker


def check_workers(client, contract: str, engine: str) -> None:
    """Every worker runs this engine, these checks and this contract: before anyone is graded."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError:
        raise ClusterError(
            f"the Dask scheduler has no worker after {WORKERS_TIMEOUT} s: start some "
            "(`dask worker ADDRESS`), or grade without --scheduler."
        ) from None
    contract_hash = contract_fingerprint(contract)
    problems = []
    for address, versions in sorted(client.run(worker_versions, contract).items()):
        try:
            refuse_if_mismatched(versions, engine, contract_hash)
        except VersionMismatch as exc:
            problems.append(f"{address}: {exc}")
    if problems:
        raise ClusterError("workers disagree with this batch:\n  " + "\n  ".join(problems))


def _run(client, tasks, todo, out, max_score, emit, on_running) -> None:
    from distributed import wait
    from distributed.client import FuturesCancelledError
    from distributed.scheduler import KilledWorker

    futures = {}
    for submission, task in zip(todo, tasks, strict=True):
        key = f"grade-{task.student}-{task.digest[:12]}"
        futures[client.submit(grade_task, task, key=key, pure=False)] = (submission, task)
    pending = set(futures)
    while pending:
        try:
            done, pending = wait(pending, timeout=1.0, return_when="FIRST_COMPLETED")
        except TimeoutError:
            done = set()
        except (FuturesCancelledError, CancelledError, OSError) as exc:
            raise BatchStopped(_stopped(exc)) from None
        for future in done:
            submission, task = futures[future]
            try:
                emit(save(out, future.result()))
            except KilledWorker as exc:
                emit(error_row(submission, max_score, killed_reason(exc), task.shown))
            except VersionMismatch as exc:  # a worker that joined after the first check
                raise ClusterError(str(exc)) from None
            except Exception as exc:  # noqa: BLE001 - one student's crash is one error row
                if future.status == "cancelled" or client.status != "running":
                    raise BatchStopped(_stopped(exc)) from None
                emit(error_row(submission, max_score, f"grading crashed: {exc!r}", task.shown))
        if on_running:
            on_running(_running(client))


def killed_reason(exc: Exception) -> str:
    return (
        "grading this notebook killed its Dask worker more often than the cluster allows "
        f"(distributed.scheduler.allowed-failures), so it was given up: {exc}. Grade it alone "
        "with `rlgrade grade` to see why (memory, or a crash of the machine)."
    )


def _stopped(exc: Exception) -> str:
    return (
        f"the Dask cluster went away ({type(exc).__name__}: {exc}); every result that "
        "arrived before is saved. Rerun the same command to grade the rest."
    )


def _running(client) -> int:
    try:
        return sum(len(keys) for keys in client.processing().values())
    except Exception:  # noqa: BLE001 - a count for the progress bar only
        return 0
