"""Proof for the dynamic-programming assignment beyond the template (test_assignments.py:
reference and second implementation full marks, skeleton zero, public literals): bugs
caught.

Each catalogue entry is the reference with one function replaced by a buggy version; it
must lose exactly the numerical checks listed, and every threshold check it lists
(tests/bug_catalogue.py says why only those). The second implementation
(dynamic_programming_alt.py) works on dense arrays instead of looping over the P table.
"""

from __future__ import annotations

import csv
import subprocess

import nbformat
import numpy as np
import pytest
from bug_catalogue import Entry
from dynamic_programming_alt import ALT_CELLS
from helpers import batch_command
from notebook_variants import REPO, make_variant, skeleton_notebook, solution_notebook
from platform_runs import plumbing_yaml

from autograder.checks.dynamic_programming import oracle, public
from autograder.checks.dynamic_programming.frozenlake import success_within
from autograder.checks.dynamic_programming.mdps import gymnasium_table
from autograder.config import load_config
from autograder.grade import grade_notebook

A = "dynamic_programming"
# the buggy submission of the platform tests (nbgrader, otter, Gradescope): whole checks lost
PLATFORM_BUG = "greedy_ties_by_exact_equality"


@pytest.mark.slow
def test_batch_gradebook_agrees_with_grading_one_by_one(tmp_path):
    """`rlgrade batch` over a class (reference, second implementation, a bug, the skeleton)
    writes the scores that `rlgrade grade` gives each notebook alone, check by check (both
    on the platform runs' cheaper thresholds, platform_runs.plumbing: batch mechanics)."""
    contract = plumbing_yaml(REPO / "grading.yml", tmp_path / "grading.yml", A)
    config = load_config(contract)
    folder = tmp_path / "submitted"
    notebooks = {
        "ref": make_variant(solution_notebook(A), folder / "ref.ipynb"),
        "alt": make_variant(solution_notebook(A), folder / "alt.ipynb", ALT_CELLS),
        "bug": make_variant(solution_notebook(A), folder / "bug.ipynb", BUGS[PLATFORM_BUG].replace),
        "todo": make_variant(skeleton_notebook(A), folder / "todo.ipynb"),
    }
    out = tmp_path / "gradebook"
    done = subprocess.run(
        batch_command(folder, A, out, "--config", contract),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr  # two students lack full marks
    rows = {r["student"]: r for r in csv.DictReader((out / "gradebook.csv").open())}
    assert sorted(rows) == sorted(notebooks)
    # what grading each alone gives: full marks and zero are known check by check from
    # grading.yml (test_assignments proves them one by one); the bug is graded alone here
    spec = config.assignments[A]
    alone = {
        "ref": {c.id: c.points for c in spec.checks},
        "alt": {c.id: c.points for c in spec.checks},
        "todo": {c.id: 0.0 for c in spec.checks},
        "bug": grade_notebook(notebooks["bug"], A, config).scores,
    }
    for student, scores in alone.items():
        assert float(rows[student]["score"]) == pytest.approx(sum(scores.values())), student
        for check, score in scores.items():
            assert float(rows[student][check]) == pytest.approx(score), (student, check)
    assert 0 < float(rows["bug"]["score"]) < spec.max_score


def test_value_iteration_at_theta_1e6_is_within_the_public_tolerance():
    """value_iteration_public compares the chain (and its renumbered copy) at theta = 1e-6
    with the exact v*: the oracle's answer is within the check's 1e-5 of it, in the count
    of sweeps the check expects (the literals themselves: test_assignments.py)."""
    for P, want in (
        (public.CHAIN, public.CHAIN_V_STAR),
        (public.BACKWARDS, public.CHAIN_V_STAR[::-1]),
    ):
        V, sweeps = oracle.value_iteration(P, 0.9, 1e-6)
        assert sweeps == public.CHAIN_VI_SWEEPS_THETA_1E6
        np.testing.assert_allclose(V, want, atol=1e-5)


def _reference_with(function: str, old: str, new: str) -> dict[str, str]:
    """The reference cell of ``function`` with one line changed (solution markers dropped)."""
    nb = nbformat.read(solution_notebook(A), as_version=4)
    source = next(
        c.source for c in nb.cells if c.cell_type == "code" and f"def {function}(" in c.source
    )
    source = "\n".join(line for line in source.splitlines() if "### " not in line) + "\n"
    assert source.count(old) == 1, old
    return {function: source.replace(old, new)}


def _lookahead(term: str, loop: str = "for prob, next_state, reward, terminated in P[s][a]:"):
    return {
        "q_from_v": f"""
        def q_from_v(P, V, gamma):
            Q = np.zeros((len(P), len(P[0])))
            for s in range(len(P)):
                for a in range(len(P[0])):
                    {loop}
                        Q[s, a] += {term}
            return Q
    """
    }


LOOKAHEAD = {"q_from_v_public", "q_from_v_hidden"}
BACKUP = {"bellman_backup_public", "bellman_backup_hidden"}
EVALUATION = {"policy_evaluation_public", "policy_evaluation_hidden"}
GREEDY = {"greedy_policy_public", "greedy_policy_hidden"}
FROM_VALUES = {"policy_from_values_public", "policy_from_values_hidden"}
POLICY_ITERATION = {"policy_iteration_public", "policy_iteration_hidden"}
VALUE_ITERATION = {"value_iteration_public", "value_iteration_hidden"}
FROZENLAKE = {"frozenlake_value_iteration", "frozenlake_policy_iteration"}
EVERYTHING_NUMERIC = LOOKAHEAD | BACKUP | EVALUATION | FROM_VALUES | POLICY_ITERATION
EVERYTHING_NUMERIC |= VALUE_ITERATION

BUGS = {
    # only visible where V(terminal) != 0: a given V; the solvers start at 0, and a terminal
    # state's own row (reward 0, looping to itself) keeps it there
    "lookahead_bootstraps_from_terminal": Entry(
        _lookahead("prob * (reward + gamma * V[next_state])"),
        LOOKAHEAD | BACKUP | {"policy_from_values_hidden"},
        "bootstrapping from a terminal state",
    ),
    "lookahead_discounts_the_reward": Entry(
        _lookahead("prob * gamma * (reward + (0.0 if terminated else V[next_state]))"),
        EVERYTHING_NUMERIC,
        "gamma discounts the reward too",
    ),
    "lookahead_first_outcome_only": Entry(  # FrozenLake's ice then looks deterministic
        _lookahead(
            "reward + (0.0 if terminated else gamma * V[next_state])",
            "for prob, next_state, reward, terminated in P[s][a][:1]:",
        ),
        EVERYTHING_NUMERIC - {"policy_from_values_public"} | FROZENLAKE,
        "only the first outcome",
    ),
    # FrozenLake's planners would also fail, but only after sweeping values that grow
    # without bound (up to the sweep budget, a minute): lookahead_first_outcome_only proves
    # both FrozenLake checks on this mistake's twin in seconds, so they are not graded here
    "lookahead_without_probabilities": Entry(
        _lookahead("reward + (0.0 if terminated else gamma * V[next_state])"),
        EVERYTHING_NUMERIC - {"policy_from_values_public"},
        "without their probabilities",
    ),
    "backup_takes_the_max": Entry(
        {
            "bellman_expectation_backup": """
            def bellman_expectation_backup(P, V, policy, gamma):
                return q_from_v(P, V, gamma).max(axis=1)
        """
        },
        BACKUP | EVALUATION | POLICY_ITERATION,
        "optimality backup",
    ),
    "backup_ignores_the_policy": Entry(
        {
            "bellman_expectation_backup": """
            def bellman_expectation_backup(P, V, policy, gamma):
                return q_from_v(P, V, gamma).mean(axis=1)
        """
        },  # every policy is then valued as the random one: one improvement step, stable
        BACKUP | EVALUATION | POLICY_ITERATION | {"frozenlake_policy_iteration"},
        "averaged uniformly",
    ),
    "evaluation_ignores_in_place": Entry(  # always two arrays
        _reference_with("policy_evaluation", "        if in_place:", "        if False:"),
        EVALUATION,
        "",
    ),
    "evaluation_always_in_place": Entry(
        _reference_with("policy_evaluation", "        if in_place:", "        if True:"),
        EVALUATION,
        "",
    ),
    "evaluation_stops_on_the_relative_change": Entry(
        _reference_with(
            "policy_evaluation",
            "delta = np.max(np.abs(new - V))",
            "delta = np.max(np.abs(new - V) / np.maximum(np.abs(new), 1e-12))",
        ),
        EVALUATION,
        "relative change",
    ),
    "evaluation_stops_on_the_sum_of_changes": Entry(
        _reference_with(
            "policy_evaluation",
            "delta = np.max(np.abs(new - V))",
            "delta = np.sum(np.abs(new - V))",
        ),
        EVALUATION,
        "sum instead of the max",
    ),
    "greedy_ties_to_the_first_action": Entry(
        {
            "greedy_policy": """
            def greedy_policy(Q, tol=1e-6):
                return np.eye(Q.shape[1])[np.argmax(Q, axis=1)]
        """
        },
        GREEDY | FROM_VALUES | POLICY_ITERATION,
        "np.argmax",
    ),
    "greedy_ties_by_exact_equality": Entry(
        {
            "greedy_policy": """
            def greedy_policy(Q, tol=1e-6):
                greedy = Q == Q.max(axis=1, keepdims=True)
                return greedy / greedy.sum(axis=1, keepdims=True)
        """
        },
        GREEDY,
        "exact equality",
    ),
    "policy_iteration_never_reevaluates": Entry(
        {
            "policy_iteration": """
            def policy_iteration(P, gamma, theta=1e-8, max_iterations=100):
                policy = np.full((len(P), len(P[0])), 1.0 / len(P[0]))
                V, _ = policy_evaluation(P, policy, gamma, theta)
                iterations = 0
                while iterations < max_iterations:
                    iterations += 1
                    improved = policy_from_values(P, V, gamma)
                    if np.array_equal(improved, policy):
                        break
                    policy = improved
                return policy, V, iterations
        """
        },
        POLICY_ITERATION | {"frozenlake_policy_iteration"},
        "not re-evaluated",
    ),
    "policy_iteration_fixed_count": Entry(
        {
            "policy_iteration": """
            def policy_iteration(P, gamma, theta=1e-8, max_iterations=100):
                policy = np.full((len(P), len(P[0])), 1.0 / len(P[0]))
                for _ in range(10):
                    V, _ = policy_evaluation(P, policy, gamma, theta)
                    policy = policy_from_values(P, V, gamma)
                return policy, V, 10
        """
        },
        POLICY_ITERATION,
        "fixed number of iterations",
    ),
    "value_iteration_in_place": Entry(
        {
            "value_iteration": """
            def value_iteration(P, gamma, theta=1e-8, max_sweeps=10_000):
                V = np.zeros(len(P))
                sweeps = 0
                while sweeps < max_sweeps:
                    delta = 0.0
                    for s in range(len(P)):
                        best = q_from_v(P, V, gamma)[s].max()
                        delta = max(delta, abs(best - V[s]))
                        V[s] = best
                    sweeps += 1
                    if delta < theta:
                        break
                return V, sweeps
        """
        },
        VALUE_ITERATION,
        "in place",
    ),
    "value_iteration_stops_on_the_relative_change": Entry(
        _reference_with(
            "value_iteration",
            "delta = np.max(np.abs(new - V))",
            "delta = np.max(np.abs(new - V) / np.maximum(np.abs(new), 1e-12))",
        ),
        VALUE_ITERATION,
        "relative change",
    ),
    "value_iteration_averages_the_actions": Entry(  # evaluates the random policy instead
        _reference_with(
            "value_iteration",
            "q_from_v(P, V, gamma).max(axis=1)",
            "q_from_v(P, V, gamma).mean(axis=1)",
        ),
        VALUE_ITERATION | {"frozenlake_value_iteration"},
        "",
    ),
    "greedy_tolerance_by_rounding": Entry(  # ignores the caller's tol
        {
            "greedy_policy": """
            def greedy_policy(Q, tol=1e-6):
                rounded = np.round(Q, 6)
                greedy = rounded == rounded.max(axis=1, keepdims=True)
                return greedy / greedy.sum(axis=1, keepdims=True)
        """
        },
        GREEDY,
        "",
    ),
    "greedy_ties_by_isclose": Entry(  # np.isclose's default rtol widens the tolerance
        {
            "greedy_policy": """
            def greedy_policy(Q, tol=1e-6):
                greedy = np.isclose(Q, Q.max(axis=1, keepdims=True), atol=tol)
                return greedy / greedy.sum(axis=1, keepdims=True)
        """
        },
        GREEDY - {"greedy_policy_hidden"},
        "np.isclose",
    ),
    "evaluation_two_arrays_without_a_copy": Entry(  # new = V aliases the array it reads
        {
            "policy_evaluation": """
            def policy_evaluation(P, policy, gamma, theta=1e-8, in_place=False, max_sweeps=None):
                V = np.zeros(len(P))
                sweeps = 0
                while max_sweeps is None or sweeps < max_sweeps:
                    old = V.copy()
                    new = V
                    for s in range(len(P)):
                        new[s] = sum(
                            policy[s, a] * p * (r + (0.0 if t else gamma * V[n]))
                            for a in range(len(P[0]))
                            for p, n, r, t in P[s][a]
                        )
                    V = new
                    sweeps += 1
                    if np.max(np.abs(V - old)) < theta:
                        break
                return V, sweeps
        """
        },
        EVALUATION,
        "copy it first",
    ),
    "value_iteration_returns_the_values_before_the_last_sweep": Entry(
        _reference_with(
            "value_iteration",
            "        V = new\n        if delta < theta:\n            break",
            "        if delta < theta:\n            break\n        V = new",
        ),
        VALUE_ITERATION,
        "",
    ),
}


# BUGS is run by tests/test_bug_catalogue.py, with every other assignment's.


def test_frozenlake_threshold_separates_the_optimum_from_one_improvement_step(config):
    """The bar sits below the optimum's exact success probability and above that of a policy
    one improvement step from random (where the two catalogue bugs that stop early land)."""
    for check_id in sorted(FROZENLAKE):
        spec = config.assignments[A].check(check_id)
        t, gamma = spec.threshold, spec.params["gamma"]
        P = gymnasium_table(t.env)
        V, _ = oracle.value_iteration(P, gamma, spec.params["theta"])
        optimum = oracle.greedy_policy(oracle.q_from_v(P, V, gamma))
        random_values, _ = oracle.policy_evaluation(P, np.full((64, 4), 0.25), gamma, 1e-10)
        one_step = oracle.greedy_policy(oracle.q_from_v(P, random_values, gamma))
        best, short = (success_within(P, p, 200, 0) for p in (optimum, one_step))
        # exact numbers: a 0.01 margin on each side holds on any machine
        assert short + 0.01 < t.threshold <= best - 0.01, (check_id, short, best)
        assert t.partial_credit.zero_at < short  # one step short still earns part of it
