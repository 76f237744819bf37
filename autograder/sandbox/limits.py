"""Resource limits and privilege drop applied to the child before it runs Python.

Why these and not others: RLIMIT_AS breaks TensorFlow (it reserves huge virtual
ranges), so memory is bounded by RLIMIT_DATA plus a resident-memory watchdog in
the parent. RLIMIT_NPROC is ignored for root, so a root grader runs the child as
the unprivileged user ``nobody``.
"""

from __future__ import annotations

import ctypes
import functools
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass

from autograder.sandbox import landlock

NOBODY_UID = 65534
NOBODY_GID = 65534


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048
    cpu_seconds: int = 600
    max_processes: int = 256  # threads count too (TensorFlow starts dozens)
    max_file_mb: int = 64


@functools.cache
def child_interpreter() -> str:
    """This interpreter by a path ``nobody`` can follow: the venv's folder resolved (a
    ``.venv`` link into /opt, scripts/install.sh), the interpreter file itself kept (a
    venv's python is found by the folder it is called from)."""
    folder, name = os.path.split(sys.executable)
    return os.path.join(os.path.realpath(folder), name)


def can_run_as_nobody(executable: str | None = None) -> bool:
    """True when we are root and ``nobody`` can start this interpreter with numpy."""
    executable = executable or child_interpreter()
    if os.geteuid() != 0:
        return False
    try:
        done = subprocess.run(
            [executable, "-I", "-c", "import numpy"],
            user=NOBODY_UID,
            group=NOBODY_GID,
            extra_groups=[],
            cwd="/",
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _user_task_count(uid: int) -> int:
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                if os.stat(f"/proc/{pid}").st_uid == uid:
                    count += len(os.listdir(f"/proc/{pid}/task"))
            except OSError:
                continue
    return count


def make_preexec(limits: Limits, drop_to_nobody: bool, confine: list[landlock.Rule] | None = None):
    """Build the function that runs in the forked child just before exec.

    ``confine`` is the Landlock allow-list (landlock.plan_rules, computed here in the
    parent so the forked child only makes system calls); None leaves the file system
    to user separation and permissions.
    """
    uid = NOBODY_UID if drop_to_nobody else os.getuid()
    nproc = limits.max_processes + _user_task_count(uid)
    memory = limits.memory_mb * 1024 * 1024
    abi = landlock.abi_version()

    def preexec() -> None:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
        size = limits.max_file_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        if drop_to_nobody:
            os.setgroups([])
            os.setgid(NOBODY_GID)
            os.setuid(NOBODY_UID)
        resource.setrlimit(resource.RLIMIT_NPROC, (nproc, nproc))
        _die_with_parent()
        if confine is not None:
            landlock.restrict_self(confine, abi)  # last: it also sets no_new_privs

    return preexec


PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Linux: the kernel kills the child if the grader dies (even by SIGKILL).

    Set after the uid change, which would clear it.
    """
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        pass
