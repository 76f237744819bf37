"""The sandboxed side: load the student's code cells, then answer calls.

Runs as ``python -I child.py FD`` from a copy of this file and protocol.py in the
sandbox's fresh directory, under resource limits set by the parent. It imports
nothing of the grader's package, so the grader's files (hidden checks, config)
can be made unreadable to it. It never sees expected values or check code: it
only executes the submission and returns what the submission returns.
"""

from __future__ import annotations

import linecache
import os
import socket
import sys
import traceback
from typing import Any

import numpy as np

if __package__:
    from autograder.sandbox.lean_imports import import_tensorflow_lean, uses_tensorflow
    from autograder.sandbox.protocol import Handle, decode, encode, recv_message, send_message
else:  # run as a script from the sandbox directory
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from lean_imports import import_tensorflow_lean, uses_tensorflow
    from protocol import Handle, decode, encode, recv_message, send_message

MAX_TRACEBACK_CHARS = 4000


def _describe_error(exc: BaseException) -> dict:
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.startswith("<notebook cell")
    ]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(exc), exc)
    text = "".join(lines)
    if len(text) > MAX_TRACEBACK_CHARS:
        text = text[:MAX_TRACEBACK_CHARS] + "\n... (traceback shortened)"
    innermost = frames[-1].name if frames else None  # the student's function that raised
    return {
        "type": type(exc).__name__,
        "message": str(exc)[:2000],
        "traceback": text,
        "function": innermost,
    }


class Child:
    """Holds the submission's namespace and the objects it handed out."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.namespace: dict[str, Any] = {"__name__": "__main__"}
        self.handles: dict[int, Any] = {}

    def make_handle(self, obj: Any) -> dict:
        handle_id = len(self.handles) + 1
        self.handles[handle_id] = obj
        return {"__handle__": handle_id, "type": type(obj).__name__[:100]}

    def reply(self, header: dict, payload: Any = None) -> None:
        arrays: list[bytes] = []
        try:
            encoded = encode(payload, arrays, self.make_handle)
        except (TypeError, ValueError, RecursionError) as exc:  # e.g. a list containing itself
            error = _describe_error(exc)
            error["message"] = f"the value it returned cannot be sent to the grader: {exc}"[:2000]
            header, arrays, encoded = {"error": error}, [], None
        send_message(self.sock, dict(header, value=encoded), arrays)

    def load(self, cells: list[dict]) -> None:
        errors = []
        if uses_tensorflow([cell["source"] for cell in cells]):
            import_tensorflow_lean()  # before any student code: see lean_imports.py
        for cell in cells:
            number = cell["index"] + 1  # counted from 1 over all cells, as Jupyter lists them
            filename = f"<notebook cell {number}>"
            source = cell["source"]
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
            try:
                exec(compile(source, filename, "exec"), self.namespace)  # noqa: S102
            except BaseException as exc:  # SystemExit and KeyboardInterrupt too
                first = next((ln.strip() for ln in source.splitlines() if ln.strip()), "")
                errors.append(dict(_describe_error(exc), cell=number, first_line=first[:60]))
        names = {
            name: ("callable" if callable(obj) else type(obj).__name__)
            for name, obj in self.namespace.items()
            if not name.startswith("_") and type(obj).__name__ != "module"
        }
        self.reply({"loaded": True}, {"names": names, "errors": errors})

    def target(self, header: dict) -> Any:
        if "handle" in header:
            obj = self.handles[int(header["handle"])]
        else:
            obj = self.namespace[str(header["name"])]
        if header.get("method"):
            obj = getattr(obj, str(header["method"]))
        return obj

    def call(self, header: dict, arrays: list) -> None:
        try:
            args = decode(header.get("args", []), arrays)
            kwargs = decode(header.get("kwargs", {}), arrays)
            args = [self.handles[a.handle_id] if isinstance(a, Handle) else a for a in args]
            before = {i: a.copy() for i, a in enumerate(args) if _numeric_array(a)}
            result = self.target(header)(*args, **kwargs)
        except BaseException as exc:  # the submission's failure is data, not our crash
            self.reply({"error": _describe_error(exc)})
            return
        # the parent sent copies: only here can a function that writes into its arguments
        # be seen (the checks tell the student, where the interface promises new arrays)
        mutated = [i for i, old in before.items() if not _same_array(old, args[i])]
        self.reply({"ok": True, "mutated": mutated}, result)

    def serve(self) -> None:
        while True:
            try:
                header, arrays = recv_message(self.sock)
            except EOFError:
                return
            op = header.get("op")
            if op == "load":
                self.load(decode(header["cells"], arrays))
            elif op == "call":
                self.call(header, arrays)
            elif op == "exit":
                return


def _numeric_array(value: Any) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind in "biufc"


def _same_array(old: np.ndarray, new: np.ndarray) -> bool:
    return old.shape == new.shape and bool(
        np.array_equal(old, new, equal_nan=old.dtype.kind in "fc")
    )


def main() -> None:
    sock = socket.socket(fileno=int(sys.argv[1]))
    Child(sock).serve()


if __name__ == "__main__":
    main()
