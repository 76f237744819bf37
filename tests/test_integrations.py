"""Gradescope's entry point and nbgrader's preprocessor, without their platforms.

The platform runs (tests/test_platform_exports.py, tests/test_nbgrader_workflow.py, the
slow tier) prove each path end to end; these prove the two modules only those runs reach
otherwise, in seconds: what run-gradescope writes for an upload, and which cells nbgrader
is told to skip.
"""

from __future__ import annotations

import json
import shutil

import nbformat
from notebook_variants import skeleton_notebook

from autograder.notebook.cells import EXPERIMENT_TAG
from autograder.run.gradescope import run_gradescope

A = "bandits"


def autograder_root(tmp_path, config, upload: str | None):
    """Gradescope's /autograder layout: source/grading.yml (the rule checks only, which
    take milliseconds), the student's upload under submission/, an empty results/."""
    root = tmp_path / "autograder"
    (root / "source").mkdir(parents=True)
    (root / "submission").mkdir()
    rules = config.subset(A, lambda c: c.threshold is None)
    (root / "source" / "grading.yml").write_text(rules.to_yaml())
    if upload is not None:
        shutil.copy(skeleton_notebook(A), root / "submission" / upload)
    return root, rules.assignments[A]


def results_of(root) -> dict:
    return json.loads((root / "results" / "results.json").read_text())


def test_run_gradescope_grades_the_upload_and_writes_results_json(tmp_path, config):
    root, spec = autograder_root(tmp_path, config, config.assignments[A].notebook)
    run_gradescope(root, A)
    results = results_of(root)
    assert results["score"] == 0  # the skeleton: every check is a TODO
    assert [t["max_score"] for t in results["tests"]] == [c.points for c in spec.checks]
    assert all("not implemented yet" in t["output"] for t in results["tests"]), results


def test_run_gradescope_says_what_is_wrong_with_the_upload(tmp_path, config):
    for upload, said in ((None, "No notebook was submitted"), ("mine.ipynb", "Rename it")):
        root, spec = autograder_root(tmp_path / str(upload), config, upload)
        run_gradescope(root, A)
        (test,) = results_of(root)["tests"]
        assert said in test["output"] and spec.notebook in test["output"], test
        assert test["max_score"] == spec.max_score and test["score"] == 0


def test_nbgrader_is_told_to_skip_exactly_the_experiment_cells():
    from autograder.integrations.nbgrader import SkipExperiments

    experiment = nbformat.v4.new_code_cell("train_for_an_hour()")
    experiment.metadata["tags"] = [EXPERIMENT_TAG]
    graded = nbformat.v4.new_code_cell("def softmax(H): ...")
    notes = nbformat.v4.new_markdown_cell("theory")
    notes.metadata["tags"] = [EXPERIMENT_TAG]  # only code cells run
    nb = nbformat.v4.new_notebook(cells=[experiment, graded, notes])
    out, _ = SkipExperiments().preprocess(nb, {})
    assert "train_for_an_hour" not in out.cells[0].source
    assert out.cells[0].outputs == []
    assert [c.source for c in out.cells[1:]] == ["def softmax(H): ...", "theory"]
