"""Gradescope's results.json (its autograder specification)."""

from __future__ import annotations

import base64
import html
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


def _curve_png(r, assignment: str) -> bytes | None:
    """The learning curve of a threshold check, or None (no curve, or no matplotlib)."""
    if not r.curve:
        return None
    try:  # a picture is a courtesy: failing to draw it must never cost the results.json
        from autograder.reports.plots import learning_curve_png

        return learning_curve_png(
            r.curve, r.threshold, f"{assignment}: {r.heading}", r.metric, r.metric_name
        )
    except Exception:  # noqa: BLE001 - matplotlib missing or broken: the text still goes out
        return None


def _html(r, png: bytes) -> str:
    """A check with a learning curve: Gradescope shows images only inside HTML output, as
    a base64 data URI (gradescope/autograder_samples discussion 108)."""
    head = f"[{r.status}] " if r.status != "passed" else ""
    title = f"{head}<b>{html.escape(r.heading)}</b> ({points(r.score)}/{points(r.max_score)})"
    image = base64.b64encode(png).decode("ascii")
    return (
        f'<p>{title}</p>\n<pre style="white-space: pre-wrap">{html.escape(r.message)}</pre>\n'
        f'<img alt="learning curve of {html.escape(r.id)}" src="data:image/png;base64,{image}">'
    )


def _test(r, assignment: str) -> dict:
    png = _curve_png(r, assignment)
    return {
        "name": r.id,
        "score": r.score,
        "max_score": r.max_score,
        "status": "passed" if r.status == "passed" else "failed",
        "output": _html(r, png) if png else _markdown(r),
        "output_format": "html" if png else "md",
        "visibility": VISIBILITY[r.visibility],
    }


def gradescope_json(report: GradeReport) -> str:
    tests = [_test(r, report.assignment) for r in report.results]
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
