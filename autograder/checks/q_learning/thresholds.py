"""Learned policies, measured by the grader on its own seeded episodes.

The submission's ``train`` runs in the sandbox and returns a Q-table; the grader
checks its shape, builds the greedy (or epsilon-greedy) policy itself, and steps
its own Gymnasium environments (checks/evaluation.py). So a correct implementation passes whatever
order it draws random numbers in, and no submission can touch the evaluation.
This file holds the public threshold check and the helpers the hidden ones share.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from autograder.checks.common import LearningCurve, Metric, by_seed, threshold_check
from autograder.checks.evaluation import TablePolicy, rollout
from autograder.checks.q_learning.training import call_train

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


def evaluate(Q, env_id: str, t, train_seed: int, greedy_path: bool = False) -> np.ndarray:
    """Returns of the grader's episodes (``t.episode_seeds``) for the policy it reads from
    ``Q``: epsilon-greedy with ``t.eval_epsilon`` (0: greedy); ``greedy_path``: the one
    greedy episode of a deterministic environment."""
    seeds = t.episode_seeds(train_seed)[:1] if greedy_path else t.episode_seeds(train_seed)
    epsilon = 0.0 if greedy_path else t.eval_epsilon
    policy = TablePolicy(Q, epsilon, np.random.default_rng(seeds))
    return rollout(policy, env_id, seeds, t.max_episode_steps)


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
    marks = {36: "S", 47: "G"} | {s: "C" for s in range(37, 47)}
    values, pictures = [], []
    curves = {}
    for seed in t.seeds:
        Q, returns, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        curves[seed] = returns
        values.append(float(evaluate(Q, env_id, t, seed).mean()))
        pictures.append(grid(greedy_policy(Q), 4, 12, marks, CLIFF_ARROWS))
    worst = int(np.argmin(values))
    return Metric(
        float(np.mean(values)),
        f"greedy path, ties to the lowest action, {t.max_episode_steps}-step cap; per "
        f"training seed {t.seeds}: {per_seed(values)}",
        hint=(
            "Q-learning learns q* whatever it explores with, so its greedy path should hug "
            "the cliff: 13 steps, return -13. A return of -100 or less means the greedy "
            "policy walks into the cliff or loops. Your greedy policy for seed "
            f"{t.seeds[worst]} (S start, G goal, C cliff, arrows = argmax):\n{pictures[worst]}"
        ),
        curve=training_curve(curves, t.budget),
        per_seed=by_seed(t.seeds, values),
    )
