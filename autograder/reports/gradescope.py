"""Gradescope's results.json (its autograder specification)."""

from __future__ import annotations

import json

from autograder.grade.results import GradeReport
from autograder.reports.format import points

FENCE = "`" * 3  # a Markdown code fence
VISIBILITY = {"public": "visible", "hidden": "after_published"}


def _markdown(r) -> str:
    """The check's title, then its message verbatim in a code block (arrays, grids and
    tracebacks keep their layout; Gradescope renders ``output_format: md``)."""
    head = f"[{r.status}] " if r.status != "passed" else ""
    body = r.message.replace(FENCE, "~~~")
    title = f"{head}**{r.heading}** ({points(r.score)}/{points(r.max_score)})"
    return f"{title}\n\n{FENCE}\n{body}\n{FENCE}"


def gradescope_json(report: GradeReport) -> str:
    tests = [
        {
            "name": r.id,
            "score": r.score,
            "max_score": r.max_score,
            "status": "passed" if r.status == "passed" else "failed",
            "output": _markdown(r),
            "output_format": "md",
            "visibility": VISIBILITY[r.visibility],
        }
        for r in report.results
    ]
    payload = {
        "score": report.score,
        "execution_time": round(report.seconds, 3),
        "output": f"{report.assignment}: {points(report.score)} / {points(report.max_score)} points"
        + (
            f"\n\nYour notebook could not be read: {report.notebook_error}"
            if report.notebook_error
            else ""
        )
        + "".join(f"\n\nNote: {warning}" for warning in report.warnings),
        "output_format": "md",
        "test_output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
        "extra_data": {"platform": report.platform},
    }
    return json.dumps(payload, indent=2, allow_nan=False)
