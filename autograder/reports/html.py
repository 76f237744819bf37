"""A feedback page per submission: the per-check table, the messages, the learning curves.

One self-contained HTML file (the PNGs are embedded), so it can be mailed, uploaded to an
LMS or opened from a CI artifact. Everything a submission controls (messages quote its
outputs) is escaped by Jinja2's autoescaping.
"""

from __future__ import annotations

import base64
from pathlib import Path

from autograder.grade.results import GradeReport
from autograder.reports.plots import learning_curve_png

TEMPLATES = Path(__file__).parent / "templates"


def html_report(report: GradeReport) -> str:
    # imported here: the Gradescope and otter bundles grade without jinja2 and matplotlib
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    figures = [
        {
            "id": r.id,
            "status": f"{r.status}, {r.score:g}/{r.max_score:g} points",
            "png": base64.b64encode(
                learning_curve_png(r.curve, r.threshold, f"{report.assignment}: {r.id}")
            ).decode("ascii"),
        }
        for r in report.results
        if r.curve
    ]
    return env.get_template("feedback.html.j2").render(
        report=report, figures=figures, notebook_name=Path(report.notebook).name
    )
