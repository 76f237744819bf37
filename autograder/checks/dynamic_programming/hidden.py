"""Hidden checks: random MDPs (and the gambler's problem) against the oracle, and
policy iteration on FrozenLake (never shipped to students)."""

from __future__ import annotations

import numpy as np

from autograder.checks.common import Metric, case_rng, check, threshold_check
from autograder.checks.dynamic_programming import oracle
from autograder.checks.dynamic_programming.frozenlake import judge
from autograder.checks.dynamic_programming.mdps import gambler, random_mdp
from autograder.checks.dynamic_programming.public import (
    check_backup,
    check_evaluation,
    check_from_values,
    check_greedy,
    check_lookahead,
    check_policy_iteration,
    check_value_iteration,
)

CASES = 12


def _policy(rng, n_states, n_actions) -> np.ndarray:
    """Random stochastic rows, a deterministic one now and then."""
    policy = rng.dirichlet(np.ones(n_actions), size=n_states)
    for s in np.flatnonzero(rng.random(n_states) < 0.3):
        policy[s] = np.eye(n_actions)[rng.integers(n_actions)]
    return policy


def _mdps(spec):
    """The random cases, each with its own generator (spawned from params.seed), so that
    what one case draws never shifts the next."""
    for i, rng in enumerate(case_rng(spec).spawn(CASES)):
        P = random_mdp(rng)
        yield rng, P, float(rng.uniform(0.5, 0.95)), f"random MDP {i} ({len(P)} states)"


@check(seeded=True)
def q_from_v_hidden(submission, spec) -> None:
    for rng, P, gamma, what in _mdps(spec):
        V = rng.normal(size=len(P)) * 3
        check_lookahead(submission, P, V, gamma, oracle.q_from_v(P, V, gamma), what)


@check(seeded=True)
def bellman_backup_hidden(submission, spec) -> None:
    for rng, P, gamma, what in _mdps(spec):
        V = rng.normal(size=len(P)) * 3
        policy = _policy(rng, len(P), len(P[0]))
        want = oracle.backup(P, V, policy, gamma)
        check_backup(submission, P, V, policy, gamma, want, what, oracle.q_from_v(P, V, gamma))


@check(seeded=True)
def policy_evaluation_hidden(submission, spec) -> None:
    for i, (rng, P, gamma, what) in enumerate(_mdps(spec)):
        policy = _policy(rng, len(P), len(P[0]))
        in_place, cap = bool(i % 2), (None if i % 3 else int(rng.integers(1, 6)))
        theta = 0.0 if cap else 1e-8
        V, sweeps = oracle.policy_evaluation(P, policy, gamma, theta, in_place, cap)
        check_evaluation(submission, P, policy, gamma, theta, in_place, cap, V, sweeps, what)


@check(seeded=True)
def greedy_policy_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for i in range(CASES):
        n_states, n_actions = int(rng.integers(2, 8)), int(rng.integers(2, 6))
        Q = rng.integers(-2, 2, size=(n_states, n_actions)).astype(np.float64)  # many ties
        if i % 3 == 0:
            Q += rng.uniform(-1e-8, 1e-8, size=Q.shape)  # ties up to rounding
        tol = None
        if i % 4 == 1:  # the caller's own tolerance, on spread-out values
            Q, tol = rng.normal(size=Q.shape), float(rng.uniform(0.2, 1.0))
        want = oracle.greedy_policy(Q, oracle.TIE_TOL if tol is None else tol)
        check_greedy(submission, Q, want, f"random q {i} {Q.shape}", tol)


@check(seeded=True)
def policy_from_values_hidden(submission, spec) -> None:
    for rng, P, gamma, what in _mdps(spec):
        V = rng.integers(-3, 3, size=len(P)).astype(np.float64)
        want = oracle.greedy_policy(oracle.q_from_v(P, V, gamma))
        check_from_values(submission, P, V, gamma, want, what)


@check(seeded=True)
def value_iteration_hidden(submission, spec) -> None:
    for i, (_, P, gamma, what) in enumerate(_mdps(spec)):
        theta = 0.3 if i % 3 == 0 else 1e-8  # a coarse theta: the last sweep's V is returned
        V, sweeps = oracle.value_iteration(P, gamma, theta)
        check_value_iteration(submission, P, gamma, theta, V, sweeps, what)
    # S&B Example 4.3: the values are unique, the optimal policy is not (Figure 4.3)
    P = gambler(0.4)
    V, sweeps = oracle.value_iteration(P, 1.0, 1e-9)
    check_value_iteration(submission, P, 1.0, 1e-9, V, sweeps, "the gambler's problem, p_h = 0.4")


@check(seeded=True)
def policy_iteration_hidden(submission, spec) -> None:
    for _, P, gamma, what in _mdps(spec):
        policy, V, iterations = oracle.policy_iteration(P, gamma, 1e-10)
        check_policy_iteration(submission, P, gamma, 1e-10, policy, V, iterations, what)


@threshold_check
def frozenlake_policy_iteration(submission, spec) -> Metric:
    """Policy iteration on slippery FrozenLake 8x8: its policy, played by the grader."""
    return judge(submission, spec, "policy_iteration", "policy iterations")
