"""Checks of the DQN assignment (ids as in grading.yml)."""

from autograder.checks.dqn.rules import (
    double_dqn_targets_hidden,
    double_dqn_targets_public,
    dqn_targets_hidden,
    dqn_targets_public,
    epsilon_schedule_hidden,
    epsilon_schedule_public,
    huber_loss_hidden,
    huber_loss_public,
    polyak_update_public,
    q_network_hidden,
    q_network_public,
    replay_buffer_hidden,
    replay_buffer_public,
    td_loss_hidden,
    td_loss_public,
    train_step_public,
)
from autograder.checks.dqn.threshold import cartpole_threshold

__all__ = [
    "cartpole_threshold",
    "double_dqn_targets_hidden",
    "double_dqn_targets_public",
    "dqn_targets_hidden",
    "dqn_targets_public",
    "epsilon_schedule_hidden",
    "epsilon_schedule_public",
    "huber_loss_hidden",
    "huber_loss_public",
    "polyak_update_public",
    "q_network_hidden",
    "q_network_public",
    "replay_buffer_hidden",
    "replay_buffer_public",
    "td_loss_hidden",
    "td_loss_public",
    "train_step_public",
]
