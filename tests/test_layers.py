"""The engine's packages import only downward, in one declared order.

Why: a newcomer reads a package knowing what it may lean on, and a change in a high
layer (a report, a front end) can never break a low one (the sandbox, the checks). The
order, lowest first: the sandbox runs code and knows nothing of grading; the checks are
plain functions of (submission, spec) that reach the sandbox only through
``checks/submitted.py`` (tests/test_check_kit.py holds that door); the config validates
grading.yml against the registered checks; the notebook loader reads a submission; grade
runs checks into rows; everything above is a front end or an export of those rows.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "autograder"
LAYERS = [
    "sandbox",
    "checks",
    "config",
    "notebook",
    "grade",
    "reports",
    "test_cells",
    "release",
    "integrations",
    "export",
    "batch",
    "run",
    "cli",
    "__init__",  # the package's own door: `from autograder import check_here`
]


def package_of(path: Path) -> str:
    return path.relative_to(ENGINE).parts[0].removesuffix(".py")


def engine_imports(path: Path) -> set[str]:
    """The engine packages a module imports (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "autograder" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_package_has_a_layer():
    packages = {package_of(p) for p in ENGINE.rglob("*.py")}
    assert packages <= set(LAYERS), f"give {sorted(packages - set(LAYERS))} a place in LAYERS"


def test_packages_import_only_layers_below_them():
    upward = []
    for path in sorted(ENGINE.rglob("*.py")):
        package = package_of(path)
        for target in engine_imports(path) - {package}:
            if LAYERS.index(target) > LAYERS.index(package):
                upward.append(f"{path.relative_to(ENGINE.parent)} imports autograder.{target}")
    assert not upward, "imports of a higher layer:\n" + "\n".join(upward)
