"""Grader-side numpy implementations: the truth the DQN checks compare against.

Everything here is float64 numpy, written independently of the notebook (which uses
TensorFlow): a small multilayer perceptron with its forward and backward pass, the
DQN and Double DQN targets, the Huber loss, and the Polyak average.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.dqn import cases


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


huber_loss = huber  # the name of the student's function (public.py's cases say it)


def huber_derivative(td_errors, delta) -> np.ndarray:
    return np.clip(td_errors, -delta, delta)


def td_loss_and_gradients(
    online_weights,
    target_weights,
    batch: dict,
    gamma: float,
    double: bool,
    delta: float,
    constant_target: bool = True,
) -> tuple[float, list[np.ndarray], np.ndarray]:
    """Mean Huber TD loss and its semi-gradient with respect to the online weights.

    ``target_weights`` None means the online network is also the target network.
    The target y is a constant (no gradient flows through it); ``constant_target=False``
    gives what a loss without ``tf.stop_gradient`` computes when the online network is
    its own target (the full gradient, a known mistake). Returns (loss, gradients,
    td_errors).
    """
    same = target_weights is None
    target_weights = online_weights if same else target_weights
    obs, actions = batch["obs"], np.asarray(batch["actions"], dtype=np.int64)
    rows = np.arange(len(actions))
    q, cache = mlp_forward(online_weights, obs)
    next_target, next_cache = mlp_forward(target_weights, batch["next_obs"])
    rewards = np.asarray(batch["rewards"], dtype=np.float64)
    next_online = q_values(online_weights, batch["next_obs"])
    if double:
        y = double_dqn_targets(
            rewards, next_online, next_target, batch["terminated"], batch["truncated"], gamma
        )
    else:
        y = dqn_targets(rewards, next_target, batch["terminated"], batch["truncated"], gamma)
    errors = y - q[rows, actions]
    loss = float(np.mean(huber(errors, delta)))
    d_out = np.zeros_like(q)
    d_out[rows, actions] = -huber_derivative(errors, delta) / len(actions)
    grads = mlp_backward(online_weights, cache, d_out)
    if same and not constant_target:  # y = r + gamma * Q(s', a*; theta) also moves
        chosen = (next_online if double else next_target).argmax(axis=1)
        d_next = np.zeros_like(next_target)
        d_next[rows, chosen] = (
            huber_derivative(errors, delta) * gamma * not_done(batch["terminated"])
        ) / len(actions)
        extra = mlp_backward(online_weights, next_cache, d_next)
        grads = [g + e for g, e in zip(grads, extra, strict=True)]
    return loss, grads, errors


def polyak_update(target_weights, online_weights, tau) -> list[np.ndarray]:
    return [
        (1.0 - tau) * np.asarray(t, dtype=np.float64) + tau * np.asarray(o, dtype=np.float64)
        for t, o in zip(target_weights, online_weights, strict=True)
    ]


def linear_epsilon(step, eps_start, eps_end, decay_steps) -> float:
    fraction = min(max(step, 0) / decay_steps, 1.0)
    return eps_start + fraction * (eps_end - eps_start)


# -- what known mistakes give (the checks name a mistake when a student's value matches) ----
def mlp_with_activation(weights, x, activation) -> np.ndarray:
    """The network with another hidden activation (the output layer stays linear)."""
    h = np.asarray(x, dtype=np.float64)
    for i in range(0, len(weights), 2):
        h = h @ np.asarray(weights[i], np.float64) + np.asarray(weights[i + 1], np.float64)
        h = activation(h) if i < len(weights) - 2 else h
    return h


def network_mistakes(weights, x) -> dict[str, np.ndarray]:
    """Q-values of wrongly built networks, keyed as public.NETWORK_DIAGNOSES."""
    return {
        "relu_output": np.maximum(q_values(weights, x), 0.0),
        "no_activation": mlp_with_activation(weights, x, lambda z: z),
        "tanh": mlp_with_activation(weights, x, np.tanh),
    }


def td_loss_mistakes(online, target, batch, gamma, double, delta) -> dict[str, tuple]:
    """(loss, gradients) of wrong TD losses, keyed as public.LOSS_DIAGNOSES."""
    q = q_values(online, batch["obs"])
    greedy = dict(batch, actions=q.argmax(axis=1).astype(np.int64))
    done = np.maximum(batch["terminated"], batch["truncated"])
    cases_ = {
        "online_next_values": (online, None, batch, gamma, double, delta),
        "mse": (online, target, batch, gamma, double, np.inf),
        "max_over_actions": (online, target, greedy, gamma, double, delta),
        "bootstraps_terminal": (
            online,
            target,
            dict(batch, terminated=0 * batch["terminated"]),
            gamma,
            double,
            delta,
        ),
        "truncation_terminal": (online, target, dict(batch, terminated=done), gamma, double, delta),
        "other_target": (online, target, batch, gamma, not double, delta),
    }
    if target is None:  # the online network is the target: that is not a mistake here
        del cases_["online_next_values"]
    found = {key: td_loss_and_gradients(*args)[:2] for key, args in cases_.items()}
    half_loss, half_grads = found["mse"]  # 1/2 e^2; Keras's and PyTorch's MSE is mean(e^2)
    found["mse_mean"] = (2 * half_loss, [2 * g for g in half_grads])
    if target is None:
        found["target_not_constant"] = td_loss_and_gradients(
            online, None, batch, gamma, double, delta, constant_target=False
        )[:2]
    return found


# -- the values of expected.py ---------------------------------------------------------------
def public_expected() -> dict[str, object]:
    """What the public checks' large cases must give (written to expected.py)."""
    weights, obs = cases.public_network_case()
    big_target, big_online = cases.public_polyak_networks()
    return {
        "Q_VALUES": q_values(weights, obs),
        "Q_MISTAKES": {  # the third, a ReLU on the output, is max(Q_VALUES, 0)
            k: v for k, v in network_mistakes(weights, obs).items() if k != "relu_output"
        },
        # td_loss_public's cases: DQN; the online network as its own target (only a
        # constant target, tf.stop_gradient, gives the semi-gradient); Double DQN
        **_loss_expected("", cases.public_loss_case()),
        **_loss_expected("_SAME_NETWORK", cases.public_same_network_loss_case()),
        **_loss_expected("_DOUBLE", cases.public_loss_case(double=True)),
        "POLYAK_TAU_0_005": polyak_update(big_target, big_online, 0.005),
    }


def _loss_expected(suffix: str, case: cases.LossCase) -> dict:
    """The loss, its gradients and the known mistakes' losses of one td_loss_public case
    (and, when the online network is its own target, the full-gradient mistake's)."""
    loss, grads, _ = td_loss_and_gradients(*case.arguments)
    mistakes = td_loss_mistakes(*case.arguments)
    found = {
        f"TD_LOSS{suffix}": loss,
        f"TD_GRADIENTS{suffix}": grads,
        f"TD_LOSS{suffix}_MISTAKES": {
            k: v[0] for k, v in mistakes.items() if k != "target_not_constant"
        },
    }
    if "target_not_constant" in mistakes:
        found[f"TD_GRADIENTS{suffix}_NOT_CONSTANT"] = mistakes["target_not_constant"][1]
    return found
