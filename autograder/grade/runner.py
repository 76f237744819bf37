"""Run the checks of one assignment against one notebook, in a sandbox.

Every check in grading.yml gets exactly one row, whatever the submission does:
a failure in one check (even a crash of the child) never erases another's row.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from autograder.checks.registry import check_function
from autograder.config import AssignmentSpec, CheckSpec, GradingConfig, load_config
from autograder.config.load import REPO_ROOT
from autograder.grade.causes import broken_needs, cause_note
from autograder.grade.outcome import Decision, decide
from autograder.grade.platform import platform_info
from autograder.grade.results import CheckResult, GradeReport
from autograder.notebook.errors import NotebookError
from autograder.notebook.identify import wrong_assignment_warning
from autograder.notebook.loader import load_submission_code
from autograder.sandbox.errors import SubmissionError
from autograder.sandbox.limits import Limits
from autograder.sandbox.process import Sandbox
from autograder.sandbox.submission import RemoteSubmission

Progress = Callable[[CheckResult], None]
NOT_READ = "Not graded: your notebook could not be read (the reason is at the top of the report)."


class _SubmissionSession:
    """Starts the sandbox lazily and again after a crash; remembers a failed load."""

    def __init__(
        self, cells: list[dict], spec: AssignmentSpec, child_env: dict[str, str] | None = None
    ):
        self.cells = cells
        self.spec = spec
        self.child_env = child_env
        self.sandbox: Sandbox | None = None
        self.submission: RemoteSubmission | None = None
        self.load_failure: SubmissionError | None = None

    def get(self) -> RemoteSubmission:
        if self.load_failure is not None:
            raise self.load_failure
        if self.submission is None or not self.sandbox.alive:
            self.close()
            total = self.spec.load_time_limit + sum(c.time_limit for c in self.spec.checks)
            # the rlimit is the last resort: with headroom, each check's own budget (the
            # parent's, budget.py) fires first and says which check ran out of time
            limits = Limits(memory_mb=self.spec.memory_mb, cpu_seconds=int(1.5 * total + 10))
            self.sandbox = Sandbox(limits, extra_env=self.child_env)
            self.sandbox.start()
            try:
                self.submission = RemoteSubmission(
                    self.sandbox, self.cells, self.spec.load_time_limit
                )
            except SubmissionError as exc:
                self.load_failure = type(exc)(
                    f"Your notebook could not be loaded, so this check could not run. {exc}"
                )
                self.close()
                raise self.load_failure from None
        return self.submission

    def cpu_spent(self) -> float | None:
        """CPU seconds the child spent on the current check, None if it is gone."""
        if self.submission is None or not self.sandbox.alive:
            return None
        return round(self.submission.budget.cpu_spent(), 3)

    def close(self) -> None:
        if self.sandbox is not None:
            self.sandbox.close()
        self.sandbox, self.submission = None, None


def run_check(session: _SubmissionSession, assignment: str, spec: CheckSpec) -> CheckResult:
    started = time.monotonic()

    def run() -> object:
        check = check_function(assignment, spec.id)
        submission = session.get()
        submission.set_time_limit(spec.time_limit)
        return check(submission, spec)

    decision = decide(spec, run, student_code_here=False)
    return result_row(spec, decision, time.monotonic() - started, session.cpu_spent())


def result_row(
    spec: CheckSpec, decision: Decision, seconds: float = 0.0, cpu_seconds: float | None = None
) -> CheckResult:
    """The report's row for one check's decision (every front end writes rows this way)."""
    return CheckResult(
        id=spec.id,
        status=decision.status,
        score=decision.score,
        max_score=spec.points,
        visibility=spec.visibility,
        message=decision.message,
        seconds=round(seconds, 3),
        cpu_seconds=cpu_seconds,
        metric=decision.metric,
        threshold=spec.threshold.threshold if spec.threshold else None,
        curve=decision.curve,
        per_seed=decision.per_seed,
        title=spec.description,
        metric_name=spec.threshold.metric if spec.threshold else "",
    )


def add_row(report: GradeReport, spec: CheckSpec, result: CheckResult) -> None:
    """Append ``result``; a failure that may come from an earlier failed check's TODO
    (grading.yml's ``needs``) says so first and names it."""
    broken = broken_needs(spec, (r.id for r in report.results if r.status != "passed"))
    if result.status != "passed" and broken:
        result.message = cause_note(broken) + result.message
        result.caused_by = sorted(set(broken.values()))
    report.results.append(result)


def grade_notebook(
    notebook: str | Path,
    assignment: str,
    config: GradingConfig | None = None,
    public_only: bool = False,
    progress: Progress | None = None,
    child_env: dict[str, str] | None = None,
) -> GradeReport:
    """Grade ``notebook`` on every check of ``assignment`` (or its public ones).

    ``child_env`` adds to the sandbox child's environment (the reliability benchmark sets
    numeric variants with it; graders set them in their own environment, numerics.py).
    """
    config = config or load_config()
    spec = config.assignments[assignment]
    checks = [c for c in spec.checks if c.visibility == "public" or not public_only]
    report = GradeReport(
        assignment=assignment, notebook=str(notebook), platform=platform_info(child_env)
    )
    started = time.monotonic()
    try:
        cells = load_submission_code(notebook)
    except NotebookError as exc:
        report.notebook_error = str(exc)  # said once, at the top of every report
        for c in checks:
            report.results.append(CheckResult(c.id, "error", 0.0, c.points, c.visibility, NOT_READ))
            if progress:
                progress(report.results[-1])
        report.seconds = time.monotonic() - started
        return report
    mismatch = wrong_assignment_warning(
        [c["source"] for c in cells], assignment, config, REPO_ROOT / "assignments"
    )
    if mismatch:
        report.warnings.append(mismatch)
    session = _SubmissionSession(cells, spec, child_env)
    try:
        for check in checks:
            add_row(report, check, run_check(session, assignment, check))
            if progress:
                progress(report.results[-1])
        if os.geteuid() == 0 and not Sandbox.root_can_drop():
            report.warnings.append(
                "The submission ran as the grader's own user: file-system isolation is "
                "reduced (see README, threat model)."
            )
    finally:
        session.close()
    report.seconds = time.monotonic() - started
    return report
