"""The parent-side view of a submission: attributes that forward calls to the child.

Checks receive a :class:`RemoteSubmission` and call ``submission.some_function(x)``
exactly as they would on a plain namespace; the values that come back are fresh
numpy arrays and Python scalars built by the parent, or :class:`RemoteObject`
handles that only forward method calls.
"""

from __future__ import annotations

from typing import Any

from autograder.sandbox.errors import (
    MissingFunction,
    NotImplementedYet,
    SandboxCrashed,
    SandboxTimeout,
    StudentException,
)
from autograder.sandbox.process import Sandbox
from autograder.sandbox.protocol import Handle


class RemoteSubmission:
    """Proxy to the student's namespace inside a :class:`Sandbox`."""

    def __init__(self, sandbox: Sandbox, cells: list[dict], load_seconds: float):
        self._sandbox = sandbox
        self.budget = sandbox.budget(load_seconds)
        reply, value = sandbox.request(
            {"op": "load"}, {"cells": cells}, self.budget, "loading your notebook"
        )
        if "error" in reply:
            raise StudentException("<notebook>", reply["error"])
        if not _is_load_summary(value):
            sandbox.kill()
            raise SandboxCrashed(
                "While loading your notebook, the grader expected the list of the names it "
                f"defines but got {type(value).__name__} instead: something in the notebook "
                "wrote to the grader's connection. Graded code must only define functions."
            )
        self.names: dict[str, str] = value["names"]
        self.load_errors: list[dict] = value["errors"]

    def set_time_limit(self, seconds: float) -> None:
        """The next calls share ``seconds`` of the child's CPU time (sandbox/budget.py)."""
        self.budget = self._sandbox.budget(seconds)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if self.names.get(name) != "callable":
            raise MissingFunction(name, self.load_errors)
        return RemoteCallable(self, name, {"name": name})

    def has(self, name: str) -> bool:
        return self.names.get(name) == "callable"

    def _call(self, label: str, target: dict, args: tuple, kwargs: dict) -> Any:
        what = f"`{label}`"
        reply, value = self._sandbox.request(
            {"op": "call", **target},
            {"args": [_unwrap(a) for a in args], "kwargs": kwargs},
            self.budget,
            what,
        )
        if "error" in reply:
            error = reply["error"]
            if error.get("type") == "NotImplementedError":
                raise NotImplementedYet(_todo_name(error.get("function"), label))
            raise StudentException(label, error)
        self.last_mutated = [int(i) for i in reply.get("mutated", [])]
        return self._wrap(value, label)

    def _wrap(self, value: Any, label: str) -> Any:
        if isinstance(value, Handle):
            return RemoteObject(self, value, label)
        if isinstance(value, tuple):
            return tuple(self._wrap(v, label) for v in value)
        if isinstance(value, list):
            return [self._wrap(v, label) for v in value]
        if isinstance(value, dict):
            return {k: self._wrap(v, label) for k, v in value.items()}
        return value


def _is_load_summary(value: Any) -> bool:
    """The child's answer to "load": {"names": {name: kind}, "errors": [{...}, ...]}."""
    if not isinstance(value, dict):
        return False
    names, errors = value.get("names"), value.get("errors")
    return (
        isinstance(names, dict)
        and all(isinstance(v, str) for v in names.values())
        and isinstance(errors, list)
        and all(isinstance(e, dict) for e in errors)
    )


def _todo_name(function: str | None, label: str) -> str:
    """Name the TODO that raised, not the provided function that called it."""
    if function and function != "<module>" and not label.endswith(f".{function}"):
        return function
    return label


def _unwrap(value: Any) -> Any:
    return value.handle if isinstance(value, RemoteObject) else value


class RemoteCallable:
    def __init__(self, submission: RemoteSubmission, label: str, target: dict):
        self._submission = submission
        self._label = label
        self._target = target

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value = self._submission._call(self._label, self._target, args, kwargs)
        # which positional arrays the function wrote into, seen by the child (it got copies)
        self.mutated_arguments = self._submission.last_mutated
        return value


class RemoteObject:
    """An object the submission returned that cannot be copied: only its methods are usable."""

    def __init__(self, submission: RemoteSubmission, handle: Handle, label: str):
        self._submission = submission
        self.handle = handle
        self._label = label

    @property
    def type_name(self) -> str:
        return self.handle.type_name

    def __getattr__(self, method: str) -> RemoteCallable:
        if method.startswith("_"):
            raise AttributeError(method)
        return RemoteCallable(
            self._submission,
            f"{self._label}(...).{method}",
            {"handle": self.handle.handle_id, "method": method},
        )

    def __repr__(self) -> str:
        return f"<{self.type_name} object returned by `{self._label}`>"


__all__ = ["RemoteSubmission", "RemoteObject", "SandboxTimeout"]
