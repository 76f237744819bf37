"""Name the other TODO a failure probably comes from (grading.yml's ``needs``).

A check of ``train_step`` that fails because the student's ``policy_loss`` is wrong
would otherwise send the student to debug correct code. Every front end (``rlgrade``,
the notebook's test cells, the feedback pages) puts this note first in the message.
"""

from __future__ import annotations

from collections.abc import Iterable

from autograder.config.schema import CheckSpec


def broken_needs(spec: CheckSpec, failed: Iterable[str]) -> dict[str, str]:
    """The needed functions (-> their public check) whose check did not pass."""
    failed = set(failed)
    return {function: check for function, check in spec.needs.items() if check in failed}


def cause_note(broken: dict[str, str]) -> str:
    """The sentence that opens the message of a check whose failure may not be its own."""
    if not broken:
        return ""
    named = ", ".join(f"`{function}` (it fails `{check}`)" for function, check in broken.items())
    return (
        f"Fix {named} first: this check uses {'it' if len(broken) == 1 else 'them'}, "
        "directly or through the functions it tests, so this failure may only be a "
        "consequence of that other TODO.\n"
    )
