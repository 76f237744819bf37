"""Grader-side numpy implementations: the truth the DQN checks compare against.

Everything here is float64 numpy, written independently of the notebook (which uses
TensorFlow): a small multilayer perceptron with its forward and backward pass, the
DQN and Double DQN targets, the Huber loss, and the Polyak average.
"""

from __future__ import annotations

import numpy as np


def mlp_forward(weights: list[np.ndarray], x: np.ndarray) -> tuple[np.ndarray, list]:
    """Q-values of a ReLU MLP given [W1, b1, ..., WL, bL] (W of shape (in, out)).

    Returns the output and, for the backward pass, the (input, pre-activation) of
    every layer.
    """
    h = np.asarray(x, dtype=np.float64)
    cache = []
    n_layers = len(weights) // 2
    for i in range(n_layers):
        W, b = (np.asarray(w, dtype=np.float64) for w in weights[2 * i : 2 * i + 2])
        z = h @ W + b
        cache.append((h, z))
        h = np.maximum(z, 0.0) if i < n_layers - 1 else z
    return h, cache


def q_values(weights, x) -> np.ndarray:
    return mlp_forward(weights, x)[0]


def mlp_backward(weights, cache, d_out: np.ndarray) -> list[np.ndarray]:
    """Gradients of sum(d_out * output) with respect to [W1, b1, ..., WL, bL]."""
    grads: list[np.ndarray] = []
    delta = d_out
    for i in reversed(range(len(cache))):
        h, z = cache[i]
        if i < len(cache) - 1:
            delta = delta * (z > 0)  # ReLU'(z), 0 at z = 0 as in TensorFlow
        grads = [h.T @ delta, delta.sum(axis=0), *grads]
        delta = delta @ np.asarray(weights[2 * i], dtype=np.float64).T
    return grads


def not_done(terminated) -> np.ndarray:
    return 1.0 - np.asarray(terminated, dtype=np.float64)


def dqn_targets(rewards, next_q_target, terminated, truncated, gamma) -> np.ndarray:
    """y = r + gamma * (1 - terminated) * max_a' Q_target(s', a'); truncation bootstraps."""
    return rewards + gamma * not_done(terminated) * np.max(next_q_target, axis=1)


def double_dqn_targets(rewards, next_q_online, next_q_target, terminated, truncated, gamma):
    """y = r + gamma * (1 - terminated) * Q_target(s', argmax_a' Q_online(s', a'))."""
    best = np.argmax(next_q_online, axis=1)
    chosen = next_q_target[np.arange(len(best)), best]
    return rewards + gamma * not_done(terminated) * chosen


def huber(td_errors, delta) -> np.ndarray:
    a = np.abs(np.asarray(td_errors, dtype=np.float64))
    return np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5 * delta))


def huber_derivative(td_errors, delta) -> np.ndarray:
    return np.clip(td_errors, -delta, delta)


def td_loss_and_gradients(
    online_weights, target_weights, batch: dict, gamma: float, double: bool, delta: float
) -> tuple[float, list[np.ndarray], np.ndarray]:
    """Mean Huber TD loss and its semi-gradient with respect to the online weights.

    ``target_weights`` None means the online network is also the target network.
    The target y is a constant (no gradient flows through it). Returns (loss,
    gradients, td_errors).
    """
    target_weights = online_weights if target_weights is None else target_weights
    obs, actions = batch["obs"], np.asarray(batch["actions"], dtype=np.int64)
    rows = np.arange(len(actions))
    q, cache = mlp_forward(online_weights, obs)
    next_target = q_values(target_weights, batch["next_obs"])
    rewards = np.asarray(batch["rewards"], dtype=np.float64)
    if double:
        next_online = q_values(online_weights, batch["next_obs"])
        y = double_dqn_targets(
            rewards, next_online, next_target, batch["terminated"], batch["truncated"], gamma
        )
    else:
        y = dqn_targets(rewards, next_target, batch["terminated"], batch["truncated"], gamma)
    errors = y - q[rows, actions]
    loss = float(np.mean(huber(errors, delta)))
    d_out = np.zeros_like(q)
    d_out[rows, actions] = -huber_derivative(errors, delta) / len(actions)
    return loss, mlp_backward(online_weights, cache, d_out), errors


def polyak_update(target_weights, online_weights, tau) -> list[np.ndarray]:
    return [
        (1.0 - tau) * np.asarray(t, dtype=np.float64) + tau * np.asarray(o, dtype=np.float64)
        for t, o in zip(target_weights, online_weights, strict=True)
    ]


def linear_epsilon(step, eps_start, eps_end, decay_steps) -> float:
    fraction = min(max(step, 0) / decay_steps, 1.0)
    return eps_start + fraction * (eps_end - eps_start)


def random_mlp_weights(rng, sizes: list[int], scale: float = 0.6) -> list[np.ndarray]:
    """Fixed, known weights for the checks (float32, as a Keras network stores them)."""
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append((rng.normal(size=(n_in, n_out)) * scale).astype(np.float32))
        weights.append((rng.normal(size=n_out) * 0.3).astype(np.float32))
    return weights
