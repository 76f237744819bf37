"""Grader-side numpy truth for the REINFORCE checks (never shipped to students).

Kept apart from the notebook on purpose: the reference in solutions/ teaches, this
module decides, and neither imports the other. Everything is float64 numpy.
"""

from __future__ import annotations

import numpy as np


def returns_to_go(rewards, dones, gamma):
    """G_t = r_t + gamma * G_{t+1}, restarted after every step with dones[t] True."""
    rewards = np.asarray(rewards, dtype=np.float64)
    G = np.zeros(len(rewards))
    running = 0.0
    for t in reversed(range(len(rewards))):
        if dones[t]:
            running = 0.0
        running = rewards[t] + gamma * running
        G[t] = running
    return G


def returns_forwards(rewards, dones, gamma):
    """The mistake of accumulating from the start of the episode: sum_{k<=t} g^(t-k) r_k."""
    rewards = np.asarray(rewards, dtype=np.float64)
    G = np.zeros(len(rewards))
    running = 0.0
    for t in range(len(rewards)):
        running = rewards[t] + gamma * running
        G[t] = running
        if dones[t]:
            running = 0.0
    return G


def log_softmax(logits):
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def softmax(logits):
    return np.exp(log_softmax(logits))


def entropy(logits):
    log_pi = log_softmax(logits)
    return -(np.exp(log_pi) * log_pi).sum(axis=1)


def log_prob_of_actions(logits, actions):
    return log_softmax(logits)[np.arange(len(actions)), actions]


def advantages(returns, baseline, values=None, normalize=True, ddof=0):
    returns = np.asarray(returns, dtype=np.float64)
    if baseline == "none":
        b = 0.0
    elif baseline == "mean":
        b = returns.mean()
    elif baseline == "value":
        b = np.asarray(values, dtype=np.float64)
    else:
        raise ValueError(baseline)
    adv = returns - b
    if normalize:
        adv = (adv - adv.mean()) / (adv.std(ddof=ddof) + 1e-8)
    return adv


def per_action_mean_baseline(returns, actions, normalize):
    """The mistake of a baseline that depends on the action: b = mean return of that action."""
    returns = np.asarray(returns, dtype=np.float64)
    b = np.array([returns[actions == a].mean() for a in actions])
    adv = returns - b
    if normalize:
        adv = (adv - adv.mean()) / (adv.std() + 1e-8)
    return adv


def policy_loss(logits, actions, adv, entropy_coef):
    """L = -mean_t[log pi(a_t|s_t) A_t] - c * mean_t[H(pi(.|s_t))]."""
    logp = log_prob_of_actions(logits, actions)
    return float(-(logp * adv).mean() - entropy_coef * entropy(logits).mean())


def loss_grad_logits(logits, actions, adv, entropy_coef):
    """dL/dz of policy_loss: -(A/B) (onehot(a) - pi) + (c/B) pi (log pi + H)."""
    logits = np.asarray(logits, dtype=np.float64)
    n = len(actions)
    log_pi = log_softmax(logits)
    pi = np.exp(log_pi)
    onehot = np.zeros_like(pi)
    onehot[np.arange(n), actions] = 1.0
    H = -(pi * log_pi).sum(axis=1, keepdims=True)
    d_logp = -np.asarray(adv, dtype=np.float64)[:, None] * (onehot - pi) / n
    d_entropy = entropy_coef * pi * (log_pi + H) / n
    return d_logp + d_entropy


def linear_policy_gradient(W, obs, actions, adv, entropy_coef):
    """(loss, dL/dW) for the linear softmax policy logits = obs @ W."""
    obs = np.asarray(obs, dtype=np.float64)
    logits = obs @ np.asarray(W, dtype=np.float64)
    loss = policy_loss(logits, actions, adv, entropy_coef)
    return loss, obs.T @ loss_grad_logits(logits, actions, adv, entropy_coef)


def public_expected() -> dict[str, object]:
    """The public module's hand-typed answers, recomputed here: tests/test_assignments.py
    holds them equal. (Imported late: the public module never sees this one, and this one
    only reads the inputs that module shows the student.)"""
    from dataclasses import replace

    from autograder.checks.reinforce import public as p

    lin = (p.LIN_W, p.LIN_OBS, p.LIN_ACTIONS, p.LIN_ADV)
    gradients = {coef: linear_policy_gradient(*lin, coef) for coef in p.LIN_LOSS}
    values, actions = p.ADV_BATCH["values"].astype(np.float64), p.ADV_BATCH["actions"]

    def mistakes(case) -> dict:
        known = {
            p.PER_ACTION: lambda: per_action_mean_baseline(p.ADV_RETURNS, actions, case.normalize),
            "not normalized": lambda: advantages(p.ADV_RETURNS, case.baseline, values, False),
            "divided by the std without subtracting the mean first": lambda: (
                (raw := advantages(p.ADV_RETURNS, case.baseline, values, False)) / raw.std()
            ),
        }
        return {name: known[name]() for name in case.mistakes}

    return {
        "SAMPLE_PROBS": softmax(p.SAMPLE_LOGITS.astype(np.float64)),
        "LOSS": {
            coef: policy_loss(p.LOSS_LOGITS, p.LOSS_ACTIONS, p.LOSS_ADV, coef) for coef in p.LOSS
        },
        "LOSS_ENTROPY_SIGN": policy_loss(p.LOSS_LOGITS, p.LOSS_ACTIONS, p.LOSS_ADV, -0.1),
        "LIN_LOSS": {coef: loss for coef, (loss, _) in gradients.items()},
        "LIN_GRAD": {coef: grad for coef, (_, grad) in gradients.items()},
        "LIN_STEP": {
            coef: p.LIN_W.astype(np.float64) - 0.5 * grad for coef, (_, grad) in gradients.items()
        },
        "LIN_GRAD_ENTROPY_SIGN": linear_policy_gradient(*lin, -0.1)[1],
        "ADV_CASES": [
            replace(
                case,
                accepted=[
                    advantages(p.ADV_RETURNS, case.baseline, values, case.normalize, ddof)
                    for ddof in range(len(case.accepted))
                ],
                mistakes=mistakes(case),
            )
            for case in p.ADV_CASES
        ],
    }
