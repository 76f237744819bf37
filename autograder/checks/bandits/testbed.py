"""Threshold checks on Sutton & Barto's 10-armed testbed, run by the grader.

The grader owns the bandits, the random numbers and the bookkeeping; the
submission is only asked for action probabilities and for updated estimates.
So a correct implementation passes whatever order it would draw random numbers
in, and no submission can see or change the true action values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from autograder.checks.bandits.public import HINT_UCB_NAN
from autograder.checks.common import (
    LearningCurve,
    Metric,
    by_seed,
    returned,
    returned_tuple,
    threshold_check,
)

WINDOW = 100  # the metric averages the last WINDOW steps


@dataclass
class Testbed:
    """B independent k-armed bandits with q*(a) ~ N(mean, 1) and rewards ~ N(q*(a), 1)."""

    n_bandits: int
    seed: int
    k: int = 10
    mean: float = 0.0
    rng: np.random.Generator = field(init=False)

    def __post_init__(self) -> None:
        self.rng = np.random.default_rng(self.seed)
        self.q_star = self.rng.normal(self.mean, 1.0, size=(self.n_bandits, self.k))
        self.best = self.q_star.argmax(axis=1)

    def sample(self, probs: np.ndarray, what: str) -> np.ndarray:
        probs = returned(probs, what, shape=(self.n_bandits, self.k))
        sums = probs.sum(axis=1)
        if np.any(probs < -1e-9) or not np.allclose(sums, 1.0, atol=1e-6):
            raise AssertionError(
                f"{what} should be a probability distribution per bandit: expected "
                f"non-negative rows summing to 1, got row sums {sums[:4]}. The testbed "
                "cannot sample from it."
            )
        cdf = np.cumsum(np.clip(probs, 0, None), axis=1)
        u = self.rng.random((self.n_bandits, 1)) * cdf[:, -1:]
        return (cdf > u).argmax(axis=1)

    def pull(self, actions: np.ndarray) -> np.ndarray:
        rows = np.arange(self.n_bandits)
        return self.rng.normal(self.q_star[rows, actions], 1.0)


class _EpsilonGreedy:
    policy = "epsilon_greedy_probs(Q, epsilon)"  # named when the testbed cannot sample

    def __init__(self, submission, k, n, epsilon):
        self.sub, self.epsilon = submission, epsilon
        self.Q, self.N = np.zeros((n, k)), np.zeros((n, k), dtype=np.int64)

    def probs(self, t):
        return self.sub.epsilon_greedy_probs(self.Q, self.epsilon)

    def update(self, actions, rewards, t):
        result = self.sub.sample_average_update(self.Q, self.N, actions, rewards)
        Q, N = returned_tuple(result, "sample_average_update", ("Q_new", "N_new"))
        self.Q = returned(Q, "Q_new from sample_average_update", shape=self.Q.shape)
        self.N = returned(N, "N_new from sample_average_update", shape=self.N.shape)


class _UCB(_EpsilonGreedy):
    policy = "epsilon_greedy_probs(ucb_scores(Q, N, t, c), 0)"

    def __init__(self, submission, k, n, c):
        super().__init__(submission, k, n, 0.0)
        self.c = c

    def probs(self, t):
        scores = self.sub.ucb_scores(self.Q, self.N, t, self.c)
        scores = returned(scores, "ucb_scores", shape=self.Q.shape, finite=False)
        if np.any(np.isnan(scores)):  # the cause is ucb_scores, not the sampler after it
            raise AssertionError(
                f"ucb_scores returned NaN at step t={t} (for arms with N = "
                f"{sorted(set(self.N[np.isnan(scores)].tolist()))[:3]}), so no arm can be "
                f"chosen. Fix ucb_scores first (its public check ucb_public shows the case). "
                f"{HINT_UCB_NAN}"
            )
        return self.sub.epsilon_greedy_probs(scores, 0.0)


class _GradientBandit:
    policy = "softmax(H)"

    def __init__(self, submission, k, n, step_size, use_baseline=True):
        self.sub, self.alpha, self.use_baseline = submission, step_size, use_baseline
        self.H, self.baseline = np.zeros((n, k)), np.zeros(n)

    def probs(self, t):
        return self.sub.softmax(self.H)

    def update(self, actions, rewards, t):
        if t == 1:  # no earlier reward to average: R_bar_1 = R_1, so the first step moves nothing
            self.baseline = np.asarray(rewards, dtype=np.float64).copy()
        baseline = self.baseline if self.use_baseline else np.zeros_like(self.baseline)
        H = self.sub.gradient_bandit_update(self.H, actions, rewards, baseline, self.alpha)
        self.H = returned(H, "H from gradient_bandit_update", shape=self.H.shape)
        b = self.sub.incremental_update(self.baseline, rewards, 1.0 / t)
        self.baseline = returned(b, "baseline from incremental_update", shape=self.baseline.shape)


def run_testbed(make_agent, n_bandits, steps, seed, mean=0.0, k=10):
    """Average reward and fraction of optimal actions per step, over n_bandits."""
    bed = Testbed(n_bandits=n_bandits, seed=seed, k=k, mean=mean)
    agent = make_agent(k, n_bandits)
    rewards_per_step, optimal_per_step = np.zeros(steps), np.zeros(steps)
    for t in range(1, steps + 1):
        actions = bed.sample(agent.probs(t), f"the action probabilities {agent.policy} (t={t})")
        rewards = bed.pull(actions)
        agent.update(actions, rewards, t)
        rewards_per_step[t - 1] = rewards.mean()
        optimal_per_step[t - 1] = (actions == bed.best).mean()
    return rewards_per_step, optimal_per_step


def _measure(spec, make_agent, measure: str, hint: str, mean: float = 0.0) -> Metric:
    t = spec.threshold
    values, curves = [], {}
    for seed in t.seeds:
        rewards, optimal = run_testbed(make_agent, t.eval_episodes, t.budget, seed, mean)
        series = rewards if measure == "reward" else optimal
        values.append(float(series[-WINDOW:].mean()))
        curves[f"testbed seed {seed}"] = series
    detail = (
        f"{t.eval_episodes} bandits x {t.budget} steps, seeds {t.seeds}, "
        f"per seed {[round(v, 3) for v in values]}"
    )
    y_label = "average reward" if measure == "reward" else "fraction of optimal actions"
    curve = LearningCurve.of("step", f"{y_label} (over {t.eval_episodes} bandits)", curves)
    return Metric(float(np.mean(values)), detail, hint, curve, per_seed=by_seed(t.seeds, values))


@threshold_check(uses_env=False)
def testbed_epsilon_greedy(submission, spec) -> Metric:
    eps = spec.params.get("epsilon", 0.1)
    return _measure(
        spec,
        lambda k, n: _EpsilonGreedy(submission, k, n, eps),
        "reward",
        hint=(
            f"With epsilon={eps} and sample averages the average reward should approach "
            "S&B Figure 2.2's curve; a lower value means greedy arms are not found or not "
            "exploited: check tie-breaking, the 1/N step size and the count update."
        ),
    )


@threshold_check(uses_env=False)
def testbed_ucb(submission, spec) -> Metric:
    c = spec.params.get("c", 2.0)
    return _measure(
        spec,
        lambda k, n: _UCB(submission, k, n, c),
        "reward",
        hint=(
            "UCB with c=2 should beat epsilon-greedy (S&B Figure 2.4): check that ln t (not "
            "ln N) is used and that untried arms come first."
        ),
    )


@threshold_check(uses_env=False)
def testbed_gradient_bandit(submission, spec) -> Metric:
    alpha = spec.params.get("step_size", 0.1)
    mean = spec.params.get("q_star_mean", 4.0)
    return _measure(
        spec,
        lambda k, n: _GradientBandit(submission, k, n, alpha),
        "optimal",
        mean=mean,
        hint=(
            "With a baseline the gradient bandit picks the optimal arm about 80% of the time "
            "by step 1000 even when q* has mean +4 (S&B Figure 2.5); without the baseline, "
            "or without the (1 - pi) term, it learns far more slowly. Below 0.1, what random "
            "choice among 10 arms gives, the preferences move the wrong way: check the sign "
            "of the update (gradient ascent adds alpha * (R - baseline) * (onehot - pi))."
        ),
    )
