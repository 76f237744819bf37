"""Hidden checks: random cases against the oracle, and the learned policies that the
grader measures against the optimum (never shipped to students).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograder.checks.common import Metric, by_seed, case_rng, check, threshold_check
from autograder.checks.q_learning import oracle
from autograder.checks.q_learning.public import (
    FLAGS,
    check_expected_sarsa_target,
    check_probs,
    check_q_learning_target,
    check_sarsa_target,
    check_schedule,
    check_update,
)
from autograder.checks.q_learning.thresholds import (
    FROZEN_ARROWS,
    evaluate,
    greedy_policy,
    grid,
    per_seed,
    resolve_env_id,
    training_curve,
)
from autograder.checks.q_learning.training import call_train

# -- rules, random cases -------------------------------------------------------------------


@check(seeded=True)
def epsilon_greedy_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for eps in (0.0, 0.05, 0.3, 1.0):
        for _ in range(12):
            n = int(rng.integers(2, 7))
            row = rng.integers(-2, 2, size=n).astype(np.float64)  # many ties
            if rng.random() < 0.3:
                row = rng.normal(size=n)
            want = oracle.epsilon_greedy_probs(row, eps)
            check_probs(submission, row, eps, want, f"epsilon_greedy_probs({row}, {eps})")


@check(seeded=True)
def q_learning_target_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for i in range(24):
        row = rng.normal(size=int(rng.integers(2, 7))) * 3
        terminated, truncated = FLAGS[i % 4]
        reward, gamma = float(rng.normal()), float(rng.uniform(0.5, 1.0))
        want = oracle.q_learning_target(reward, row, gamma, terminated, truncated)
        check_q_learning_target(submission, reward, row, gamma, terminated, truncated, want)


@check(seeded=True)
def sarsa_target_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for i in range(24):
        row = rng.normal(size=int(rng.integers(2, 7))) * 3
        terminated, truncated = FLAGS[i % 4]
        reward, gamma = float(rng.normal()), float(rng.uniform(0.5, 1.0))
        a = int(rng.integers(len(row)))
        want = oracle.sarsa_target(reward, row, a, gamma, terminated, truncated)
        check_sarsa_target(submission, reward, row, a, gamma, terminated, truncated, want)


@check(seeded=True)
def expected_sarsa_target_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for i in range(24):
        n = int(rng.integers(2, 7))
        row = rng.integers(-2, 3, size=n).astype(np.float64) if i % 3 else rng.normal(size=n)
        terminated, truncated = FLAGS[i % 4]
        reward, gamma = float(rng.normal()), float(rng.uniform(0.5, 1.0))
        eps = float(rng.choice([0.0, 0.1, 0.5, 1.0]))
        want = oracle.expected_sarsa_target(reward, row, eps, gamma, terminated, truncated)
        check_expected_sarsa_target(
            submission, reward, row, eps, gamma, terminated, truncated, want
        )


@check(seeded=True)
def td_update_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for _ in range(10):
        Q = rng.normal(size=(int(rng.integers(3, 9)), int(rng.integers(2, 6))))
        s, a = int(rng.integers(Q.shape[0])), int(rng.integers(Q.shape[1]))
        target, alpha = float(rng.normal() * 3), float(rng.uniform(0.01, 1.0))
        want = oracle.td_update(Q, s, a, target, alpha)
        what = f"td_update(Q of shape {Q.shape}, state={s}, action={a}, {target:.4f}, {alpha:.4f})"
        check_update(submission, Q, s, a, target, alpha, want, what)


@check(seeded=True)
def linear_schedule_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for _ in range(12):
        start, end = float(rng.uniform(0, 1)), float(rng.uniform(0, 1))
        duration = float(rng.integers(1, 5000)) * float(rng.choice([1.0, 0.37]))
        t = int(rng.integers(0, int(2 * duration) + 2))
        want = oracle.linear_schedule(start, end, duration, t)
        check_schedule(submission, start, end, duration, t, want)


# -- learned policies ----------------------------------------------------------------------


@threshold_check
def cliff_sarsa_epsilon_greedy(submission, spec) -> Metric:
    """S&B Example 6.6's other half: SARSA's epsilon-greedy policy earns more online."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    eps = t.eval_epsilon
    values, paths = [], []
    curves = {}
    for seed in t.seeds:
        Q, returns, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        curves[seed] = returns
        values.append(float(evaluate(Q, env_id, t, seed).mean()))
        paths.append(float(evaluate(Q, env_id, t, seed, greedy_path=True)[0]))
    return Metric(
        float(np.mean(values)),
        f"epsilon-greedy (epsilon={eps}) on the learned Q, {t.eval_episodes} seeded episodes "
        f"per training seed {t.seeds}: {per_seed(values)}; greedy paths: {paths}",
        hint=(
            "SARSA learns the value of the epsilon-greedy policy it follows, so it prefers "
            "the safe path away from the cliff (greedy return about -17) and earns about -22 "
            "per episode while exploring; Q-learning's edge path earns about -50 (S&B Figure "
            "6.4). A value near -50 suggests your SARSA bootstraps with a max (Q-learning)."
        ),
        curve=training_curve(curves, t.budget),
        per_seed=by_seed(t.seeds, values),
    )


@dataclass
class AgainstOptimum:
    """Greedy policies of the submission and value iteration's, on the same seeded episodes."""

    env_id: str
    gamma: float
    best_q: np.ndarray  # value iteration's optimal Q
    values: list[float] = field(default_factory=list)
    optimum: list[float] = field(default_factory=list)
    policies: list[np.ndarray] = field(default_factory=list)
    returns: dict[int, np.ndarray] = field(default_factory=dict)


def against_optimum(submission, spec) -> AgainstOptimum:
    """Train once per grader seed; evaluate the greedy and the optimal policy alike."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    gamma = spec.params["train"]["gamma"]
    run = AgainstOptimum(env_id, gamma, oracle.optimal_q(env_id, gamma))
    for seed in t.seeds:
        Q, run.returns[seed], _ = call_train(
            submission, env_id, t.budget, seed, spec.params["train"]
        )
        for values, table in ((run.values, Q), (run.optimum, run.best_q)):
            values.append(float(evaluate(table, env_id, t, seed).mean()))
        run.policies.append(greedy_policy(Q))
    return run


@threshold_check
def frozenlake_optimal(submission, spec) -> Metric:
    """The greedy policy of Q-learning on slippery FrozenLake, against value iteration's."""
    t = spec.threshold
    run = against_optimum(submission, spec)
    worst = int(np.argmin(run.values))
    marks = {s: "H" for s in (5, 7, 11, 12)} | {15: "G"}
    yours = grid(run.policies[worst], 4, 4, marks, FROZEN_ARROWS)
    optimal = grid(greedy_policy(run.best_q), 4, 4, marks, FROZEN_ARROWS)
    return Metric(
        float(np.mean(run.values)),
        f"success rate of the greedy policy (ties to the lowest action) over {t.eval_episodes} "
        f"seeded 100-step episodes per training seed {t.seeds}: {per_seed(run.values)}; the "
        f"optimal policy (value iteration on env.unwrapped.P, gamma={run.gamma}) scores "
        f"{per_seed(run.optimum)} on the same episodes",
        hint=(
            "with enough episodes, a decaying step size and a correct target, Q-learning's "
            "greedy policy matches the optimal one in (nearly) every state. Yours for seed "
            f"{t.seeds[worst]}:\n{yours}\noptimal (H hole, G goal):\n{optimal}\nCheck the "
            "terminal handling of the target, the step-size schedule and that the update "
            "changes Q[state, action]."
        ),
        curve=training_curve(run.returns, t.budget),
        per_seed=by_seed(t.seeds, run.values),
    )


@threshold_check
def taxi_expected_sarsa(submission, spec) -> Metric:
    """Expected SARSA on Taxi: mean return of the greedy policy over seeded episodes."""
    t = spec.threshold
    run = against_optimum(submission, spec)
    return Metric(
        float(np.mean(run.values)),
        f"{run.env_id}, mean return of the greedy policy over {t.eval_episodes} seeded "
        f"episodes per training seed {t.seeds}: {per_seed(run.values)}; the optimal policy "
        f"scores {per_seed(run.optimum)} on the same episodes",
        hint=(
            "an episode whose greedy policy never delivers the passenger costs -200 (the "
            "time limit) and drags the mean down: check that truncated episodes still "
            "bootstrap, that epsilon decays, and the Expected SARSA target."
        ),
        curve=training_curve(run.returns, t.budget),
        per_seed=by_seed(t.seeds, run.values),
    )
