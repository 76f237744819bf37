"""What the platform tests share: the tools' environment and rlgrade's report, computed once.

The nbgrader, otter and Gradescope tests each compare a platform's score of a
notebook with ``rlgrade grade`` of the same notebook. Grading a DQN reference
costs about a minute, so the rlgrade report is computed once per test session
and notebook, even when pytest-xdist runs the platforms on different workers.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import os
import pickle
import sys
from pathlib import Path

import nbformat

from autograder.config import load_config
from autograder.config.schema import PartialCredit
from autograder.grade import GradeReport, grade_notebook
from autograder.notebook.cells import check_calls, is_test_cell

REPO = Path(__file__).resolve().parents[1]


def one_seed(threshold) -> dict:
    """A threshold check trained on its first training seed only (the bug catalogue: a bug
    must lose its threshold on any one seed)."""
    return {"seeds": threshold.seeds[:1]}


def plumbing(threshold) -> dict:
    """The platform runs' threshold setting. What the nbgrader, otter and Gradescope tests
    prove is that each platform runs the same checks as ``rlgrade grade`` and reports the
    same scores, so every threshold check still trains the student's agent and evaluates
    it for real, inside the platform, but on its first seed, a fiftieth of its training
    budget (DQN: 2,000 steps, gradient updates after its first 1,000) and a tenth of its
    episodes, against a bar any finite measurement clears (a NaN, an exception or a
    timeout still fails). The bars themselves are proven under the real contract by
    tests/test_assignments.py (references and second implementations) and the bug
    catalogue."""
    return {
        "seeds": threshold.seeds[:1],
        "budget": max(1, threshold.budget // 50),
        "eval_episodes": max(1, threshold.eval_episodes // 10),
        "threshold": -1e12 if threshold.higher_is_better else 1e12,
        "partial_credit": PartialCredit(kind="none"),
    }


def cost(assignment: str) -> float:
    """How long grading it can take (the sum of its checks' time limits, grading.yml)."""
    return sum(c.time_limit for c in load_config().assignments[assignment].checks)


def platform_cases() -> list[tuple[str, str]]:
    """(assignment, "reference" | "buggy"): every assignment of grading.yml's reference, the
    costliest first (so that pytest-xdist does not start them last), and one buggy
    submission (``buggy_assignment``)."""
    names = sorted(load_config().names, key=cost, reverse=True)
    cases = [(name, "reference") for name in names]
    return [*cases, (buggy_assignment(), "buggy")]


def buggy_assignment() -> str:
    """The assignment whose buggy submission the platform tests grade: the cheapest one
    whose test module names a PLATFORM_BUG (a catalogue bug that loses whole checks, no
    partial credit, so pass/fail platforms can agree). One is enough: how a platform
    reports a lost check is the same for every assignment, and each reference proves that
    its own checks ship and run there."""
    named = [name for name in load_config().names if platform_bug_name(name)]
    assert named, (
        "no tests/test_<a>.py names a PLATFORM_BUG: the platforms would never lose a check"
    )
    return min(named, key=cost)


def platform_bug_name(assignment: str) -> str | None:
    """The PLATFORM_BUG of tests/test_<assignment>.py, if it names one."""
    try:
        return getattr(importlib.import_module(f"test_{assignment}"), "PLATFORM_BUG", None)
    except ModuleNotFoundError as error:
        if error.name != f"test_{assignment}":
            raise  # the module exists and one of its imports is broken: say so
        return None


def tool_env(**extra: str) -> dict[str, str]:
    """os.environ with this venv's bin first on PATH: nbgrader runs `alembic` from PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return dict(os.environ, PATH=path, **extra)


def session_folder(tmp_path_factory, name: str) -> Path:
    """A folder that every xdist worker of this test session sees (and no other session)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-of-<user>/pytest-<n>/popen-gw<k> -> pytest-<n>
    folder = base / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def once(folder: Path, name: str, make):
    """make(), computed by the first worker that asks for ``name``; the others wait and reuse it."""
    cached = folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if cached.is_file():
            return pickle.loads(cached.read_bytes())
        value = make()
        cached.write_bytes(pickle.dumps(value))
        return value


class ReportCache:
    """``rlgrade grade`` of a notebook, once per session, keyed by the notebook's bytes and
    the assignment's part of the config."""

    def __init__(self, folder: Path, config):
        self.folder = folder
        self.config = config

    def __call__(self, notebook: Path, assignment: str, config=None) -> GradeReport:
        config = config or self.config
        key = hashlib.sha256(
            assignment.encode()
            + config.assignments[assignment].model_dump_json().encode()
            + Path(notebook).read_bytes()
        ).hexdigest()[:24]
        return once(
            self.folder,
            f"report-{assignment}-{key}",
            lambda: grade_notebook(notebook, assignment, config),
        )


def plumbing_yaml(source: Path, out: Path, assignment: str) -> Path:
    """``source`` with only ``assignment``, its threshold checks set by ``plumbing``."""
    out.write_text(load_config(source).subset(assignment, threshold_update=plumbing).to_yaml())
    return out


class PlatformContract:
    """The grading.yml the platform runs use (``yaml``) and the same, loaded (``config``)."""

    def __init__(self, folder: Path):
        self.folder = folder

    def yaml(self, assignment: str) -> Path:
        out = self.folder / f"grading-{assignment}.yml"
        return once(
            self.folder, out.stem, lambda: plumbing_yaml(REPO / "grading.yml", out, assignment)
        )

    def config(self, assignment: str):
        return load_config(self.yaml(assignment))


def catalogue_bug(assignment: str):
    """The bug of tests/bug_catalogue.py used for this assignment's buggy submission."""
    from bug_catalogue import catalogue

    name = platform_bug_name(assignment)
    return next(b for b in catalogue() if b.assignment == assignment and b.name == name)


def grade_cells(notebook: Path) -> dict[str, list[str]]:
    """nbgrader grade cell id -> the checks its check_here calls run (hidden tests included)."""
    cells = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and is_test_cell(meta):
            cells[meta["grade_id"]] = [check for _, check in check_calls(cell.source)]
    return cells


def expected_cell_scores(report: GradeReport, cells: dict[str, list[str]]) -> dict[str, float]:
    return {cell: sum(report.scores[check] for check in checks) for cell, checks in cells.items()}
