"""A feedback page per submission: the per-check table, the messages, the learning curves.

One self-contained HTML file (the PNGs are embedded), so it can be mailed, uploaded to an
LMS or opened from a CI artifact. Everything a submission controls (messages quote its
outputs) is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from pathlib import Path

from autograder.grade.results import GradeReport
from autograder.reports.format import points
from autograder.reports.plots import learning_curve_png

TEMPLATES = Path(__file__).parent / "templates"


WITHHELD = (
    "This check is hidden: its message is shown when grades are published. Its points "
    "count in the total above."
)


def html_report(report: GradeReport, public_only: bool = False) -> str:
    """The feedback page; ``public_only`` withholds hidden checks' messages and curves (the
    page a student may see before grades are published, as Gradescope's after_published)."""
    # imported here: the Gradescope and otter bundles grade without jinja2 and matplotlib
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    env.filters["points"] = points
    shown = [
        replace(r, message=WITHHELD, curve=None) if public_only and r.visibility == "hidden" else r
        for r in report.results
    ]
    figures = [
        {
            "id": r.id,
            "heading": r.heading,
            "status": f"{r.status}, {points(r.score)}/{points(r.max_score)} points",
            "png": base64.b64encode(
                learning_curve_png(
                    r.curve,
                    r.threshold,
                    f"{report.assignment}: {r.heading}",
                    metric=r.metric,
                    metric_name=r.metric_name,
                )
            ).decode("ascii"),
        }
        for r in shown
        if r.curve
    ]
    return env.get_template("feedback.html.j2").render(
        report=report, results=shown, figures=figures, notebook_name=Path(report.notebook).name
    )
