"""Grade one notebook: run every check of an assignment and collect result rows."""

from autograder.grade.results import CheckResult, GradeReport
from autograder.grade.runner import grade_notebook

__all__ = ["CheckResult", "GradeReport", "grade_notebook"]
