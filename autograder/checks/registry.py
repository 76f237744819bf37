"""Checks register themselves: an assignment's package lists nothing.

A check is a function marked ``@check`` (or ``@threshold_check``) in any module of
``autograder/checks/<assignment>/``. The engine imports every module of that package
and collects the marked functions, so adding a check is writing it (and its line in
grading.yml), never also re-exporting it. A module missing from a copy (the students'
starter has no ``hidden.py``) simply contributes nothing.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from functools import cache


@cache
def checks_of(assignment: str) -> dict[str, Callable]:
    """Check id -> function, for every check defined in the assignment's package.

    Raises ModuleNotFoundError if there is no package ``autograder.checks.<assignment>``.
    """
    package = importlib.import_module(f"autograder.checks.{assignment}")
    found: dict[str, Callable] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if getattr(value, "is_check", False) and value.__module__ == module.__name__:
                if name in found:
                    raise RuntimeError(
                        f"check {name!r} is defined twice in autograder/checks/{assignment}/ "
                        f"({found[name].__module__} and {module.__name__}): rename one."
                    )
                found[name] = value
    return found


def check_function(assignment: str, check_id: str) -> Callable:
    """The function behind ``check_id``; KeyError naming the folder if there is none."""
    try:
        return checks_of(assignment)[check_id]
    except KeyError:
        raise KeyError(
            f"no check {check_id!r} in autograder/checks/{assignment}/ (a function marked "
            "@check or @threshold_check)"
        ) from None
