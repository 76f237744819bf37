"""The notebook loader: bad notebooks get a clear message, IPython syntax is skipped."""

from __future__ import annotations

import nbformat
import pytest

from autograder.notebook.errors import NotebookError
from autograder.notebook.loader import load_submission_code


def _nb(tmp_path, cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    path = tmp_path / "sub.ipynb"
    nbformat.write(nb, path)
    return path


def test_not_json(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [')
    with pytest.raises(NotebookError, match=r"not valid JSON \(line 1"):
        load_submission_code(path)


def test_json_but_not_a_notebook(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text('{"hello": 1}')
    with pytest.raises(NotebookError, match="not a Jupyter notebook"):
        load_submission_code(path)


def test_missing_file(tmp_path):
    with pytest.raises(NotebookError, match="No notebook at"):
        load_submission_code(tmp_path / "missing.ipynb")


def test_no_code(tmp_path):
    with pytest.raises(NotebookError, match="no code cells"):
        load_submission_code(_nb(tmp_path, [nbformat.v4.new_markdown_cell("hi")]))


def test_magics_experiments_and_test_cells_are_skipped(tmp_path):
    experiment = nbformat.v4.new_code_cell("run_forever()")
    experiment.metadata["tags"] = ["experiment"]
    test_cell = nbformat.v4.new_code_cell("check_here('bandits', 'x', globals())")
    test_cell.metadata["nbgrader"] = {"grade": True, "solution": False, "points": 1}
    cells = load_submission_code(
        _nb(
            tmp_path,
            [
                nbformat.v4.new_code_cell("%matplotlib inline\nif True:\n    !ls\nx = 1"),
                nbformat.v4.new_code_cell("%%timeit\nslow()"),
                experiment,
                test_cell,
            ],
        )
    )
    assert len(cells) == 1
    compile(cells[0]["source"], "<cell>", "exec")  # still valid Python
    assert "x = 1" in cells[0]["source"] and "!ls" not in cells[0]["source"]
