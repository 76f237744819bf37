"""Proof for the bandits assignment beyond the template (test_assignments.py): bugs caught.

Each catalogue entry is the reference with one function replaced by a buggy version; it
must lose exactly the numerical checks listed, and every threshold check it lists
(tests/bug_catalogue.py says why only those).
"""

from __future__ import annotations

import pytest
from bug_catalogue import Entry
from notebook_variants import solution_notebook

# the buggy submission of the platform tests (nbgrader, otter, Gradescope) should bandits be
# the cheapest assignment that names one (platform_runs.buggy_assignment): whole checks lost
PLATFORM_BUG = "ucb_log_of_pulls_so_far"

TESTBED_CHECKS = {"testbed_epsilon_greedy", "testbed_ucb", "testbed_gradient_bandit"}


@pytest.mark.slow
def test_each_testbed_curve_is_the_run_graded(rlgrade):
    """The feedback page plots each testbed run per seed (the reference's full marks are
    in the proof template, test_assignments.py)."""
    report = rlgrade(solution_notebook("bandits"), "bandits")
    for row in report.results:
        if row.id in TESTBED_CHECKS:
            assert row.threshold is not None and sorted(row.curve["lines"]) == [
                "testbed seed 101",
                "testbed seed 202",
            ]
            tail = row.curve["lines"]["testbed seed 101"]["y"][-50:]
            assert sum(tail) / len(tail) > row.threshold * 0.9  # the curve is the run graded


BUGS = {
    "divides_by_n_plus_one": Entry(
        {
            "sample_average_update": """
            def sample_average_update(Q, N, actions, rewards):
                Q, N = Q.copy(), N.copy()
                rows = np.arange(len(actions))
                N[rows, actions] += 1
                Q[rows, actions] += (rewards - Q[rows, actions]) / (N[rows, actions] + 1)
                return Q, N
        """
        },
        {"sample_average_public", "sample_average_hidden"},
    ),
    "forgets_to_increment_count": Entry(
        {
            "sample_average_update": """
            def sample_average_update(Q, N, actions, rewards):
                Q = Q.copy()
                rows = np.arange(len(actions))
                Q[rows, actions] += (rewards - Q[rows, actions]) / np.maximum(N[rows, actions], 1)
                return Q, N.copy()
        """
        },
        {"sample_average_public", "sample_average_hidden", "testbed_epsilon_greedy", "testbed_ucb"},
    ),
    "greedy_ties_always_to_first_arm": Entry(
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(Q, epsilon):
                k = Q.shape[1]
                probs = np.full(Q.shape, epsilon / k)
                probs[np.arange(len(Q)), Q.argmax(axis=1)] += 1 - epsilon
                return probs
        """
        },
        {"epsilon_greedy_public", "epsilon_greedy_hidden"},
    ),
    "epsilon_only_over_non_greedy_arms": Entry(
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(Q, epsilon):
                k = Q.shape[1]
                greedy = Q == Q.max(axis=1, keepdims=True)
                n_greedy = greedy.sum(axis=1, keepdims=True)
                explore = epsilon / np.maximum(k - n_greedy, 1)
                return np.where(greedy, (1 - epsilon) / n_greedy, explore)
        """
        },
        # all-tied rows give the greedy arms only 1 - epsilon: the testbed refuses them
        {"epsilon_greedy_public", "epsilon_greedy_hidden", "testbed_epsilon_greedy"},
    ),
    "ucb_log_n_instead_of_log_t": Entry(
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                with np.errstate(divide="ignore", invalid="ignore"):
                    bonus = c * np.sqrt(np.log(N) / N)
                return np.where(N == 0, np.inf, Q + bonus)
        """
        },
        {"ucb_public", "ucb_hidden", "testbed_ucb"},
    ),
    "ucb_untried_arms_not_first": Entry(
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                return Q + c * np.sqrt(np.log(t) / (N + 1))
        """
        },
        {"ucb_public", "ucb_hidden"},
    ),
    "gradient_update_without_one_minus_pi": Entry(
        {
            "gradient_bandit_update": """
            def gradient_bandit_update(H, actions, rewards, baseline, step_size):
                pi = softmax(H)
                rows = np.arange(len(actions))
                advantage = (rewards - baseline)[:, None]
                H_new = H - step_size * advantage * pi
                H_new[rows, actions] = H[rows, actions] + step_size * (rewards - baseline)
                return H_new
        """
        },
        {"gradient_bandit_public", "gradient_bandit_hidden", "testbed_gradient_bandit"},
    ),
    "gradient_update_ignores_baseline": Entry(
        {
            "gradient_bandit_update": """
            def gradient_bandit_update(H, actions, rewards, baseline, step_size):
                onehot = np.zeros_like(H)
                onehot[np.arange(len(actions)), actions] = 1.0
                return H + step_size * rewards[:, None] * (onehot - softmax(H))
        """
        },
        {"gradient_bandit_public", "gradient_bandit_hidden", "testbed_gradient_bandit"},
    ),
    "softmax_overflows": Entry(
        {
            "softmax": """
            def softmax(H):
                z = np.exp(H)
                return z / z.sum(axis=1, keepdims=True)
        """
        },
        {"softmax_public"},
    ),
    "step_size_times_target": Entry(
        {
            "incremental_update": """
            def incremental_update(estimate, target, step_size):
                return estimate + step_size * target
        """
        },
        # the reference builds the other updates and the baseline on incremental_update
        {
            "incremental_update_public",
            "sample_average_public",
            "sample_average_hidden",
            "constant_step_public",
            "testbed_epsilon_greedy",
            "testbed_ucb",
            "testbed_gradient_bandit",
        },
    ),
    "constant_step_ignores_alpha": Entry(
        {
            "constant_step_update": """
            def constant_step_update(Q, actions, rewards, step_size):
                Q = Q.copy()
                Q[np.arange(len(actions)), actions] = rewards
                return Q
        """
        },
        {"constant_step_public"},
    ),
    # --- issue 14: mistakes a public check now catches, each with a message naming it ---
    "ucb_nan_at_first_step": Entry(
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                with np.errstate(divide="ignore", invalid="ignore"):
                    return Q + c * np.sqrt(np.log(t) / N)
        """
        },
        {"ucb_public", "ucb_hidden", "testbed_ucb"},
        "0 / 0",
    ),
    "ucb_epsilon_in_the_denominator": Entry(
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                bonus = c * np.sqrt(np.log(t) / (N + 1e-5))
                return np.where(N == 0, np.inf, Q + bonus)
        """
        },
        {"ucb_public", "ucb_hidden"},
        "small numerical offset",
    ),
    "ucb_writes_into_Q": Entry(
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                tried = N > 0
                Q[tried] += c * np.sqrt(np.log(t) / N[tried])
                Q[~tried] = np.inf
                return Q
        """
        },
        # the sandbox passes copies, so the testbed's Q is safe: only the public check sees it
        {"ucb_public", "ucb_hidden"},
        "changed its input `Q` in place",
    ),
    "sample_average_in_place": Entry(
        {
            "sample_average_update": """
            def sample_average_update(Q, N, actions, rewards):
                rows = np.arange(len(actions))
                N[rows, actions] += 1
                Q[rows, actions] += (rewards - Q[rows, actions]) / N[rows, actions]
                return Q, N
        """
        },
        {"sample_average_public", "sample_average_hidden"},
        "in place",
    ),
    "gradient_update_in_place": Entry(
        {
            "gradient_bandit_update": """
            def gradient_bandit_update(H, actions, rewards, baseline, step_size):
                pi = softmax(H)
                H += step_size * (rewards - baseline)[:, None] * (np.eye(H.shape[1])[actions] - pi)
                return H
        """
        },
        {"gradient_bandit_public", "gradient_bandit_hidden"},
        "changed its input `H` in place",
    ),
    "softmax_in_place": Entry(
        {
            "softmax": """
            def softmax(H):
                H -= H.max(axis=1, keepdims=True)
                np.exp(H, out=H)
                H /= H.sum(axis=1, keepdims=True)
                return H
        """
        },
        # the reference's gradient update calls softmax(H): H moves under it, which the
        # update's own check reports (naming softmax first), and the testbed learns wrongly
        {
            "softmax_public",
            "gradient_bandit_public",
            "gradient_bandit_hidden",
            "testbed_gradient_bandit",
        },
        "changed its input `H` in place",
    ),
    "gradient_update_wrong_sign": Entry(
        {
            "gradient_bandit_update": """
            def gradient_bandit_update(H, actions, rewards, baseline, step_size):
                onehot = np.eye(H.shape[1])[actions]
                return H - step_size * (rewards - baseline)[:, None] * (onehot - softmax(H))
        """
        },
        {"gradient_bandit_public", "gradient_bandit_hidden", "testbed_gradient_bandit"},
        "wrong sign",
    ),
    "epsilon_greedy_max_without_keepdims": Entry(
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(Q, epsilon):
                k = Q.shape[1]
                greedy = Q == Q.max(axis=1)
                share = (1 - epsilon) / greedy.sum(axis=1, keepdims=True)
                return epsilon / k + greedy * share
        """
        },
        {"epsilon_greedy_public", "epsilon_greedy_hidden", "testbed_epsilon_greedy", "testbed_ucb"},
        "shape",
    ),
    "ucb_log_of_pulls_so_far": Entry(  # ln(sum N) = ln(t - 1): the count before this step
        {
            "ucb_scores": """
            def ucb_scores(Q, N, t, c):
                pulls = N.sum(axis=1, keepdims=True)
                with np.errstate(divide="ignore", invalid="ignore"):
                    bonus = c * np.sqrt(np.log(pulls) / N)
                return np.where(N == 0, np.inf, Q + bonus)
        """
        },
        {"ucb_public", "ucb_hidden"},
        "ln t",
    ),
    "constant_step_moves_every_arm": Entry(  # the chosen arm was never selected
        {
            "constant_step_update": """
            def constant_step_update(Q, actions, rewards, step_size):
                return Q + step_size * (rewards[:, None] - Q)
        """
        },
        {"constant_step_public"},
        "chosen arm only",
    ),
}


# BUGS is run by tests/test_bug_catalogue.py, with every other assignment's.
