"""Grader-side truth for dynamic programming (never shipped to students).

Vectorized over dense arrays built from the P table, so it shares no code path
with the notebook's loops: P_arr[s, a, s'] sums the probabilities of outcomes that
continue to s', R[s, a] is the expected reward, and outcomes that terminate add
their probability to no s' (their next state's value is 0).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.dynamic_programming.mdps import Table

TIE_TOL = 1e-6  # actions within this of a row's maximum are tied (the notebook's rule)


def dense(P: Table) -> tuple[np.ndarray, np.ndarray]:
    n_states, n_actions = len(P), len(P[0])
    going = np.zeros((n_states, n_actions, n_states))
    reward = np.zeros((n_states, n_actions))
    for s in range(n_states):
        for a in range(n_actions):
            for p, nxt, r, terminated in P[s][a]:
                reward[s, a] += p * r
                if not terminated:
                    going[s, a, nxt] += p
    return going, reward


def q_from_v(P: Table, V, gamma: float) -> np.ndarray:
    going, reward = dense(P)
    return reward + gamma * going @ np.asarray(V, np.float64)


def backup(P: Table, V, policy, gamma: float) -> np.ndarray:
    return (np.asarray(policy) * q_from_v(P, V, gamma)).sum(axis=1)


def policy_evaluation(
    P: Table, policy, gamma: float, theta: float, in_place: bool = False, max_sweeps=None
) -> tuple[np.ndarray, int]:
    going, reward = dense(P)
    policy = np.asarray(policy, np.float64)
    V = np.zeros(len(P))
    sweeps = 0
    while max_sweeps is None or sweeps < max_sweeps:
        old = V.copy()
        if in_place:
            for s in range(len(P)):
                V[s] = policy[s] @ (reward[s] + gamma * going[s] @ V)
        else:
            V = (policy * (reward + gamma * going @ V)).sum(axis=1)
        sweeps += 1
        if np.max(np.abs(V - old)) < theta:
            break
    return V, sweeps


def greedy_policy(Q, tol: float = TIE_TOL) -> np.ndarray:
    Q = np.asarray(Q, np.float64)
    best = Q >= Q.max(axis=1, keepdims=True) - tol
    return best / best.sum(axis=1, keepdims=True)


def value_iteration(
    P: Table, gamma: float, theta: float, max_sweeps=None
) -> tuple[np.ndarray, int]:
    going, reward = dense(P)
    V = np.zeros(len(P))
    sweeps = 0
    while max_sweeps is None or sweeps < max_sweeps:
        new = (reward + gamma * going @ V).max(axis=1)
        sweeps += 1
        delta = np.max(np.abs(new - V))
        V = new
        if delta < theta:
            break
    return V, sweeps


def policy_iteration(
    P: Table, gamma: float, theta: float, max_iterations=None
) -> tuple[np.ndarray, np.ndarray, int]:
    n_states, n_actions = len(P), len(P[0])
    policy = np.full((n_states, n_actions), 1.0 / n_actions)
    iterations = 0
    while True:
        V, _ = policy_evaluation(P, policy, gamma, theta)
        iterations += 1
        improved = greedy_policy(q_from_v(P, V, gamma))
        if np.array_equal(improved, policy) or iterations == max_iterations:
            return policy, V, iterations  # the last policy evaluated, and its values
        policy = improved


def public_expected() -> dict[str, object]:
    """The public module's hand-typed answers, recomputed here: tests/test_assignments.py
    holds them equal. (Imported late: the public module never sees this one, and this one
    only reads the inputs that module shows the student.)"""
    from autograder.checks.dynamic_programming import public as p

    grid, rnd = p.GRID, p.RANDOM_POLICY
    chain_v_pi, chain_sweeps = policy_evaluation(p.CHAIN, p.CHAIN_POLICY, 0.9, 1e-10)
    greedy_star, v_star_grid, grid_iterations = policy_iteration(grid, 1.0, 1e-10)
    chain_policy_star, chain_v_star, chain_iterations = policy_iteration(p.CHAIN, 0.9, 1e-10)
    return {
        "V_K": {k: policy_evaluation(grid, rnd, 1.0, 0.0, max_sweeps=k)[0] for k in p.V_K},
        "V_IN_PLACE_1": policy_evaluation(grid, rnd, 1.0, 0.0, in_place=True, max_sweeps=1)[0],
        "V_RANDOM": policy_evaluation(grid, rnd, 1.0, 1e-10)[0],
        "SWEEPS_THETA_1E4": {
            in_place: policy_evaluation(grid, rnd, 1.0, 1e-4, in_place)[1]
            for in_place in p.SWEEPS_THETA_1E4
        },
        "CHAIN_Q": q_from_v(p.CHAIN, p.CHAIN_V, 0.9),
        "CHAIN_BACKUP": backup(p.CHAIN, p.CHAIN_V, p.CHAIN_POLICY, 0.9),
        "CHAIN_V_PI": chain_v_pi,
        "CHAIN_SWEEPS_THETA_1E10": chain_sweeps,
        "CHAIN_GREEDY": greedy_policy(q_from_v(p.CHAIN, p.CHAIN_V, 0.9)),
        "CHAIN_POLICY_STAR": chain_policy_star,
        "GREEDY_GRID": greedy_policy(q_from_v(grid, np.array(p.V_RANDOM, float), 1.0)),
        "GREEDY_STAR": greedy_star,
        "V_STAR_GRID": v_star_grid,
        "GRID_PI_ITERATIONS": grid_iterations,
        "CHAIN_PI_ITERATIONS": chain_iterations,
        "CHAIN_V_STAR": chain_v_star,
        "CHAIN_VI_SWEEPS_THETA_1E6": value_iteration(p.CHAIN, 0.9, 1e-6)[1],
        "GRID_VI_SWEEPS": value_iteration(grid, 1.0, 1e-10)[1],
        "CHAIN_VI_THETA_HALF": value_iteration(p.CHAIN, 0.9, 0.5),
        "CHAIN_PE_THETA_HALF": policy_evaluation(p.CHAIN, p.CHAIN_POLICY, 0.9, 0.5),
    }
