"""Gradescope's results.json (its autograder specification)."""

from __future__ import annotations

import json

from autograder.grade.results import GradeReport

VISIBILITY = {"public": "visible", "hidden": "after_published"}


def gradescope_json(report: GradeReport) -> str:
    tests = [
        {
            "name": r.id,
            "score": r.score,
            "max_score": r.max_score,
            "status": "passed" if r.status == "passed" else "failed",
            "output": r.message if r.status == "passed" else f"[{r.status}] {r.message}",
            "visibility": VISIBILITY[r.visibility],
        }
        for r in report.results
    ]
    payload = {
        "score": report.score,
        "execution_time": round(report.seconds, 3),
        "output": f"{report.assignment}: {report.score:g} / {report.max_score:g} points"
        + (
            f"\n\nYour notebook could not be read: {report.notebook_error}"
            if report.notebook_error
            else ""
        )
        + "".join(f"\n\nNote: {warning}" for warning in report.warnings),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"platform": report.platform},
    }
    return json.dumps(payload, indent=2, allow_nan=False)
