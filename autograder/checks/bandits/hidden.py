"""Hidden checks: random batches compared with the grader's oracle.

Never shipped to students (the GitHub Classroom starter leaves this file and
oracle.py out).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.bandits import oracle
from autograder.checks.bandits.public import (
    check_epsilon_greedy,
    check_gradient,
    check_sample_average,
    check_ucb,
)
from autograder.checks.common import case_rng, check


def _random_counts_and_values(rng, batch=64, k=10):
    Q = rng.normal(size=(batch, k))
    N = rng.integers(0, 20, size=(batch, k))
    Q[N == 0] = 0.0
    return Q, N.astype(np.int64)


@check(seeded=True)
def sample_average_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for case in range(3):
        Q, N = _random_counts_and_values(rng)
        actions = rng.integers(0, Q.shape[1], size=len(Q))
        rewards = rng.normal(size=len(Q))
        want_Q, want_N = oracle.sample_average_update(Q, N, actions, rewards)
        check_sample_average(
            submission, Q, N, actions, rewards, want_Q, want_N, f"random batch {case + 1}"
        )


@check(seeded=True)
def epsilon_greedy_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for epsilon in (0.0, 0.01, 0.1, 0.5, 1.0):
        Q = rng.integers(0, 4, size=(200, 10)).astype(np.float64)  # many ties
        check_epsilon_greedy(
            submission,
            Q,
            epsilon,
            oracle.epsilon_greedy_probs(Q, epsilon),
            f"epsilon_greedy_probs, epsilon={epsilon}",
        )


@check(seeded=True)
def ucb_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for t, c in ((1, 2.0), (50, 0.5), (1000, 2.0)):
        Q, N = _random_counts_and_values(rng)
        check_ucb(
            submission, Q, N, t, c, oracle.ucb_scores(Q, N, t, c), f"ucb_scores, t={t}, c={c}"
        )


@check(seeded=True)
def gradient_bandit_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for alpha in (0.1, 0.4):
        H = rng.normal(size=(64, 10))
        actions = rng.integers(0, 10, size=64)
        rewards = rng.normal(4.0, 1.0, size=64)
        baseline = rng.normal(4.0, 0.5, size=64)
        expected = oracle.gradient_bandit_update(H, actions, rewards, baseline, alpha)
        check_gradient(
            submission,
            H,
            actions,
            rewards,
            baseline,
            alpha,
            oracle.softmax(H),
            expected,
            f"gradient_bandit_update, random batch, alpha={alpha}",
        )
