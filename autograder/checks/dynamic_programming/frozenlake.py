"""FrozenLake 8x8, solved by the student's planner, judged by the grader.

The submission plans on the table the grader sends (``env.unwrapped.P`` as lists) and
returns a policy matrix; the grader follows the most probable action of each row (ties
to the lowest index). The score is the exact probability that this policy reaches the
goal within the environment's time limit, which the grader computes from the model by
pushing the state distribution forward step by step: no sampling noise, the same number
on every machine (2000 seeded episodes would have a standard error of 0.008, a quarter
of the gap between the optimum and a policy one improvement step short of it). The
grader also plays its own seeded Gymnasium episodes with the policy and reports their
success rate, so the student sees the policy at work.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from autograder.checks.common import Metric, returned, returned_tuple, threshold_check
from autograder.checks.dynamic_programming.mdps import gymnasium_table
from autograder.checks.evaluation import TablePolicy, rollout

ARROWS = "<v>^"  # FrozenLake actions: 0 left, 1 down, 2 right, 3 up
RETURNS = {
    "value_iteration": ("V", "n_sweeps"),
    "policy_iteration": ("policy", "V", "n_iterations"),
}


def success_rate(policy: np.ndarray, t) -> list[float]:
    """Share of the grader's seeded episodes that reach the goal (a reward of 1), per seed
    of ``t.seeds`` (checks/evaluation.py; the environment's own time limit)."""
    table = TablePolicy(np.asarray(policy))
    return [
        float(rollout(table, t.env, t.episode_seeds(seed), t.max_episode_steps).mean())
        for seed in t.seeds
    ]


def success_within(P, policy: np.ndarray, steps: int, start: int) -> float:
    """Probability that the policy's most probable actions reach a rewarding terminal
    transition within ``steps`` steps from ``start`` (the time limit cuts the rest)."""
    n = len(P)
    actions = np.asarray(policy).argmax(axis=1)
    going = np.zeros((n, n))  # going[s, s']: probability of continuing from s to s'
    winning = np.zeros(n)  # probability of a rewarding terminal transition from s
    for s in range(n):
        for p, nxt, reward, terminated in P[s][actions[s]]:
            if terminated:
                winning[s] += p * (reward > 0)
            else:
                going[s, nxt] += p
    where = np.zeros(n)
    where[start] = 1.0
    won = 0.0
    for _ in range(steps):
        won += float(where @ winning)
        where = where @ going
    return won


def picture(env_id: str, policy: np.ndarray) -> str:
    env = gym.make(env_id)
    desc = env.unwrapped.desc.astype(str)
    env.close()
    actions = np.asarray(policy).argmax(axis=1)
    rows = []
    for r, line in enumerate(desc):
        cells = [c if c in "HG" else ARROWS[actions[r * len(line) + k]] for k, c in enumerate(line)]
        rows.append(" ".join(cells))
    return "\n".join(rows)


def planned_policy(submission, spec, function: str, P) -> tuple[np.ndarray, int]:
    """Call the student's planner on the environment's table: (policy, its count)."""
    t, p = spec.threshold, spec.params
    call = f"{function}(P of {t.env}, gamma={p['gamma']}, theta={p['theta']:g}, {t.budget})"
    result = getattr(submission, function)(P, p["gamma"], p["theta"], t.budget)
    result = returned_tuple(result, call, RETURNS[function])
    if function == "value_iteration":
        V, count = result
        policy = submission.policy_from_values(P, V, p["gamma"])
    else:
        policy, _, count = result
    policy = returned(policy, f"the policy from {call}", shape=(len(P), len(P[0])), kinds="f")
    return policy, int(count)


def judge(submission, spec, function: str, unit: str) -> Metric:
    t = spec.threshold
    P = gymnasium_table(t.env)
    policy, count = planned_policy(submission, spec, function, P)
    env = gym.make(t.env)
    limit = env.spec.max_episode_steps
    start = int(np.flatnonzero(env.unwrapped.desc.astype(str).ravel() == "S")[0])
    env.close()
    exact = success_within(P, policy, limit, start)
    rates = success_rate(policy, t)
    shown = ", ".join(f"{r:.3f}" for r in rates)
    return Metric(
        exact,
        f"policy planned in {count} {unit}, followed by its most probable action (ties to "
        f"the lowest); exact probability of reaching the goal within {limit} steps; the "
        f"grader's {t.eval_episodes} seeded episodes per seed {t.seeds} won [{shown}]",
        hint=(
            "planning on the exact model should give an optimal policy, and the optimum "
            "reaches the goal with probability 0.863 (optimal for gamma = 0.99, the discount "
            "planned with). About 0.833 is what one improvement step "
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
