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
from collections.abc import Callable, Mapping
from functools import cache
from types import MappingProxyType


@cache
def checks_of(assignment: str) -> Mapping[str, Callable]:
    """Check id -> function, for every check defined in the assignment's package (read-only).

    Raises ModuleNotFoundError if there is no package ``autograder.checks.<assignment>``,
    and RuntimeError for a check defined in its ``__init__.py``: the students' starter
    leaves out modules that hold hidden checks, which it can only do for a module of its own.
    """
    package = importlib.import_module(f"autograder.checks.{assignment}")
    in_init = [n for n, v in vars(package).items() if _defined_in(v, package.__name__)]
    if in_init:
        raise RuntimeError(
            f"autograder/checks/{assignment}/__init__.py defines the check(s) {in_init}: move "
            "them into a module of the package (public.py, hidden.py, ...)."
        )
    found: dict[str, Callable] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if _defined_in(value, module.__name__):
                if name in found:
                    raise RuntimeError(
                        f"check {name!r} is defined twice in autograder/checks/{assignment}/ "
                        f"({found[name].__module__} and {module.__name__}): rename one."
                    )
                found[name] = value
    return MappingProxyType(found)


def _defined_in(value: object, module_name: str) -> bool:
    return bool(getattr(value, "is_check", False)) and value.__module__ == module_name


def check_function(assignment: str, check_id: str) -> Callable:
    """The function behind ``check_id``; KeyError naming the folder if there is none."""
    try:
        return checks_of(assignment)[check_id]
    except KeyError:
        raise KeyError(
            f"no check {check_id!r} in autograder/checks/{assignment}/ (a function marked "
            "@check or @threshold_check)"
        ) from None
