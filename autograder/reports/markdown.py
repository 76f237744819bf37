"""Markdown feedback (a CI job summary, a feedback page): one table row per check."""

from __future__ import annotations

from autograder.grade.results import GradeReport
from autograder.reports.format import points

ICON = {"passed": "✅", "failed": "❌", "error": "💥", "timeout": "⏱️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")[:2000]


def markdown_report(report: GradeReport) -> str:
    lines = [
        f"## {report.assignment}: {points(report.score)} / {points(report.max_score)} points",
        "",
        *(
            [f"**Your notebook could not be read:** {report.notebook_error}", ""]
            if report.notebook_error
            else []
        ),
        *[f"**Note:** {warning}\n" for warning in report.warnings],
        "| check | status | points | message |",
        "| --- | --- | ---: | --- |",
    ]
    for r in report.results:
        lines.append(
            f"| `{r.id}` | {ICON[r.status]} {r.status} | {points(r.score)}/{points(r.max_score)} | "
            f"{_cell(r.message)} |"
        )
    return "\n".join(lines) + "\n"
