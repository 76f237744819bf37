"""One grade per student and assignment, in the CSV a learning-management system imports.

Why a roster: the class folder only knows who submitted. The roster (the LMS's own
gradebook export, or any CSV with a column of student ids) lists everyone, so a student
who submitted nothing gets a 0 and is named, and a folder name that matches no one on
the roster (a typo, a late add) is named instead of silently dropped.

Formats: ``canvas`` keeps the roster's identifying columns (Student, ID, SIS User ID,
SIS Login ID, Section) and adds a "Points Possible" row, as Canvas's gradebook import
reads it; ``moodle`` writes the id column and one column per assignment (Moodle's
"Import grades from CSV" maps them); ``plain`` is the same without a roster.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

CANVAS_ID_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
DEFAULT_ID_COLUMN = {"canvas": "SIS Login ID", "moodle": "Username", "plain": "student"}


class GradesError(ValueError):
    """A gradebook or roster that cannot be used; the message says how to fix it."""


@dataclass
class Gradebook:
    """One assignment's gradebook.json: student -> score, and the maximum."""

    assignment: str
    max_score: float
    scores: dict[str, float]
    status: dict[str, str] = field(default_factory=dict)


def read_gradebook(folder: Path) -> Gradebook:
    path = folder / "gradebook.json"
    try:
        entries = json.loads(path.read_text())
    except FileNotFoundError:
        raise GradesError(
            f"{path}: not found. Fix: pass the --out folder of `rlgrade batch`."
        ) from None
    except json.JSONDecodeError as exc:
        raise GradesError(f"{path}: not valid JSON ({exc}). Fix: rerun `rlgrade batch`.") from None
    names = {e.get("assignment") for e in entries}
    if len(names) != 1 or None in names:
        raise GradesError(
            f"{path}: expected the gradebook of one assignment, found {sorted(map(str, names))}. "
            "Fix: rerun `rlgrade batch` (older gradebooks do not name their assignment)."
        )
    return Gradebook(
        assignment=names.pop(),
        max_score=max((e["max_score"] for e in entries), default=0.0),
        scores={e["student"]: float(e["score"]) for e in entries},
        status={e["student"]: e["status"] for e in entries},
    )


def read_roster(path: Path, id_column: str) -> tuple[list[str], list[dict[str, str]]]:
    """The roster's header and rows, Canvas's "Points Possible" row and empty ids dropped."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise GradesError(f"{path}: cannot be read ({exc}).") from None
    reader = csv.DictReader(io.StringIO(text))
    header = list(reader.fieldnames or [])
    if id_column not in header:
        raise GradesError(
            f"{path}: no column '{id_column}' (its columns: {', '.join(header) or 'none'}). "
            "Fix: pass --id-column with the column that holds the names of the students' "
            "folders in the class folder."
        )
    rows = [
        r
        for r in reader
        if (r.get(id_column) or "").strip()
        and not (r.get(header[0]) or "").strip().startswith("Points Possible")
    ]
    return header, rows


@dataclass
class LmsGrades:
    text: str
    no_submission: dict[str, list[str]]  # assignment -> roster students with no entry
    not_on_roster: dict[str, list[str]]  # assignment -> graded students the roster lacks


def _column_for(header: list[str], assignment: str) -> str:
    """The roster's column for this assignment ("bandits (1234)" in a Canvas export), or new."""
    for name in header:
        if re.sub(r"\s*\(\d+\)$", "", name).strip().lower() == assignment.lower():
            return name
    return assignment


def lms_grades(
    gradebooks: list[Gradebook],
    lms: str,
    roster: Path | None = None,
    id_column: str | None = None,
) -> LmsGrades:
    """The CSV for ``lms`` with one row per student and one column per assignment."""
    id_column = id_column or DEFAULT_ID_COLUMN[lms]
    names = [g.assignment for g in gradebooks]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise GradesError(
            f"two gradebooks of {', '.join(twice)}: give one folder per assignment (grade "
            "every section's submissions in one `rlgrade batch` folder)."
        )
    if lms == "canvas" and roster is None:
        raise GradesError(
            "Canvas imports grades by its own student ids: pass --roster with the CSV that "
            "Canvas's Grades > Export gives (its SIS Login ID column should match the "
            "students' folder names, or choose another with --id-column)."
        )
    if roster is not None:
        header, rows = read_roster(roster, id_column)
    else:
        students = sorted({s for g in gradebooks for s in g.scores})
        header, rows = [id_column], [{id_column: s} for s in students]
    keep = [c for c in header if c in CANVAS_ID_COLUMNS] if lms == "canvas" else [id_column]
    if lms == "canvas" and id_column not in keep:
        keep.append(id_column)
    columns = {g.assignment: _column_for(header, g.assignment) for g in gradebooks}
    roster_ids = {r[id_column].strip() for r in rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*keep, *columns.values()])
    if lms == "canvas":
        points = [f"{g.max_score:g}" for g in gradebooks]
        writer.writerow(["Points Possible", *[""] * (len(keep) - 1), *points])
    no_submission: dict[str, list[str]] = {g.assignment: [] for g in gradebooks}
    for row in rows:
        student = row[id_column].strip()
        cells = []
        for g in gradebooks:
            if g.status.get(student, "missing") == "missing":  # no entry, or an empty one
                no_submission[g.assignment].append(student)
            cells.append(f"{g.scores.get(student, 0.0):g}")
        writer.writerow([row.get(c, "") for c in keep] + cells)
    not_on_roster = {
        g.assignment: sorted(set(g.scores) - roster_ids) for g in gradebooks if roster is not None
    }
    return LmsGrades(
        buffer.getvalue(), no_submission, {a: s for a, s in not_on_roster.items() if s}
    )
