"""The parent's handle on one sandboxed child process.

The parent starts the child in a fresh directory with a minimal environment,
sends it the notebook's code, and makes calls with a deadline. Whatever the child
does (loop, exit, crash, flood stdout, fork, allocate), the parent kills its whole
process group and reports what happened; it never unpickles anything.
"""

from __future__ import annotations

import os
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from typing import Any

import psutil

from autograder.sandbox import landlock
from autograder.sandbox.budget import Budget
from autograder.sandbox.errors import SandboxCrashed, SandboxTimeout
from autograder.sandbox.limits import (
    NOBODY_UID,
    Limits,
    can_run_as_nobody,
    child_interpreter,
    make_preexec,
)
from autograder.sandbox.numerics import numeric_env
from autograder.sandbox.protocol import (
    Handle,
    ProtocolError,
    check_reply,
    decode,
    encode,
    recv_message,
    send_message,
)

OUTPUT_KEEP_BYTES = 64 * 1024
WATCH_INTERVAL = 0.05
BUDGET_POLL = 0.1  # how often a waiting call looks at the child's CPU time


class _OutputDrain(threading.Thread):
    """Reads the child's stdout/stderr so it never blocks, keeping only the start."""

    def __init__(self, stream):
        super().__init__(daemon=True)
        self.stream = stream
        self.kept = bytearray()
        self.total = 0

    def run(self) -> None:
        while chunk := self.stream.read1(1 << 16):
            self.total += len(chunk)
            room = OUTPUT_KEEP_BYTES - len(self.kept)
            if room > 0:
                self.kept += chunk[:room]


# The child's environment, apart from its per-run HOME, TMPDIR and marker: nothing of the
# grader's own environment leaks in but its numeric knobs (numerics.py); one thread and
# deterministic TensorFlow ops make the same submission compute the same numbers every time.
CHILD_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    "MPLBACKEND": "Agg",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "TF_DETERMINISTIC_OPS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",  # CPU seconds must not grow with the core count
    "TF_NUM_INTEROP_THREADS": "1",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "CUDA_VISIBLE_DEVICES": "",
}


class Sandbox:
    """One child process running one submission."""

    markers_started: list[str] = []  # every child's environment marker, for the tests

    def __init__(self, limits: Limits | None = None, extra_env: dict[str, str] | None = None):
        self.limits = limits or Limits()
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.workdir: str | None = None
        self.memory_exceeded = False
        self.peak_processes = 0
        self.marker = uuid.uuid4().hex
        self.as_nobody = can_run_as_nobody()
        self.confined = landlock.abi_version() > 0  # file system and signals, see landlock.py

    @staticmethod
    def root_can_drop() -> bool:
        return can_run_as_nobody()

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> None:
        Sandbox.markers_started.append(self.marker)
        self.workdir = tempfile.mkdtemp(prefix="rlgrade-sandbox-")
        if self.as_nobody:
            os.chown(self.workdir, NOBODY_UID, -1)
        os.chmod(self.workdir, 0o700)
        runtime = os.path.join(self.workdir, ".rlgrade")
        os.mkdir(runtime)
        for name in ("child.py", "lean_imports.py", "protocol.py"):
            shutil.copy(os.path.join(os.path.dirname(__file__), name), runtime)
        parent_sock, child_sock = socket.socketpair()
        env = {
            **CHILD_ENV,
            "HOME": self.workdir,
            "TMPDIR": self.workdir,
            "RLGRADE_SANDBOX": self.marker,
            **numeric_env(),
            **self.extra_env,
        }
        self.proc = subprocess.Popen(
            [
                child_interpreter(),
                "-I",
                os.path.join(runtime, "child.py"),
                str(child_sock.fileno()),
            ],
            cwd=self.workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=(child_sock.fileno(),),
            start_new_session=True,
            preexec_fn=make_preexec(self.limits, self.as_nobody, self._confinement()),
        )
        child_sock.close()
        self.sock = parent_sock
        self.drain = _OutputDrain(self.proc.stdout)
        self.drain.start()
        self._watcher = threading.Thread(target=self._watch_memory, daemon=True)
        self._watcher.start()

    def _confinement(self) -> list[landlock.Rule] | None:
        return landlock.plan_rules(self.workdir) if self.confined else None

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _tree(self) -> list[psutil.Process]:
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.Error:
            return []

    def _watch_memory(self) -> None:
        limit = self.limits.memory_mb * 1024 * 1024
        while self.alive:
            rss = 0
            tree = self._tree()
            self.peak_processes = max(self.peak_processes, len(tree))
            for p in tree:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            if rss > limit:
                self.memory_exceeded = True
                self.kill()
                return
            time.sleep(WATCH_INTERVAL)

    def kill(self) -> None:
        """Kill the child, its process group and anything else carrying our marker."""
        if self.proc is None:
            return
        for p in self._tree():
            try:
                p.kill()
            except psutil.Error:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self._kill_marked_strays()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass

    def _kill_marked_strays(self) -> None:
        """Daemons that left the process group still carry our environment marker."""
        if not self.as_nobody:
            return
        for p in psutil.process_iter(["uids"]):
            try:
                if p.info["uids"] and p.info["uids"].real == NOBODY_UID:
                    if p.environ().get("RLGRADE_SANDBOX") == self.marker:
                        p.kill()
            except psutil.Error:
                continue

    def close(self) -> None:
        if self.sock is not None and self.alive:
            try:
                send_message(self.sock, {"op": "exit"}, [])
            except OSError:
                pass
        self.kill()
        if self.sock is not None:
            self.sock.close()
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    @property
    def output(self) -> str:
        text = self.drain.kept.decode("utf-8", "replace") if self.proc else ""
        if self.proc and self.drain.total > len(self.drain.kept):
            text += (
                f"\n... ({self.drain.total - len(self.drain.kept)} more bytes of output dropped)"
            )
        return text

    # -- calls ---------------------------------------------------------------
    def cpu_used(self) -> float:
        """CPU seconds the child's process tree has spent so far (threads included, and
        descendants each process has reaped)."""
        total = 0.0
        for p in self._tree():
            try:
                t = p.cpu_times()
            except psutil.Error:
                continue
            total += t.user + t.system + t.children_user + t.children_system
        return total

    def budget(self, cpu_seconds: float) -> Budget:
        """A time limit of ``cpu_seconds`` of the child's CPU, starting now (budget.py)."""
        return Budget(cpu_seconds, self.cpu_used)

    def request(self, header: dict, payload: dict[str, Any], budget: Budget, what: str) -> Any:
        """Send one request and wait for its reply while ``budget`` lasts.

        The budget is looked at before every request and while waiting, so a check made of
        many short calls is limited as one long call is; the whole reply must arrive
        before the wall-clock backstop."""
        if not self.alive:
            raise self._death(what)
        arrays: list[bytes] = []
        encoded = {key: encode(value, arrays) for key, value in payload.items()}
        reason = budget.exhausted()
        try:
            if reason:
                raise TimeoutError
            self.sock.settimeout(max(budget.wall_left(), BUDGET_POLL))
            send_message(self.sock, dict(header, **encoded), arrays)
            while not select.select([self.sock], [], [], BUDGET_POLL)[0]:
                reason = budget.exhausted()
                if reason:
                    raise TimeoutError
                if not self.alive:  # died, though a descendant may hold the socket open
                    raise EOFError("the child process ended")
            deadline = time.monotonic() + max(budget.wall_left(), BUDGET_POLL)
            reply, reply_arrays = recv_message(self.sock, deadline)
            value = decode(check_reply(reply).get("value"), reply_arrays)
        except TimeoutError:
            reason = reason or budget.exhausted() or "wall"
            message = self._timeout_message(what, budget, reason)  # before the kill
            self.kill()
            raise SandboxTimeout(message) from None
        except (EOFError, OSError, ProtocolError) as exc:
            self.kill()
            raise self._death(what, exc) from None
        return reply, value

    @staticmethod
    def _timeout_message(what: str, budget: Budget, reason: str) -> str:
        if reason == "wall":
            spent = (
                f"it waited {budget.wall_seconds:.0f} s of wall-clock time while using only "
                f"{max(budget.cpu_spent(), 0.0):.1f} s of CPU: look for a `sleep`, an "
                "`input()` or a wait on something that never comes"
            )
        else:
            spent = (
                f"it used its {budget.cpu_seconds:g} s of CPU time. Look for a loop that "
                "never ends (a `while` whose condition never changes, an episode loop "
                "without a step cap) or work far larger than the task needs"
            )
        return f"{what} did not finish within the time limit: {spent}."

    def _death(self, what: str, exc: Exception | None = None) -> SandboxCrashed:
        self.kill()
        code = self.proc.returncode if self.proc else None
        if self.memory_exceeded and self.peak_processes > 8:
            reason = (
                f"started {self.peak_processes} processes using more than "
                f"{self.limits.memory_mb} MB together, and was stopped. Graded code must not "
                "fork or start processes."
            )
        elif self.memory_exceeded:
            reason = (
                f"used more than {self.limits.memory_mb} MB of memory and was stopped. "
                "Look for an array or buffer far larger than the task needs."
            )
        elif isinstance(exc, ProtocolError):
            reason = (
                f"sent back data the grader cannot read ({exc}). Expected a result made of "
                "numbers, numpy arrays of numbers, lists, tuples and dicts, returned by the "
                "function: graded code must not write to the grader's connection."
            )
        elif code is not None and code < 0:
            name = (
                signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else code
            )
            reason = f"crashed with signal {name}"
            if -code == signal.SIGXCPU:
                reason += " (it used up its CPU-time budget)"
            elif -code == signal.SIGSEGV:
                reason += " (a segmentation fault: memory corrupted by native code such as ctypes)"
            reason += "."
        else:
            reason = (
                f"ended the Python process (exit code {code}). Graded code must return "
                "its result: do not call sys.exit(), exit(), quit() or os._exit()."
            )
        tail = self.output[-1500:].strip()
        message = f"While running {what}, your submission {reason}"
        if tail:
            message += f"\nLast output of your code:\n{tail}"
        return SandboxCrashed(message)


__all__ = ["Sandbox", "Handle", "Limits"]
