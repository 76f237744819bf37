"""Build submission notebooks for the tests: the reference with one thing changed.

A variant replaces the cell that defines a function (bugs), or adds cells
(attacks), so each test notebook differs from the reference in exactly one way.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]


def solution_notebook(assignment: str) -> Path:
    return REPO / "solutions" / assignment / f"{assignment}.ipynb"


def skeleton_notebook(assignment: str) -> Path:
    return REPO / "assignments" / assignment / f"{assignment}.ipynb"


def _defining_cell(nb, name: str):
    for cell in nb.cells:
        if cell.cell_type == "code" and f"def {name}(" in cell.source:
            return cell
    raise KeyError(f"no code cell defines {name}()")


def make_variant(
    base: Path,
    out: Path,
    replace: dict[str, str] | None = None,
    append: list[str] | None = None,
    prepend: list[str] | None = None,
) -> Path:
    """Copy ``base`` to ``out`` with function cells replaced and code cells added.

    ``replace`` maps a function name to the new source of the cell that defines it.
    ``prepend`` cells go right after the first code cell (the imports).
    """
    nb = nbformat.read(base, as_version=4)
    for name, source in (replace or {}).items():
        _defining_cell(nb, name).source = textwrap.dedent(source).strip() + "\n"
    first_code = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    for offset, source in enumerate(prepend or []):
        nb.cells.insert(first_code + 1 + offset, nbformat.v4.new_code_cell(textwrap.dedent(source)))
    for source in append or []:
        nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(source)))
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out
