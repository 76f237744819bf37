"""Read a submission notebook and keep the code the grader should run.

A pipeline of small preprocessors, in the manner of nbgrader: each takes the
list of code cells and returns a filtered or rewritten list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import nbformat

from autograder.notebook.cells import is_experiment, is_test_cell
from autograder.notebook.errors import NotebookError

Cell = dict  # {"index": int, "source": str, "tags": list[str], "nbgrader": dict}
Preprocessor = Callable[[list[Cell]], list[Cell]]


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Parse and validate the notebook, with an error that says how to fix it."""
    path = Path(path)
    if not path.is_file():
        raise NotebookError(f"No notebook at {path}. Pass the path of your .ipynb file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotebookError(
            f"{path.name} is not UTF-8 text. Re-save it from Jupyter (File > Save Notebook)."
        ) from None
    if not text.strip():
        raise NotebookError(
            f"{path.name} is empty ({path.stat().st_size} bytes): the upload or the save did not "
            "finish. Submit the notebook again from Jupyter (File > Save Notebook first)."
        )
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        if path.suffix != ".ipynb":
            raise NotebookError(
                f"{path.name} is a {path.suffix or 'suffix-less'} file, not a Jupyter notebook: "
                "the grader reads the .ipynb file Jupyter saves. Pass the notebook "
                f"(for example {path.stem}.ipynb), not a script exported from it."
            ) from None
        raise NotebookError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}). "
            "The file was probably edited outside Jupyter or truncated; restore it from "
            "your last good copy or re-download the assignment and paste your code back."
        ) from None
    try:
        nb = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types
        raise NotebookError(f"{path.name} is not a Jupyter notebook: {exc}") from None
    if not any(c.cell_type == "code" for c in nb.cells):
        raise NotebookError(f"{path.name} has no code cells: is this the assignment notebook?")
    return nb


def code_cells(nb: nbformat.NotebookNode) -> list[Cell]:
    return [
        {
            "index": i,
            "source": cell.source,
            "tags": list(cell.metadata.get("tags", [])),
            "nbgrader": dict(cell.metadata.get("nbgrader", {})),
        }
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
    ]


def skip_experiments(cells: list[Cell]) -> list[Cell]:
    """Experiment cells (plots, long runs) are for learning, not for grading."""
    return [c for c in cells if not is_experiment(c["tags"])]


def skip_test_cells(cells: list[Cell]) -> list[Cell]:
    """Autograder test cells call the checks; the grader runs those itself."""
    return [c for c in cells if not is_test_cell(c["nbgrader"])]


def strip_magics(cells: list[Cell]) -> list[Cell]:
    """Drop IPython-only syntax: cell magics, line magics and shell escapes."""
    kept = []
    for cell in cells:
        if cell["source"].lstrip().startswith("%%"):
            continue
        lines = [_neutralize(line) for line in cell["source"].splitlines()]
        kept.append(dict(cell, source="\n".join(lines)))
    return kept


def _neutralize(line: str) -> str:
    stripped = line.lstrip()
    if not stripped.startswith(("%", "!")):
        return line
    indent = line[: len(line) - len(stripped)]
    return indent + "pass  # line skipped by the grader: IPython magic or shell command"


PIPELINE: tuple[Preprocessor, ...] = (skip_experiments, skip_test_cells, strip_magics)


def load_submission_code(path: str | Path) -> list[dict]:
    """The code cells the sandbox will execute, in notebook order."""
    cells = code_cells(read_notebook(path))
    for step in PIPELINE:
        cells = step(cells)
    return [{"index": c["index"], "source": c["source"]} for c in cells]
