"""What a worker must share with the client before it grades anyone.

A cluster can hold workers installed at different times. A worker with another engine,
other checks or another grading contract would give some students other scores than the
rest, silently; so the client and every worker compare fingerprints first, and a
mismatch stops the batch with both versions named.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

ENGINE_ROOT = Path(__file__).resolve().parents[1]  # the autograder package, checks included
SKIPPED = {"__pycache__"}


def engine_fingerprint() -> str:
    """The package version and a hash of every file of the engine and its checks."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE_ROOT.rglob("*")):
        if path.is_file() and not SKIPPED & set(path.parts) and path.suffix != ".pyc":
            digest.update(path.relative_to(ENGINE_ROOT).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    try:
        version = metadata.version("rl-course-autograder")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return f"{version}+{digest.hexdigest()[:12]}"


def contract_fingerprint(contract: str) -> str:
    """A short hash of the grading contract (grading.yml's text for the assignment)."""
    return hashlib.sha256(contract.encode()).hexdigest()[:12]
