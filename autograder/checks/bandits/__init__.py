"""Checks of the bandits assignment (ids as in grading.yml)."""

from autograder.checks.bandits.rules import (
    constant_step_public,
    epsilon_greedy_hidden,
    epsilon_greedy_public,
    gradient_bandit_hidden,
    gradient_bandit_public,
    incremental_update_public,
    sample_average_hidden,
    sample_average_public,
    softmax_public,
    ucb_hidden,
    ucb_public,
)
from autograder.checks.bandits.testbed import (
    testbed_epsilon_greedy,
    testbed_gradient_bandit,
    testbed_ucb,
)

__all__ = [
    "constant_step_public",
    "epsilon_greedy_hidden",
    "epsilon_greedy_public",
    "gradient_bandit_hidden",
    "gradient_bandit_public",
    "incremental_update_public",
    "sample_average_hidden",
    "sample_average_public",
    "softmax_public",
    "testbed_epsilon_greedy",
    "testbed_gradient_bandit",
    "testbed_ucb",
    "ucb_hidden",
    "ucb_public",
]
