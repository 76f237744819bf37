"""Which assignment a notebook looks like, from the functions it defines.

Why: a student who submits the Q-learning notebook to the bandits grader would otherwise
see fourteen "does not define" rows and no hint that the file is simply the wrong one.
Names are read with ``ast`` (nothing is executed); the functions an assignment asks for
are those its released notebook defines.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from autograder.config.schema import GradingConfig
from autograder.notebook.loader import code_cells, read_notebook

MIN_SHARE = 0.5  # of another assignment's functions, to call it a likely match
MAX_OWN_SHARE = 0.25  # of the graded assignment's functions, below which it looks wrong


def defined_names(sources: list[str]) -> set[str]:
    """Top-level functions and classes of these cells (cells that do not parse are skipped)."""
    names: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        names |= {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        }
    return names


@functools.cache
def _released_names(path: Path) -> frozenset[str]:
    return frozenset(defined_names([c["source"] for c in code_cells(read_notebook(path))]))


def asked_names(config: GradingConfig, assignment: str, release_root: Path) -> frozenset[str]:
    """The functions the released notebook of ``assignment`` defines (empty if not shipped)."""
    path = release_root / assignment / config.assignments[assignment].notebook
    return _released_names(path) if path.is_file() else frozenset()


def wrong_assignment_warning(
    sources: list[str], assignment: str, config: GradingConfig, release_root: Path
) -> str | None:
    """A sentence naming the assignment this notebook seems to be, if it is not ``assignment``."""
    names = defined_names(sources)

    def share(name: str) -> float:
        asked = asked_names(config, name, release_root)
        return len(names & asked) / len(asked) if asked else 0.0

    if not asked_names(config, assignment, release_root) or share(assignment) >= MAX_OWN_SHARE:
        return None
    best = max((a for a in config.assignments if a != assignment), key=share, default=None)
    if best is None or share(best) < MIN_SHARE:
        return None
    found = sorted(names & asked_names(config, best, release_root))
    return (
        f"This notebook looks like the '{best}' assignment ({config.assignments[best].notebook}: "
        f"it defines {', '.join(found[:4])}{', ...' if len(found) > 4 else ''}), not "
        f"'{assignment}'. Submit {config.assignments[assignment].notebook}, or grade with "
        f"-a {best}."
    )
