"""Hidden checks of the REINFORCE assignment: random cases against the numpy oracle.

Never shipped to students (the GitHub Classroom starter leaves this file and
oracle.py out).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import case_rng, check
from autograder.checks.reinforce import oracle
from autograder.checks.reinforce.public import (
    check_advantages,
    check_gradient,
    check_log_probs,
    check_returns,
    linear_mistakes,
)


def _random_dones(rng, T, p, last=True):
    dones = rng.random(T) < p
    dones[-1] = last
    return dones


@check(seeded=True)
def log_prob_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for n_actions, scale in ((2, 1.0), (5, 3.0), (4, 30.0)):
        logits = (scale * rng.normal(size=(64, n_actions))).astype(np.float32)
        actions = rng.integers(0, n_actions, size=64).astype(np.int32)
        log_pi = oracle.log_softmax(logits)
        check_log_probs(
            submission,
            logits,
            actions,
            oracle.log_prob_of_actions(logits, actions),
            {
                "the log-probability of the greedy action instead of the action taken": (
                    log_pi.max(axis=1)
                ),
                "probabilities instead of log-probabilities": np.exp(
                    oracle.log_prob_of_actions(logits, actions)
                ),
                "softmax normalized over the BATCH axis (axis 0) instead of the actions": (
                    oracle.log_softmax(logits.T).T[np.arange(64), actions]
                ),
            },
            f"log_prob_of_actions, 64 random rows, {n_actions} actions, logits of scale {scale}",
        )


@check(seeded=True)
def returns_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    cases = []
    for gamma in (0.0, 0.5, 0.9, 0.99, 1.0):
        T = 200
        cases.append((rng.normal(size=T), _random_dones(rng, T, 0.08), gamma))
    # a batch ending in the middle of an episode
    cases.append((rng.normal(size=50), _random_dones(rng, 50, 0.1, last=False), 0.95))
    # CartPole-like: episodes of 500, 137, 1 and 9 steps of reward 1
    lengths = (500, 137, 1, 9)
    dones = np.zeros(sum(lengths), dtype=bool)
    dones[np.cumsum(lengths) - 1] = True
    cases.append((np.ones(sum(lengths)), dones, 0.99))
    for rewards, dones, gamma in cases:
        what = (
            f"returns_to_go on {len(rewards)} steps, {int(dones.sum())} episode ends, gamma={gamma}"
        )
        check_returns(
            submission,
            rewards,
            dones,
            gamma,
            oracle.returns_to_go(rewards, dones, gamma),
            {
                "returns accumulated forwards (from the start of the episode up to t)": (
                    oracle.returns_forwards(rewards, dones, gamma)
                ),
                "returns leak across episode boundaries (dones ignored)": (
                    oracle.returns_to_go(rewards, np.zeros_like(dones), gamma)
                ),
                "no discount (gamma ignored)": oracle.returns_to_go(rewards, dones, 1.0),
            },
            what,
        )


@check(seeded=True)
def advantages_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    T = 120
    for baseline in ("none", "mean", "value"):
        for normalize in (False, True):
            batch = {
                "obs": rng.normal(size=(T, 4)).astype(np.float32),
                "actions": rng.integers(0, 3, size=T).astype(np.int32),
                "rewards": np.ones(T),
                "dones": _random_dones(rng, T, 0.05),
                "values": rng.normal(20.0, 5.0, size=T).astype(np.float32),
            }
            returns = rng.normal(20.0, 8.0, size=T)
            values = batch["values"].astype(np.float64)
            expected = [
                oracle.advantages(returns, baseline, values, normalize, ddof) for ddof in (0, 1)
            ]
            what = f"compute_advantages, {T} random steps, baseline={baseline!r}, " + (
                f"normalize={normalize}"
            )
            mistakes = {}
            if normalize:
                raw = oracle.advantages(returns, baseline, values, normalize=False)
                mistakes["divided by the std without subtracting the mean first"] = raw / (
                    raw.std() + 1e-8
                )
            if baseline == "mean":
                mistakes["a baseline that depends on the action (mean return per action)"] = (
                    oracle.per_action_mean_baseline(returns, batch["actions"], normalize)
                )
            got = check_advantages(
                submission, batch, returns, baseline, normalize, expected, mistakes, what
            )
            # the same states and returns with other actions: a baseline b(s) is unchanged
            other = dict(batch, actions=rng.permutation(batch["actions"]))
            check_advantages(
                submission,
                other,
                returns,
                baseline,
                normalize,
                [got],
                {},
                f"{what}, the same batch with the actions shuffled (a baseline depends on "
                "the state only, so the advantages must not change)",
            )


@check(seeded=True)
def policy_gradient_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for n_actions, coef in ((2, 0.0), (4, 0.0), (3, 0.05), (6, 0.2)):
        B, d = 32, 5
        W = (0.5 * rng.normal(size=(d, n_actions))).astype(np.float32)
        obs = rng.normal(size=(B, d)).astype(np.float32)
        actions = rng.integers(0, n_actions, size=B).astype(np.int32)
        adv = rng.normal(size=B).astype(np.float32)
        loss, grad = oracle.linear_policy_gradient(W, obs, actions, adv, coef)
        _, grad_wrong_entropy = oracle.linear_policy_gradient(W, obs, actions, adv, -coef)
        check_gradient(
            submission,
            W,
            obs,
            actions,
            adv,
            coef,
            loss,
            grad,
            linear_mistakes(grad, grad_wrong_entropy if coef else None, batch=B),
            f"gradient check, random linear softmax policy ({d} features, {n_actions} "
            f"actions, {B} steps), entropy_coef={coef}",
        )
