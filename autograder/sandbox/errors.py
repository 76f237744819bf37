"""What can go wrong on the submission's side, each with the row status it earns.

A check never catches these: the runner turns them into a result row whose
message teaches (what happened, and what to look at).
"""

from __future__ import annotations


class SubmissionError(Exception):
    """Base class: the submission, not the check, failed."""

    status = "failed"


class MissingFunction(SubmissionError):
    def __init__(self, name: str, load_errors: list[dict]):
        message = (
            f"Your notebook does not define `{name}`. Expected a function named `{name}` "
            "in one of the TODO cells; check the spelling and that you ran/kept the cell "
            "that defines it."
        )
        if load_errors:
            message += " Note: some cells raised while your notebook was loaded:\n" + "\n".join(
                f"  cell {e['cell']} (the one starting `{e.get('first_line', '')}`): "
                f"{e['type']}: {e['message']}"
                for e in load_errors
            )
        super().__init__(message)


class NotImplementedYet(SubmissionError):
    def __init__(self, name: str):
        super().__init__(
            f"`{name}` is not implemented yet: replace `raise NotImplementedError()` in its "
            "TODO cell with your implementation."
        )


class StudentException(SubmissionError):
    def __init__(self, name: str, error: dict):
        self.error_type = str(error.get("type"))  # what the student's code raised, by name
        self.error_message = str(error.get("message"))
        super().__init__(
            f"Calling `{name}` raised {error.get('type')}: {error.get('message')}\n"
            f"{error.get('traceback', '').rstrip()}"
        )


class SandboxCrashed(SubmissionError):
    status = "error"


class SandboxTimeout(SubmissionError):
    status = "timeout"
