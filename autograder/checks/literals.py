"""The one way an expected number gets into a public check: the oracle computes it.

A public check's expected values are literals students can read: a ``Case``'s ``want``,
or a module constant that ``oracle.public_expected()`` recomputes by name; where a case is
too large to work out by hand, its values live in a generated ``<a>/expected.py``. Either
way they come from the assignment's oracle:

    python -m autograder.checks.literals <a>            # the oracle's value of each literal
    python -m autograder.checks.literals <a> --write    # regenerate <a>/expected.py

and tests/test_assignments.py holds every literal equal to what the oracle computes.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import pkgutil
import sys
import textwrap
from copy import deepcopy
from pathlib import Path
from types import ModuleType

import numpy as np

from autograder.checks.common import public_cases

GENERATED = "expected"  # the module name of an assignment's generated literals


def source(value: object, indent: int = 0) -> str:
    """Python source of a literal: (dicts, lists, dataclasses of) numbers, booleans, strings
    and arrays, floats to 12 significant digits, array rows wrapped near 100 columns."""
    pad = " " * indent
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        body = "".join(
            f"{pad}    {f.name}={source(getattr(value, f.name), indent + 4)},\n"
            for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}(\n{body}{pad})"
    if isinstance(value, np.ndarray) and value.size == 0 and value.ndim > 1:
        raise ValueError(f"an empty array of shape {value.shape} has no literal that keeps it")
    if isinstance(value, (dict, list, tuple, np.ndarray)) and len(value) == 0:
        return "{}" if isinstance(value, dict) else "[]"
    if isinstance(value, str) or value is None:
        return json.dumps(value) if value is not None else "None"
    if isinstance(value, dict):
        body = "".join(f"{pad}    {_key(k)}: {source(v, indent + 4)},\n" for k, v in value.items())
        return "{\n" + body + pad + "}"
    if isinstance(value, (list, tuple)) or np.ndim(value) > 1:
        body = "".join(f"{pad}    {source(v, indent + 4)},\n" for v in value)
        return "[\n" + body + pad + "]"
    if np.ndim(value) == 0:
        return _scalar(value)
    width = max(40, 94 - indent)
    lines = textwrap.wrap(", ".join(_scalar(x) for x in value), width)
    if len(lines) == 1:
        return f"[{lines[0]}]"
    return "[\n" + "".join(f"{pad}    {line}\n" for line in lines) + pad + "]"


def _scalar(x: object) -> str:
    """A number as source: booleans and integers exactly, floats to 12 digits."""
    x = np.asarray(x).item()
    if isinstance(x, (bool, int)):
        return repr(x)
    return f"{x:.12g}" if np.isfinite(x) else f'float("{x}")'


def _key(key: object) -> str:
    return json.dumps(key) if isinstance(key, str) else _scalar(key)


def public_modules(assignment: str) -> list[ModuleType]:
    """The modules of the assignment's checks other than hidden.py and oracle.py: where its
    public literals live (a threshold module may be left out of the students' starter
    when grading.yml makes its check hidden; its literals are still held to the oracle)."""
    package = importlib.import_module(f"autograder.checks.{assignment}")
    names = sorted(i.name for i in pkgutil.iter_modules(package.__path__))
    return [
        importlib.import_module(f"{package.__name__}.{name}")
        for name in names
        if name not in ("hidden", "oracle")
    ]


def oracle_values(assignment: str) -> tuple[list[tuple[object, object]], dict[str, object]]:
    """(each public ``Case`` with the oracle's value of it, the oracle's ``public_expected()``)."""
    oracle = importlib.import_module(f"autograder.checks.{assignment}.oracle")
    cases = [c for module in public_modules(assignment) for c in public_cases(module)]
    computed = [(case, getattr(oracle, case.function)(*deepcopy(case.args))) for case in cases]
    derived = oracle.public_expected() if hasattr(oracle, "public_expected") else {}
    return computed, derived


def generated_module(assignment: str) -> str:
    """The text of ``<assignment>/expected.py``: every ``public_expected()`` value (numbers,
    so that the file imports nothing). Only the oracle is imported: a broken expected.py,
    which the public module imports, can still be regenerated."""
    oracle = importlib.import_module(f"autograder.checks.{assignment}.oracle")
    derived = oracle.public_expected()
    header = (
        f'"""Expected values of the larger public {assignment} cases (generated; do not edit).\n'
        "\n"
        "Too large to work out by hand, they are computed by the grader's oracle from the\n"
        "fixed inputs the public checks show:\n"
        "\n"
        f"    python -m autograder.checks.literals {assignment} --write\n"
        "\n"
        "tests/test_assignments.py fails when these numbers and the oracle disagree.\n"
        '"""\n\n# fmt: off\n'
    )
    body = "".join(f"{name} = {source(value)}\n" for name, value in derived.items())
    return header + body + "# fmt: on\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment")
    parser.add_argument(
        "--write", action="store_true", help="regenerate autograder/checks/<a>/expected.py"
    )
    args = parser.parse_args(argv)
    folder = Path(__file__).resolve().parent / args.assignment
    if not (folder / "oracle.py").is_file():
        print(
            f"{folder} has no oracle.py: the literals come from the grader's oracle, which "
            "only the course repository has (not the students' starter). Fix: run this there, "
            "with an assignment of grading.yml.",
            file=sys.stderr,
        )
        return 2
    if args.write:
        target = folder / f"{GENERATED}.py"
        if not target.exists():
            print(
                f"{target} does not exist: this assignment types its literals into its public "
                "module; run without --write to see the oracle's values.",
                file=sys.stderr,
            )
            return 2
        target.write_text(generated_module(args.assignment))
        print(f"wrote {target}")
        return 0
    computed, derived = oracle_values(args.assignment)
    for case, value in computed:
        print(f"# {case.title}\n{case.function} -> {source(value)}\n")
    for name, value in derived.items():
        print(f"{name} = {source(value)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
