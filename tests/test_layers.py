"""The engine's packages import only downward, and the checks reach the sandbox through
one module: import-linter's contracts in pyproject.toml (``[tool.importlinter]``).

Why: a newcomer reads a package knowing what it may lean on, and a change in a high layer
(a report, a front end) can never break a low one (the sandbox, the checks). A check reads
what the submission returned only through ``checks/submitted.py``, so it runs alike in the
sandbox's parent and in a notebook's kernel (check_here).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")
from notebook_variants import REPO

ENGINE = REPO / "autograder"


def test_every_package_of_the_engine_is_in_a_layer():
    contract = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = {name for c in contract["contracts"] for name in c.get("layers", [])}
    folders = [p for p in ENGINE.iterdir() if p.is_dir() and p.name != "__pycache__"]
    # a folder without __init__.py is a namespace package: setuptools' find_packages leaves
    # it out of a non-editable install, and the import graph does not see it
    assert [p.name for p in folders if not (p / "__init__.py").is_file()] == []
    modules = {p.stem for p in ENGINE.glob("*.py") if p.name != "__init__.py"}  # cli.py
    assert {f"autograder.{name}" for name in {p.name for p in folders} | modules} == layers


def test_the_import_contracts_are_kept():
    done = subprocess.run(
        [Path(sys.executable).parent / "lint-imports", "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout
