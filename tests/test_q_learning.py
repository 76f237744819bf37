"""Proof for the Q-learning assignment beyond the template (test_assignments.py: the
reference and a second implementation full marks, the skeleton zero): bugs caught.

Each catalogue entry is the reference with one function replaced by a buggy version; it
must lose exactly the numerical checks listed, and every threshold check it lists
(tests/bug_catalogue.py says why only those). The second implementation
(q_learning_alt.py) draws its random numbers in a different way and must still pass
every threshold on every grader seed.
"""

from __future__ import annotations

import nbformat
from bug_catalogue import Entry
from notebook_variants import solution_notebook

RULES = {
    "epsilon_greedy": {"epsilon_greedy_public", "epsilon_greedy_hidden"},
    "q_learning": {"q_learning_target_public", "q_learning_target_hidden"},
    "sarsa": {"sarsa_target_public", "sarsa_target_hidden"},
    "expected_sarsa": {"expected_sarsa_target_public", "expected_sarsa_target_hidden"},
    "td_update": {"td_update_public", "td_update_hidden"},
    "schedule": {"linear_schedule_public", "linear_schedule_hidden"},
}
TRAINING = {"train_public", "time_limit_bootstrap"}
THRESHOLDS = {
    "cliff_q_learning_path",
    "cliff_sarsa_epsilon_greedy",
    "frozenlake_optimal",
    "taxi_expected_sarsa",
}


def _train_bug(old: str, new: str) -> dict[str, str]:
    """The reference train with one line changed (solution markers dropped)."""
    nb = nbformat.read(solution_notebook("q_learning"), as_version=4)
    source = next(c.source for c in nb.cells if c.cell_type == "code" and "def train(" in c.source)
    source = "\n".join(line for line in source.splitlines() if "### " not in line) + "\n"
    assert source.count(old) == 1, old
    return {"train": source.replace(old, new)}


BUGS = {
    "bootstraps_from_terminal": Entry(
        {
            "q_learning_target": """
            def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
                return float(reward + gamma * np.max(next_q_row))
        """
        },
        # a terminal state's row stays 0 in a table, so only the rule checks can see this
        RULES["q_learning"],
    ),
    "no_bootstrap_on_truncation": Entry(
        {
            "q_learning_target": """
            def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
                if terminated or truncated:
                    return float(reward)
                return float(reward + gamma * np.max(next_q_row))
        """
        },
        RULES["q_learning"] | {"time_limit_bootstrap"},
    ),
    "gamma_on_reward": Entry(
        {
            "q_learning_target": """
            def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
                if terminated:
                    return float(gamma * reward)
                return float(gamma * reward + np.max(next_q_row))
        """
        },
        # not frozenlake_optimal: scaling FrozenLake's one reward by gamma = 0.99 barely moves
        # the greedy policy, and the threshold catches it on some training seeds only
        # (seed 1 alone: passed); the public target check is what catches it
        RULES["q_learning"] | {"train_public", "time_limit_bootstrap"},
    ),
    "sarsa_uses_max": Entry(
        {
            "sarsa_target": """
            def sarsa_target(reward, next_q_row, next_action, gamma, terminated, truncated):
                if terminated:
                    return float(reward)
                return float(reward + gamma * np.max(next_q_row))
        """
        },
        RULES["sarsa"] | {"time_limit_bootstrap", "cliff_sarsa_epsilon_greedy"},
    ),
    "expected_sarsa_ignores_epsilon": Entry(
        {
            "expected_sarsa_target": """
            def expected_sarsa_target(reward, next_q_row, epsilon, gamma, terminated, truncated):
                if terminated:
                    return float(reward)
                return float(reward + gamma * np.max(next_q_row))
        """
        },
        RULES["expected_sarsa"] | {"time_limit_bootstrap"},
    ),
    "expected_sarsa_uniform_average": Entry(
        {
            "expected_sarsa_target": """
            def expected_sarsa_target(reward, next_q_row, epsilon, gamma, terminated, truncated):
                if terminated:
                    return float(reward)
                return float(reward + gamma * np.mean(next_q_row))
        """
        },
        RULES["expected_sarsa"] | {"time_limit_bootstrap", "taxi_expected_sarsa"},
    ),
    "alpha_times_target": Entry(
        {
            "td_update": """
            def td_update(Q, state, action, target, alpha):
                Q[state, action] += alpha * target
                return Q
        """
        },
        RULES["td_update"] | {"time_limit_bootstrap"} | THRESHOLDS,
    ),
    "ties_to_first_action": Entry(
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(q_row, epsilon):
                probs = np.full(len(q_row), epsilon / len(q_row))
                probs[np.argmax(q_row)] += 1.0 - epsilon
                return probs
        """
        },
        # Expected SARSA's target is unchanged: tied actions have the same value
        RULES["epsilon_greedy"],
    ),
    "epsilon_only_over_non_greedy": Entry(
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(q_row, epsilon):
                q_row = np.asarray(q_row, dtype=float)
                greedy = q_row == q_row.max()
                n_other = len(q_row) - greedy.sum()
                if n_other == 0:
                    return np.full(len(q_row), 1.0 / len(q_row))
                return np.where(greedy, (1.0 - epsilon) / greedy.sum(), epsilon / n_other)
        """
        },
        RULES["epsilon_greedy"] | RULES["expected_sarsa"] | {"time_limit_bootstrap"},
    ),
    "epsilon_over_non_greedy_leaves_tied_rows_short": Entry(  # issue 14: no all-tied special case
        {
            "epsilon_greedy_probs": """
            def epsilon_greedy_probs(q_row, epsilon):
                greedy = q_row == q_row.max()
                n_other = max(len(q_row) - greedy.sum(), 1)
                return np.where(greedy, (1.0 - epsilon) / greedy.sum(), epsilon / n_other)
        """
        },
        # the all-zero Q of a fresh agent is one big tie: every training run stops at once
        RULES["epsilon_greedy"] | RULES["expected_sarsa"] | TRAINING | THRESHOLDS,
        "non-greedy actions only",
    ),
    "schedule_never_moves": Entry(
        {
            "linear_schedule": """
            def linear_schedule(start, end, duration, t):
                return float(start)
        """
        },
        # no step-size decay on FrozenLake. (Epsilon also stays 1 on Taxi, which then runs
        # into its time limit: a minute of training that proves nothing about the threshold,
        # so taxi_expected_sarsa is not graded for this entry.)
        RULES["schedule"] | {"train_public", "frozenlake_optimal"},
    ),
    "schedule_overshoots": Entry(
        {
            "linear_schedule": """
            def linear_schedule(start, end, duration, t):
                return float(start + (end - start) * t / duration)
        """
        },
        # epsilon goes negative once the decay is over: the schedule probe and Taxi see it
        RULES["schedule"] | {"train_public", "taxi_expected_sarsa"},
    ),
    "train_epsilon_never_decays": Entry(
        _train_bug(
            "epsilon = linear_schedule(eps_start, eps_end, exploration_fraction * n_episodes, "
            "episode)",
            "epsilon = eps_start",
        ),
        # train_public's schedule probe sees it (issue 14). Of the trained checks only
        # on-policy Expected SARSA on Taxi needs the decay, and with epsilon 1 it runs into
        # its time limit: not graded here (schedule_overshoots and alpha_times_target prove
        # the Taxi threshold, in seconds)
        {"train_public"},
    ),
    "train_updates_next_state": Entry(
        _train_bug(
            "Q = td_update(Q, state, action, target, alpha)",
            "Q = td_update(Q, next_state, action, target, alpha)",
        ),
        # the training checks name it; every threshold is already proven by an entry that
        # learns badly in less time (alpha_times_target), so its two minutes of training
        # would add nothing
        TRAINING,
    ),
    "train_merges_done_flags": Entry(
        _train_bug(
            "next_state, reward, terminated, truncated, _ = env.step(action)",
            "next_state, reward, terminated, truncated, _ = env.step(action)\n"
            "            terminated = terminated or truncated",
        ),
        {"time_limit_bootstrap"},
    ),
    "train_returns_last_reward": Entry(
        _train_bug("episode_returns[episode] += reward", "episode_returns[episode] = reward"),
        {"train_public"},
    ),
}


# BUGS is run by tests/test_bug_catalogue.py, with every other assignment's.
