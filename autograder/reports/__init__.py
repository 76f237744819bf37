"""Report formats built from a GradeReport: terminal table, Gradescope JSON, JUnit XML,
Markdown and an HTML feedback page with learning curves."""

from autograder.reports.gradescope import gradescope_json
from autograder.reports.html import html_report
from autograder.reports.junit import junit_xml
from autograder.reports.markdown import markdown_report
from autograder.reports.table import print_table
from autograder.reports.write import write_atomic

__all__ = [
    "gradescope_json",
    "html_report",
    "junit_xml",
    "markdown_report",
    "print_table",
    "write_atomic",
]
