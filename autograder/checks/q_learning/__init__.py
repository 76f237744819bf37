"""Checks of the tabular Q-learning assignment (ids as in grading.yml)."""

from autograder.checks.q_learning.rules import (
    epsilon_greedy_hidden,
    epsilon_greedy_public,
    expected_sarsa_target_hidden,
    expected_sarsa_target_public,
    linear_schedule_hidden,
    linear_schedule_public,
    q_learning_target_hidden,
    q_learning_target_public,
    sarsa_target_hidden,
    sarsa_target_public,
    td_update_hidden,
    td_update_public,
)
from autograder.checks.q_learning.thresholds import (
    cliff_q_learning_path,
    cliff_sarsa_epsilon_greedy,
    frozenlake_optimal,
    taxi_expected_sarsa,
    train_public,
)

__all__ = [
    "cliff_q_learning_path",
    "cliff_sarsa_epsilon_greedy",
    "epsilon_greedy_hidden",
    "epsilon_greedy_public",
    "expected_sarsa_target_hidden",
    "expected_sarsa_target_public",
    "frozenlake_optimal",
    "linear_schedule_hidden",
    "linear_schedule_public",
    "q_learning_target_hidden",
    "q_learning_target_public",
    "sarsa_target_hidden",
    "sarsa_target_public",
    "taxi_expected_sarsa",
    "td_update_hidden",
    "td_update_public",
    "train_public",
]
