"""What a check's run comes to: one decision, for the sandbox runner and the notebook alike.

A check returns (a Metric, or nothing) or raises. The same run must earn the same status
and message under ``rlgrade grade`` (student code in a sandboxed child) and in the
notebook's test cells (student code in this very process), so both ask here.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from autograder.checks.common import Metric
from autograder.config import CheckSpec
from autograder.sandbox.errors import SubmissionError

ENGINE = str(Path(__file__).resolve().parents[1])  # the autograder package


@dataclass(frozen=True)
class Decision:
    status: str  # passed | failed | error | timeout
    score: float
    message: str
    metric: float | None = None
    curve: dict | None = None
    per_seed: dict[str, float] | None = None


def score_outcome(spec: CheckSpec, outcome: object) -> tuple[str, float, str, float | None]:
    """Map a check's return value to (status, score, message, metric)."""
    if isinstance(outcome, Metric):
        t = spec.threshold
        fraction = t.partial_credit.fraction(outcome.value, t.threshold, t.higher_is_better)
        score = round(spec.points * fraction, 4)
        comparison = "at least" if t.higher_is_better else "at most"
        message = (
            f"{t.metric}: got {outcome.value:.3f} ({outcome.detail}); expected "
            f"{comparison} {t.threshold:g} for full credit."
        )
        if fraction < 1.0:
            message += f" Partial credit {fraction:.0%}." if fraction > 0 else " No credit."
            if outcome.hint:
                message += f" {outcome.hint}"
        return ("passed" if fraction >= 1.0 else "failed"), score, message, outcome.value
    return "passed", spec.points, "passed", None


def decide(spec: CheckSpec, run: Callable[[], object], student_code_here: bool) -> Decision:
    """Run ``run()`` (the check on a submission) and decide its row.

    ``student_code_here``: the student's functions run in this process (the notebook's
    kernel), so an exception that started in their code is theirs; under the sandbox the
    child reports those as SubmissionError, and anything else is the grader's own bug.
    """
    try:
        outcome = run()
    except AssertionError as exc:
        return Decision("failed", 0.0, str(exc) or "failed")
    except SubmissionError as exc:
        return Decision(exc.status, 0.0, str(exc))
    except NotImplementedError:  # a method of an object the notebook returned (in-process)
        return Decision("failed", 0.0, f"{spec.id}: part of it is not implemented yet.")
    except Exception as exc:  # noqa: BLE001 - a crash in one check never costs another's row
        if student_code_here and _started_in_student_code(exc):
            return Decision(
                "failed",
                0.0,
                f"your code raised {type(exc).__name__}: {exc}\n"
                + "".join(traceback.format_exception(exc, limit=-4)),
            )
        return Decision(
            "error",
            0.0,
            f"Internal grader error in check '{spec.id}' ({type(exc).__name__}: {exc}). "
            "This is not your fault; please report it to the course staff.\n"
            + "".join(traceback.format_exception(exc, limit=-3)),
        )
    status, score, message, metric = score_outcome(spec, outcome)
    if not isinstance(outcome, Metric):
        return Decision(status, score, message, metric)
    curve = outcome.curve.to_dict() if outcome.curve else None
    per_seed = {str(k): float(v) for k, v in outcome.per_seed.items()} or None
    return Decision(status, score, message, metric, curve, per_seed)


def _started_in_student_code(exc: BaseException) -> bool:
    """The innermost frame outside the libraries (numpy, TensorFlow...) is not the engine's."""
    libraries = (sys.prefix, sys.base_prefix, sys.exec_prefix)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(ENGINE):
            return False
        if frame.filename.startswith(libraries) or "site-packages" in frame.filename:
            continue
        return True
    return False
