"""Grade many submissions in parallel; each finished result is saved at once.

Why per-student files: an interrupted run (Ctrl-C, a killed job) loses only the
submissions in flight. A rerun skips every student whose saved result matches
the notebook's current hash, then rebuilds the CSV and JSON gradebooks.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from autograder.reports import write_atomic


@dataclass(frozen=True)
class Submission:
    student: str
    notebook: Path

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.notebook.read_bytes()).hexdigest()


def find_submissions(folder: Path) -> list[Submission]:
    """``folder/<student>.ipynb`` or ``folder/<student>/<one>.ipynb``."""
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".ipynb":
            found.append(Submission(entry.stem, entry))
        elif entry.is_dir():
            notebooks = sorted(
                p for p in entry.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
            )
            if notebooks:
                found.append(Submission(entry.name, notebooks[0]))
    return found


def _result_path(out: Path, student: str) -> Path:
    return out / "results" / f"{student}.json"


def feedback_path(out: Path, student: str) -> Path:
    return out / "feedback" / f"{student}.html"


def _grade_one(student: str, notebook: str, digest: str, assignment: str, out: str) -> dict:
    from autograder.grade import grade_notebook
    from autograder.reports import html_report

    report = grade_notebook(notebook, assignment)
    record = dict(report.to_dict(), student=student, sha256=digest)
    # the feedback page first: a saved result means "done", so its page must exist too
    write_atomic(feedback_path(Path(out), student), html_report(report))
    write_atomic(_result_path(Path(out), student), json.dumps(record, indent=2))
    return record


def _done(out: Path, submission: Submission) -> dict | None:
    path = _result_path(out, submission.student)
    if not path.exists():
        return None
    record = json.loads(path.read_text())
    return record if record.get("sha256") == submission.digest else None


def write_gradebooks(out: Path, records: list[dict]) -> None:
    records = sorted(records, key=lambda r: r["student"])
    checks = [r["id"] for r in records[0]["results"]] if records else []
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["student", "score", "max_score", *checks])
    for r in records:
        by_id = {row["id"]: row["score"] for row in r["results"]}
        writer.writerow([r["student"], r["score"], r["max_score"], *(by_id.get(c) for c in checks)])
    write_atomic(out / "gradebook.csv", buffer.getvalue())
    summary = [
        {
            "student": r["student"],
            "score": r["score"],
            "max_score": r["max_score"],
            "sha256": r["sha256"],
            "checks": {row["id"]: row["score"] for row in r["results"]},
        }
        for r in records
    ]
    write_atomic(out / "gradebook.json", json.dumps(summary, indent=2))


def grade_folder(
    folder: Path,
    assignment: str,
    out: Path,
    jobs: int = 2,
    on_result: Callable[[dict, bool], None] | None = None,
) -> list[dict]:
    """Grade every submission not graded yet; return all records (old and new)."""
    submissions = find_submissions(folder)
    records, todo = [], []
    for submission in submissions:
        record = _done(out, submission)
        if record is not None:
            records.append(record)
            if on_result:
                on_result(record, True)
        else:
            todo.append(submission)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(_grade_one, s.student, str(s.notebook), s.digest, assignment, str(out))
            for s in todo
        ]
        for future in as_completed(futures):
            record = future.result()
            records.append(record)
            if on_result:
                on_result(record, False)
    write_gradebooks(out, records)
    return records
