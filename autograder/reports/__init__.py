"""Report formats built from a GradeReport: terminal table, Gradescope JSON, GitHub
Classroom JSON, JUnit XML, Markdown and an HTML feedback page with learning curves."""

from autograder.reports.classroom import classroom_json
from autograder.reports.gradescope import gradescope_json
from autograder.reports.html import html_report
from autograder.reports.junit import junit_xml
from autograder.reports.markdown import markdown_report
from autograder.reports.table import print_table
from autograder.reports.write import write_atomic


def render(report, fmt: str) -> str:
    """The report as text in ``fmt`` (gradescope, junit, json, markdown or html)."""
    import json

    makers = {
        "gradescope": gradescope_json,
        "classroom": classroom_json,
        "junit": junit_xml,
        "markdown": markdown_report,
        "html": html_report,
        "html-public": lambda r: html_report(r, public_only=True),  # hidden messages withheld
        "json": lambda r: json.dumps(r.to_dict(), indent=2),
    }
    return makers[fmt](report)


__all__ = [
    "classroom_json",
    "gradescope_json",
    "html_report",
    "junit_xml",
    "markdown_report",
    "print_table",
    "render",
    "write_atomic",
]
