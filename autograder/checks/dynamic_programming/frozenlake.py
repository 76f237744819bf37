"""FrozenLake 8x8, solved by the student's planner, played by the grader.

The submission plans on the table the grader sends (``env.unwrapped.P`` as lists) and
returns a policy matrix; the grader plays the most probable action of each row (ties
to the lowest index) on its own seeded Gymnasium episodes. The optimum, planned by the
grader on the same table, wins the share grading.yml's comment states on these seeds.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from autograder.checks.common import Metric, as_array, threshold_check
from autograder.checks.dynamic_programming.mdps import gymnasium_table

ARROWS = "<v>^"  # FrozenLake actions: 0 left, 1 down, 2 right, 3 up


def success_rate(env_id: str, policy: np.ndarray, seeds: list[int], episodes: int) -> list:
    """Share of episodes that reach the goal, per seed (the environment's own time limit)."""
    actions = np.asarray(policy).argmax(axis=1)
    rates = []
    for seed in seeds:
        env = gym.make(env_id)
        wins = 0
        for i in range(episodes):
            state, _ = env.reset(seed=seed if i == 0 else None)
            done, reward = False, 0.0
            while not done:
                state, reward, terminated, truncated, _ = env.step(int(actions[state]))
                done = terminated or truncated
            wins += reward > 0
        env.close()
        rates.append(wins / episodes)
    return rates


def picture(env_id: str, policy: np.ndarray) -> str:
    desc = gym.make(env_id).unwrapped.desc.astype(str)
    actions = np.asarray(policy).argmax(axis=1)
    rows = []
    for r, line in enumerate(desc):
        cells = [c if c in "HG" else ARROWS[actions[r * len(line) + k]] for k, c in enumerate(line)]
        rows.append(" ".join(cells))
    return "\n".join(rows)


def planned_policy(submission, spec, function: str) -> tuple[np.ndarray, int]:
    """Call the student's planner on the environment's table: (policy, its count)."""
    t, p = spec.threshold, spec.params
    P = gymnasium_table(t.env)
    call = f"{function}(P of {t.env}, gamma={p['gamma']}, theta={p['theta']:g}, {t.budget})"
    result = getattr(submission, function)(P, p["gamma"], p["theta"], t.budget)
    if not isinstance(result, tuple) or len(result) < 2:
        raise AssertionError(f"{call} should return a tuple; got {type(result).__name__}.")
    if function == "value_iteration":
        V, count = result
        policy = submission.policy_from_values(P, V, p["gamma"])
    else:
        policy, _, count = result
    policy = as_array(policy, f"the policy from {call}", shape=(len(P), len(P[0])), kinds="f")
    return policy, int(count)


def judge(submission, spec, function: str, unit: str) -> Metric:
    t = spec.threshold
    policy, count = planned_policy(submission, spec, function)
    rates = success_rate(t.env, policy, t.seeds, t.eval_episodes)
    shown = ", ".join(f"{r:.3f}" for r in rates)
    return Metric(
        float(np.mean(rates)),
        f"greedy policy (most probable action, ties to the lowest) after {count} {unit}; "
        f"success rate per evaluation seed {t.seeds}: [{shown}]",
        hint=(
            "planning on the exact model should give an optimal policy, and the optimum "
            "wins about 0.87 of these episodes. About 0.83 is what one improvement step "
            "from the random policy gives: a policy iteration that does not re-evaluate, or "
            "a value iteration that averages over actions instead of maximizing. Lower "
            "means the values (and so the arrows) are wrong; the lookahead checks say "
            "where. Your arrows (H hole, G goal):\n" + picture(t.env, policy)
        ),
    )


@threshold_check
def frozenlake_value_iteration(submission, spec) -> Metric:
    """Value iteration on slippery FrozenLake 8x8, then the greedy policy in its V."""
    return judge(submission, spec, "value_iteration", "sweeps")
