"""Grade a notebook in this process, the way its own test cells do (``check_here``).

Why: the bug catalogue grades about a hundred variants of the references, each on every
numerical check. Under ``rlgrade grade`` each variant starts a sandbox child that imports
TensorFlow again (about 6 s of the 9 s a DQN or REINFORCE entry costs), while what an
entry proves is what the *checks* decide about its code. That decision is the same code
on both paths (``grade.outcome.decide``, the check functions, ``LocalSubmission``
standing in for the sandbox proxy), and the two paths are proven to give the same scores
check by check by nbgrader's run of the test cells (tests/test_nbgrader_workflow.py).

Entries that train are still graded by ``rlgrade grade``. Here a check's time limit is
counted in wall-clock seconds (a timer signal), not in the child's CPU seconds: enough
for a variant that never returns to get its timeout row instead of hanging the run, and
no sandbox at all, so this is for our own variants only, never for a submission.
"""

from __future__ import annotations

import functools
import linecache
import signal
from contextlib import contextmanager
from pathlib import Path

from autograder.checks.registry import check_function
from autograder.config import GradingConfig
from autograder.grade.outcome import Decision, decide
from autograder.grade.results import GradeReport
from autograder.grade.runner import add_row, result_row
from autograder.notebook.loader import load_submission_code
from autograder.sandbox.lean_imports import import_tensorflow_lean, uses_tensorflow
from autograder.test_cells.check_here import LocalSubmission


def load_here(notebook: str | Path) -> dict:
    """The namespace of the notebook's graded cells, executed as the sandbox child does
    (same cells, same order, same ``<notebook cell N>`` names in tracebacks)."""
    cells = load_submission_code(notebook)
    if uses_tensorflow([c["source"] for c in cells]):
        import_tensorflow_lean()
    namespace: dict = {"__name__": "__main__"}
    for cell in cells:
        filename = f"<notebook cell {cell['index'] + 1}>"
        source = cell["source"]
        linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - our own variants
    return namespace


class _OutOfTime(BaseException):  # not an Exception: decide() must not take it for a bug
    pass


@contextmanager
def _time_limit(seconds: float):
    def expire(signum, frame):
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def decide_here(spec, run) -> Decision:
    """decide() on the check's run, stopped after its time limit (wall-clock seconds)."""
    try:
        with _time_limit(spec.time_limit):
            return decide(spec, run, student_code_here=True)
    except _OutOfTime:
        message = f"{spec.id} did not finish within the time limit: {spec.time_limit} s."
        return Decision("timeout", 0.0, message)


def grade_here(notebook: str | Path, assignment: str, config: GradingConfig) -> GradeReport:
    """Every check of ``assignment`` in ``config``, one row each, as ``grade_notebook``
    writes them (a failure caused by another check's TODO names it)."""
    namespace = load_here(notebook)
    report = GradeReport(assignment=assignment, notebook=str(notebook), platform={})
    for spec in config.assignments[assignment].checks:
        run = functools.partial(
            check_function(assignment, spec.id), LocalSubmission(namespace), spec
        )
        add_row(report, spec, result_row(spec, decide_here(spec, run)))
    return report
