"""The bundles' requirements.txt: exact pins that install on every supported Python.

Gradescope's images run Python 3.10 (Ubuntu 22.04) or 3.12 (24.04), and the newest numpy
and matplotlib need 3.11+. So the bundle pins, per Python version (environment markers,
one file, the same ``pip install -r requirements.txt`` in setup.sh):

- on the Python the grader runs here: the versions installed here, where the tests pass;
- on every other supported Python: the lock in ``locks/python-X.Y.txt``, the newest
  release of each package that is no newer than ours and installs there, resolved by pip
  itself (``python -m autograder.export.requirements --write`` refreshes the locks;
  tests/test_bundle_requirements.py proves each resolves with pip for its Python).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

from autograder.config import load_config
from autograder.config.load import DEFAULT_CONFIG

SUPPORTED_PYTHONS = ("3.10", "3.11", "3.12", "3.13")
LOCKS = Path(__file__).parent / "locks"
RUNTIME_REQUIREMENTS = [
    "numpy",
    "gymnasium",
    "pydantic",
    "pyyaml",
    "rich",
    "click",
    "psutil",
    "nbformat",
    "matplotlib",  # a graded cell may import it (plots); grading never draws
]


def every_extra() -> list[str]:
    """Every assignment's ``extra_requirements`` in grading.yml, each once, in its order:
    what the locks must pin besides the runtime. The repository's own grading.yml, never a
    cut contract that $RLGRADE_CONFIG may point at."""
    extras: list[str] = []
    for spec in load_config(DEFAULT_CONFIG).assignments.values():
        extras += [name for name in spec.extra_requirements if name not in extras]
    return extras


def canonical(name: str) -> str:
    """PEP 503 names: pip's report says tensorflow_cpu and PyYAML."""
    return re.sub(r"[-_.]+", "-", name).lower()


def this_python() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def read_lock(python: str) -> dict[str, str]:
    """name -> version from locks/python-X.Y.txt (empty if there is none)."""
    path = LOCKS / f"python-{python}.txt"
    if not path.exists():
        return {}
    pins = {}
    for line in path.read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            pins[canonical(name.strip())] = pinned.strip()
    return pins


def pinned_requirements(extra: list[str]) -> str:
    """requirements.txt: ``name==version; python_version == "X.Y"`` for every Python."""
    names = RUNTIME_REQUIREMENTS + list(extra)
    lines = []
    for python in SUPPORTED_PYTHONS:
        if python == this_python():
            pins = {name: version(name) for name in names}
        else:
            lock = read_lock(python)
            missing = [n for n in names if canonical(n) not in lock]
            if missing:
                raise RuntimeError(
                    f"autograder/export/locks/python-{python}.txt has no pin for "
                    f"{', '.join(missing)}. Fix: python -m autograder.export.requirements --write"
                )
            pins = {name: lock[canonical(name)] for name in names}
        lines += [f'{name}=={pins[name]}; python_version == "{python}"' for name in names]
    return "\n".join(lines) + "\n"


def resolve(python: str, requirements: list[str]) -> dict[str, str]:
    """What pip would install for ``python`` (binary wheels only): name -> version."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--dry-run",
                "--quiet",
                "--ignore-installed",
                "--only-binary=:all:",
                "--python-version",
                python,
                "--target",
                str(Path(tmp) / "target"),
                "--report",
                str(report),
                *requirements,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"pip cannot resolve {requirements} for Python {python}:\n{done.stderr[-3000:]}"
            )
        installed = json.loads(report.read_text())["install"]
    return {canonical(i["metadata"]["name"]): i["metadata"]["version"] for i in installed}


def write_locks() -> None:
    """Resolve, for every supported Python, each package no newer than ours (this Python's
    lock too: on a machine with another Python, it is the one the bundle uses)."""
    names = RUNTIME_REQUIREMENTS + every_extra()
    ceilings = [f"{name}<={version(name)}" for name in names]
    LOCKS.mkdir(exist_ok=True)
    for python in SUPPORTED_PYTHONS:
        found = resolve(python, ceilings)
        pins = "".join(f"{name}=={found[canonical(name)]}\n" for name in names)
        (LOCKS / f"python-{python}.txt").write_text(
            f"# Resolved by pip for Python {python} (binary wheels), each no newer than the\n"
            f"# version tested on Python {this_python()}: "
            "python -m autograder.export.requirements --write\n" + pins
        )
        print(f"locks/python-{python}.txt: {pins.strip().replace(chr(10), ', ')}")


if __name__ == "__main__":
    if "--write" not in sys.argv:
        raise SystemExit("usage: python -m autograder.export.requirements --write")
    write_locks()
