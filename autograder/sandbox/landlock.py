"""Confine the child's file system and signals with Linux Landlock (no root needed).

Why: file permissions alone leave the grader's own files open to the child. In a
checkout of this repository ``solutions/``, the hidden checks and their oracles are
world-readable, so even a child running as ``nobody`` could read (or import) them;
a child running as the grader's own user (a student's laptop) could read and write
everything that user can, and signal (kill) the grader itself. Landlock, a Linux
security module that any process may apply to itself (kernel 5.13+, when enabled),
turns access into an allow-list that survives ``execve``:

- read and execute: the system directories and the interpreter's prefixes (the
  Python installation and its virtual environment), minus the grader's package and
  project folder if they happen to lie inside one of those;
- read and write: the sandbox's own directory, and ``/dev`` (``/dev/null``, ``/dev/shm``);
- nothing else: not the grader's checkout, its temporary and output files, other
  sandboxes' directories, or the user's home.

From Landlock ABI 6 (kernel 6.12) the child also cannot signal processes outside its
own domain (the grader, other sandboxes, the user's session) nor connect to their
abstract Unix sockets. Where the kernel lacks Landlock, :func:`abi_version` is 0 and
the sandbox falls back to the user separation and permissions alone (the README's
threat model says what that leaves open).
"""

from __future__ import annotations

import ctypes
import functools
import os
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

# syscall numbers are shared by every architecture that has Landlock (asm-generic table)
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH = 1
PR_SET_NO_NEW_PRIVS = 38

EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
ABI1_ALL = (1 << 13) - 1  # execute .. make_sym
REFER, TRUNCATE = 1 << 13, 1 << 14
FILE_RIGHTS = EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE  # the only rights a file rule may hold
READ = EXECUTE | READ_FILE | READ_DIR
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

SYSTEM_READ = ("/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc")
SYSTEM_READ += ("/proc", "/sys")
DEVICES = "/dev"

Rule = tuple[str, int]  # (path, rights the child keeps beneath it)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


@functools.cache
def abi_version() -> int:
    """The kernel's Landlock ABI (0 when Landlock is missing or disabled)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(SYS_CREATE_RULESET, None, 0, CREATE_RULESET_VERSION)
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def handled_rights(abi: int) -> int:
    """Every file-system right this ABI knows, so that whatever is not granted is denied."""
    rights = ABI1_ALL
    if abi >= 2:
        rights |= REFER
    if abi >= 3:
        rights |= TRUNCATE
    return rights


def grader_paths() -> list[Path]:
    """The grader's package and, in a checkout, its project folder (solutions, config)."""
    package = Path(__file__).resolve().parents[1]
    project = package.parent
    paths = [package]
    if (project / "grading.yml").exists() or (project / "pyproject.toml").exists():
        paths.append(project)
    return paths


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _readable_beneath(root: Path, hidden: list[Path]) -> Iterable[Path]:
    """``root`` itself or, when hidden folders lie inside it, its other entries.

    A hidden folder only carves into roots that contain it: a virtual environment
    inside the grader's checkout (``.venv``) stays readable, the checkout does not.
    """
    inner = [h for h in hidden if _inside(h, root)]
    if not inner:
        yield root
        return
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry not in inner:
            yield from _readable_beneath(entry, inner)


def plan_rules(workdir: str, hidden: list[Path] | None = None) -> list[Rule]:
    """The allow-list for one sandbox, computed in the parent (never in the forked child)."""
    hidden = grader_paths() if hidden is None else hidden
    abi = abi_version()
    everything = handled_rights(abi)
    roots = {Path(p) for p in SYSTEM_READ}
    roots |= {Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    roots |= {Path(sys.executable).resolve().parent}
    rules: list[Rule] = []
    for root in sorted(roots):
        if root.exists():
            rules += [(str(p), READ) for p in _readable_beneath(root, hidden)]
    rules.append((DEVICES, READ | WRITE_FILE | (TRUNCATE if abi >= 3 else 0)))
    rules.append((str(Path(workdir).resolve()), everything))
    return rules


def _add_rule(libc: ctypes.CDLL, ruleset: int, path: str, rights: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # missing or unreachable: nothing to allow
    try:
        if not os.path.isdir(path):
            rights &= FILE_RIGHTS
        attr = ctypes.create_string_buffer(struct.pack("=Qi", rights, fd), 12)
        if libc.syscall(SYS_ADD_RULE, ruleset, RULE_PATH_BENEATH, attr, 0) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path})")
    finally:
        os.close(fd)


def restrict_self(rules: list[Rule], abi: int) -> None:
    """Apply the allow-list to this process and its future children (in preexec).

    Raises OSError if the kernel refuses: the child must not start half-confined.
    """
    libc = _libc()
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = struct.pack("=QQQ", handled_rights(abi), 0, scoped)
    size = 24 if abi >= 6 else 8
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = libc.syscall(SYS_CREATE_RULESET, buf, size, 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        for path, rights in rules:
            _add_rule(libc, ruleset, path, rights)
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.syscall(SYS_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
