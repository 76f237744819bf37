"""Grade the submission in a Gradescope container: /autograder/{submission,results,source}.

Before the submission runs, the grader's own files (source: checks, config) and
the results folder are made root-only, so the sandboxed child (user nobody)
can neither read hidden checks nor write a results file.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.config import load_config
from autograder.grade import GradeReport, grade_notebook
from autograder.grade.results import CheckResult
from autograder.reports import gradescope_json, write_atomic


def find_submission(folder: Path, expected: str) -> tuple[Path | None, str]:
    """The one notebook to grade, or a message that says what is wrong with the upload."""
    notebooks = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    found = ", ".join(p.name for p in notebooks) or "no notebook"
    if len(notebooks) == 1 and notebooks[0].name == expected:
        return notebooks[0], ""
    if not notebooks:
        problem = f"No notebook was submitted. Upload your {expected}."
    elif len(notebooks) > 1:
        problem = f"{len(notebooks)} notebooks were submitted ({found}). Upload only {expected}."
    else:
        problem = (
            f"The submitted notebook is named {notebooks[0].name}; expected {expected}. "
            f"Rename it to {expected} (keep the assignment's notebook) and upload again."
        )
    return None, problem


def _protect(root: Path) -> None:
    if os.geteuid() != 0:
        return
    for folder in (root / "source", root / "results"):
        if folder.exists():
            os.chmod(folder, 0o700)


def run_gradescope(root: Path, assignment: str) -> GradeReport:
    root = Path(root)
    config = load_config(root / "source" / "grading.yml")
    spec = config.assignments[assignment]
    (root / "results").mkdir(parents=True, exist_ok=True)
    _protect(root)
    notebook, problem = find_submission(root / "submission", spec.notebook)
    if notebook is None:
        report = GradeReport(assignment=assignment, notebook="(none)")
        report.results.append(
            CheckResult("submission", "failed", 0.0, spec.max_score, "public", problem)
        )
    else:
        report = grade_notebook(notebook, assignment, config)
    write_atomic(root / "results" / "results.json", gradescope_json(report))
    return report
