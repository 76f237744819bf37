"""Same submission, same score: grading a notebook twice gives the same report, timings aside.

Seeds are fixed in grading.yml and the sandbox runs TensorFlow single-threaded with
deterministic ops, so every row (status, score, message, metric, learning curve) must
repeat exactly, and so must the Gradescope results.json apart from its
``execution_time``. Every assignment of grading.yml, every check: the random cases of the
numerical checks, and each threshold check's training and evaluation episodes on the
platform runs' setting (platform_runs.plumbing: one seed, a fiftieth of the budget,
trained and evaluated for real), so that each takes seconds.
"""

from __future__ import annotations

import json

import pytest
from notebook_variants import REPO, solution_notebook
from platform_runs import plumbing

from autograder.config import load_config
from autograder.grade import grade_notebook
from autograder.reports import gradescope_json

pytestmark = pytest.mark.slow  # grades every assignment twice, training included
CONFIG = load_config(REPO / "grading.yml")


def without_timings(value):
    """The report as data, without its ``seconds`` and ``cpu_seconds`` (measured times)."""
    if isinstance(value, dict):
        return {
            k: without_timings(v) for k, v in value.items() if k not in {"seconds", "cpu_seconds"}
        }
    if isinstance(value, list):
        return [without_timings(v) for v in value]
    return value


def results_json_without_time(report) -> dict:
    payload = json.loads(gradescope_json(report))
    payload.pop("execution_time")
    return payload


def graded_twice(assignment: str, config) -> list[dict]:
    reports = [grade_notebook(solution_notebook(assignment), assignment, config) for _ in "12"]
    assert results_json_without_time(reports[0]) == results_json_without_time(reports[1])
    return [without_timings(r.to_dict()) for r in reports]


@pytest.mark.parametrize("assignment", CONFIG.names)
def test_the_reference_grades_identically_twice(assignment, config):
    cfg = config.subset(assignment, threshold_update=plumbing)
    first, second = graded_twice(assignment, cfg)
    assert {r["status"] for r in first["results"]} == {"passed"}, first
    spec = cfg.assignments[assignment]
    for row in first["results"]:  # every threshold check measured, and what trained has a curve
        if spec.check(row["id"]).threshold is not None:
            assert row["metric"] is not None, row["message"]
            if row["per_seed"] is not None:  # one training seed: one measurement
                assert len(row["per_seed"]) == 1, row["per_seed"]
            for line in (row["curve"] or {"lines": {}})["lines"].values():
                assert len(line["y"]) > 0, row["id"]
    assert first == second
