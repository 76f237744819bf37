"""Grades for Canvas and Moodle from `rlgrade batch` gradebooks, with a roster that
loses nobody: who submitted nothing is named (and gets 0), who is not on the roster too."""

from __future__ import annotations

import csv
import io
from functools import partial

from helpers import rlgrade_cli

from autograder.batch.gradebook import write_gradebooks

CANVAS_ROSTER = """Student,ID,SIS User ID,SIS Login ID,Section,bandits (1234)
    Points Possible,,,,,28
"Lovelace, Ada",101,s101,ada,A,
"Bo, Bo",102,s102,bo,A,
"Cy, Cy",103,s103,cy,B,
"""

export_grades = partial(rlgrade_cli, "export", "grades", timeout=120)  # `rlgrade export grades`


def _record(student, score, max_score, status="graded"):
    return {
        "student": student, "status": status, "score": score, "max_score": max_score,
        "file": f"{student}.ipynb", "sha256": "0" * 64, "graded_at": "2026-12-02T00:00:00+00:00",
        "reason": "", "results": [{"id": "only_check", "score": score}],
    }  # fmt: skip


def _gradebooks(tmp_path):
    bandits, q_learning = tmp_path / "gradebook-bandits", tmp_path / "gradebook-q_learning"
    bandits.mkdir(), q_learning.mkdir()
    write_gradebooks(
        bandits, [_record("ada", 28, 28), _record("bo", 20, 28), _record("zed", 10, 28)], "bandits"
    )
    write_gradebooks(
        q_learning, [_record("ada", 40, 40), _record("cy", 0, 40, "missing")], "q_learning"
    )
    return bandits, q_learning


def test_canvas_grades_follow_the_roster_and_name_who_is_missing(tmp_path):
    bandits, q_learning = _gradebooks(tmp_path)
    roster, out = tmp_path / "canvas_export.csv", tmp_path / "canvas.csv"
    roster.write_text(CANVAS_ROSTER)
    done = export_grades(
        bandits, q_learning, "--lms", "canvas", "--roster", roster,
        "--out", out,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == [
        "Student", "ID", "SIS User ID", "SIS Login ID", "Section", "bandits (1234)", "q_learning"
    ]  # fmt: skip
    assert rows[1] == ["Points Possible", "", "", "", "", "28", "40"]
    assert rows[2:] == [
        ["Lovelace, Ada", "101", "s101", "ada", "A", "28", "40"],
        ["Bo, Bo", "102", "s102", "bo", "A", "20", "0"],
        ["Cy, Cy", "103", "s103", "cy", "B", "0", "0"],
    ]
    text = " ".join(done.stdout.split())
    assert "bandits: 1 submitted nothing (0 points): cy" in text
    assert "q_learning: 2 submitted nothing (0 points): bo, cy" in text
    assert "bandits: 1 graded but not on the roster" in text and "zed" in text
    assert done.returncode == 2  # zed's grade is not in the file: the instructor must look


def test_moodle_without_a_roster_lists_every_graded_student(tmp_path):
    bandits, q_learning = _gradebooks(tmp_path)
    out = tmp_path / "moodle.csv"
    done = export_grades(bandits, q_learning, "--lms", "moodle", "--out", out)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows == [
        ["Username", "bandits", "q_learning"],
        ["ada", "28", "40"],
        ["bo", "20", "0"],
        ["cy", "0", "0"],
        ["zed", "10", "0"],
    ]


def test_bad_inputs_say_how_to_fix_them(tmp_path):
    bandits, _ = _gradebooks(tmp_path)
    out = tmp_path / "grades.csv"
    done = export_grades(bandits, "--lms", "canvas", "--out", out)
    assert done.returncode == 2 and "pass --roster" in done.stderr
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nAda,ada@example.org\n")
    done = export_grades(bandits, "--roster", roster, "--out", out)
    assert done.returncode == 2 and "no column 'student'" in done.stderr
    assert "--id-column" in done.stderr
    done = export_grades(tmp_path / "nowhere", "--out", out)
    assert done.returncode == 2 and "gradebook.json: not found" in done.stderr
    assert not out.exists()  # nothing half-written
