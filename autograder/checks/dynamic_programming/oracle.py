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
