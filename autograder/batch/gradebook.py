"""Grade many submissions in parallel; each finished result is saved at once.

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
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

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


def _grade_one(
    student: str,
    notebook: str,
    digest: str,
    assignment: str,
    out: str,
    shown: str,
    note: str,
    config_path: str | None = None,
) -> dict:
    from autograder.config import load_config
    from autograder.grade import grade_notebook
    from autograder.reports import html_report

    report = grade_notebook(notebook, assignment, load_config(config_path))
    broken = report.notebook_error
    record = dict(
        report.to_dict(),
        student=student,
        status="unreadable" if broken else "graded",
        reason=broken or note,
        file=shown,
        sha256=digest,
        graded_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    # the feedback page first: a saved result means "done", so its page must exist too
    write_atomic(feedback_path(Path(out), student), html_report(report))
    write_atomic(_result_path(Path(out), student), json.dumps(record, indent=2))
    return record


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


def grade_folder(
    folder: Path,
    assignment: str,
    out: Path,
    jobs: int = 2,
    on_result: Callable[[dict, bool], None] | None = None,
    expected: str | None = None,
    max_score: float = 0.0,
    config_path: str | None = None,
) -> list[dict]:
    """Grade every submission not graded yet; return every entry's record (old and new)."""
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
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(
                _grade_one,
                s.student,
                str(s.notebook),
                s.digest,
                assignment,
                str(out),
                str(s.notebook.relative_to(folder)),
                s.reason,
                config_path,
            )
            for s in todo
        ]
        for future in as_completed(futures):
            emit(future.result())
    write_gradebooks(out, records, assignment)
    return records
