"""What can be wrong with a submitted file before any of its code runs."""

from __future__ import annotations


class NotebookError(Exception):
    """The notebook itself cannot be read (not JSON, not a notebook, no code): every check
    of the report gets an ``error`` row, and the reason is said once at its top."""

    status = "error"
