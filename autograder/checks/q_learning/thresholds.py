"""Learned policies, measured by the grader on its own seeded episodes.

The submission's ``train`` runs in the sandbox and returns a Q-table; the grader
checks its shape, builds the greedy (or epsilon-greedy) policy itself, and steps
its own Gymnasium environments. So a correct implementation passes whatever
order it draws random numbers in, and no submission can touch the evaluation.
This file holds the public threshold check and the helpers the hidden ones share.
"""

from __future__ import annotations

from collections.abc import Callable

import gymnasium as gym
import numpy as np

from autograder.checks.common import LearningCurve, Metric, threshold_check
from autograder.checks.q_learning.training import call_train

EVAL_SEED_OFFSET = 10_000  # evaluation episodes of training seed s start from seed 10_000 + s
# Gymnasium 1.3 renamed Taxi-v3 to Taxi-v4 with the same default dynamics: grading.yml
# names the new id, and an older Gymnasium falls back to the id it has.
FALLBACK_IDS = {"Taxi-v4": "Taxi-v3"}
FROZEN_ARROWS = "<v>^"  # FrozenLake actions: 0 left, 1 down, 2 right, 3 up
CLIFF_ARROWS = "^>v<"  # CliffWalking actions: 0 up, 1 right, 2 down, 3 left


def resolve_env_id(env_id: str) -> str:
    if env_id in gym.registry:
        return env_id
    fallback = FALLBACK_IDS.get(env_id)
    if fallback in gym.registry:
        return fallback
    raise RuntimeError(
        f"grading.yml names environment {env_id!r}, which Gymnasium {gym.__version__} does "
        "not register (and it has no known older id)."
    )


def greedy_policy(Q) -> np.ndarray:
    """argmax per state, ties to the lowest index (deterministic, the grader's convention)."""
    return np.asarray(Q).argmax(axis=1)


def run_episodes(
    env_id: str, choose: Callable[[int], int], n_episodes: int, seed: int, max_steps=None
) -> np.ndarray:
    """Returns of ``n_episodes`` episodes of the grader's own environment.

    ``choose(state)`` is the grader's action choice (from the submission's Q-table);
    the environment is seeded once, so the episodes are the same for every submission.
    """
    env = gym.make(env_id, max_episode_steps=max_steps)
    returns = np.zeros(n_episodes)
    for i in range(n_episodes):
        state, _ = env.reset(seed=seed if i == 0 else None)
        done = False
        while not done:
            state, reward, terminated, truncated, _ = env.step(int(choose(state)))
            returns[i] += reward
            done = terminated or truncated
    env.close()
    return returns


def grid(policy, rows, cols, marks: dict[int, str], arrows: str) -> str:
    cells = [marks.get(s, arrows[int(policy[s])]) for s in range(rows * cols)]
    return "\n".join(" ".join(cells[r * cols : (r + 1) * cols]) for r in range(rows))


def training_curve(returns_by_seed: dict[int, np.ndarray], episodes: int) -> LearningCurve:
    """The episode returns ``train`` reported (exploring), smoothed over 2% of the budget."""
    smooth = max(1, episodes // 50)
    return LearningCurve.of(
        "training episode",
        f"return while exploring (mean of {smooth})",
        {f"training seed {seed}": returns for seed, returns in returns_by_seed.items()},
        smooth=smooth,
    )


def per_seed(values) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"


@threshold_check
def cliff_q_learning_path(submission, spec) -> Metric:
    """S&B Example 6.6: Q-learning's greedy path runs along the cliff edge (return -13)."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    cap = spec.params["eval_max_steps"]
    marks = {36: "S", 47: "G"} | {s: "C" for s in range(37, 47)}
    values, pictures = [], []
    curves = {}
    for seed in t.seeds:
        Q, returns, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        curves[seed] = returns
        policy = greedy_policy(Q)
        returns = run_episodes(env_id, policy.__getitem__, t.eval_episodes, seed, cap)
        values.append(float(returns.mean()))
        pictures.append(grid(policy, 4, 12, marks, CLIFF_ARROWS))
    worst = int(np.argmin(values))
    return Metric(
        float(np.mean(values)),
        f"greedy path, ties to the lowest action, {cap}-step cap; per training seed "
        f"{t.seeds}: {per_seed(values)}",
        hint=(
            "Q-learning learns q* whatever it explores with, so its greedy path should hug "
            "the cliff: 13 steps, return -13. A return of -100 or less means the greedy "
            "policy walks into the cliff or loops. Your greedy policy for seed "
            f"{t.seeds[worst]} (S start, G goal, C cliff, arrows = argmax):\n{pictures[worst]}"
        ),
        curve=training_curve(curves, t.budget),
    )
