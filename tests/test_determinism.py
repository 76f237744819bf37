"""Same submission, same score: grading a notebook twice gives the same report, timings aside.

Seeds are fixed in grading.yml and the sandbox runs TensorFlow single-threaded with
deterministic ops, so every row (status, score, message, metric, learning curve) must
repeat exactly, and so must the Gradescope results.json apart from its
``execution_time``. Every assignment: bandits (every check, the testbeds shorter),
Q-learning (training and threshold checks on two seeds), DQN (every numerical check and
a short real training run) and REINFORCE (sampling, gradients and a short real training
run), each kept to seconds of grading.
"""

from __future__ import annotations

import json

import pytest
from notebook_variants import solution_notebook
from platform_runs import plumbing

from autograder.grade import grade_notebook
from autograder.reports import gradescope_json

pytestmark = pytest.mark.slow  # grades every assignment twice, training included


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


def test_bandits_grades_identically_twice(config):
    """Every check, the testbeds on the platform runs' cheaper setting (platform_runs.py):
    their random bandits, actions and rewards are what must repeat."""
    cfg = config.subset("bandits", threshold_update=plumbing)
    first, second = graded_twice("bandits", cfg)
    assert {r["status"] for r in first["results"]} == {"passed"}, first
    assert all(r["metric"] is not None for r in first["results"] if r["id"].startswith("testbed"))
    assert first == second


def test_q_learning_grades_identically_twice(config):
    keep = {
        "epsilon_greedy_hidden",
        "train_public",
        "time_limit_bootstrap",
        "cliff_q_learning_path",
        "cliff_sarsa_epsilon_greedy",
    }
    cfg = config.subset("q_learning", lambda c: c.id in keep, {"seeds": [1, 2]})
    first, second = graded_twice("q_learning", cfg)
    assert [r["status"] for r in first["results"]] == ["passed"] * len(keep), first
    assert all(r["metric"] is not None for r in first["results"] if r["id"].startswith("cliff"))
    assert first == second


def test_reinforce_grades_identically_twice(config):
    """Sampled actions, gradients, one optimizer step and 25 episodes of real training."""
    keep = {"sample_action_public", "policy_gradient_public", "train_step_public"}
    keep.add("cartpole_threshold")
    short = {"seeds": [1], "budget": 25, "eval_episodes": 3}
    cfg = config.subset("reinforce", lambda c: c.id in keep, short)
    first, second = graded_twice("reinforce", cfg)
    threshold = next(r for r in first["results"] if r["id"] == "cartpole_threshold")
    assert threshold["metric"] is not None, threshold["message"]
    assert "trained [25]" in threshold["message"], threshold["message"]  # training happened
    assert first == second


def test_dqn_grades_identically_twice(config):
    """Every numerical check (network initialization, losses, gradients, a train step) and
    4,000 steps of real training on one seed."""
    short = {"seeds": [3], "budget": 4000}
    cfg = config.subset("dqn", lambda c: True, short)
    first, second = graded_twice("dqn", cfg)
    threshold = next(r for r in first["results"] if r["id"] == "cartpole_threshold")
    assert threshold["metric"] is not None, threshold["message"]
    numeric = [r for r in first["results"] if r["id"] != "cartpole_threshold"]
    assert {r["status"] for r in numeric} == {"passed"}, numeric
    assert first == second
