"""Grader-side numpy implementations: the truth the checks compare against.

Kept apart from the notebook on purpose: the reference in solutions/ teaches, this
module decides, and neither imports the other.
"""

from __future__ import annotations

import functools

import gymnasium as gym
import numpy as np


def epsilon_greedy_probs(q_row, epsilon):
    """pi(a) = epsilon / |A| + (1 - epsilon) / |argmax| for every maximal action."""
    q_row = np.asarray(q_row, dtype=np.float64)
    greedy = q_row == q_row.max()
    return epsilon / len(q_row) + (1.0 - epsilon) * greedy / greedy.sum()


def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
    """R + gamma * max_a Q(S', a), without the bootstrap when S' is terminal."""
    bootstrap = 0.0 if terminated else float(np.max(next_q_row))
    return float(reward) + gamma * bootstrap


def sarsa_target(reward, next_q_row, next_action, gamma, terminated, truncated):
    bootstrap = 0.0 if terminated else float(next_q_row[next_action])
    return float(reward) + gamma * bootstrap


def expected_sarsa_target(reward, next_q_row, epsilon, gamma, terminated, truncated):
    expectation = float(epsilon_greedy_probs(next_q_row, epsilon) @ np.asarray(next_q_row))
    return float(reward) + gamma * (0.0 if terminated else expectation)


def td_update(Q, state, action, target, alpha):
    Q = np.array(Q, dtype=np.float64)
    Q[state, action] += alpha * (target - Q[state, action])
    return Q


def linear_schedule(start, end, duration, t):
    """From ``start`` at t = 0 to ``end`` at t = duration, then constant."""
    if t >= duration:
        return float(end)
    return float(start + (end - start) * t / duration)


def transition_arrays(env_id: str):
    """Dense (S, A, S') probabilities, expected rewards (S, A) and P(terminal | S, A, S')."""
    env = gym.make(env_id)
    P = env.unwrapped.P
    n_states, n_actions = env.observation_space.n, env.action_space.n
    env.close()
    prob = np.zeros((n_states, n_actions, n_states))
    cont = np.zeros((n_states, n_actions, n_states))  # probability mass that bootstraps
    reward = np.zeros((n_states, n_actions))
    for s in range(n_states):
        for a in range(n_actions):
            for p, s_next, r, terminated in P[s][a]:
                prob[s, a, s_next] += p
                reward[s, a] += p * r
                if not terminated:
                    cont[s, a, s_next] += p
    return prob, reward, cont


@functools.cache
def optimal_q(env_id: str, gamma: float, tol: float = 1e-10, max_iter: int = 100_000):
    """Q* by value iteration on the environment's own transition table (S&B section 4.4)."""
    _, reward, cont = transition_arrays(env_id)
    Q = np.zeros_like(reward)
    for _ in range(max_iter):
        Q_new = reward + gamma * cont @ Q.max(axis=1)
        if np.max(np.abs(Q_new - Q)) < tol:
            return Q_new
        Q = Q_new
    return Q
