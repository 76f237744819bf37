"""Hidden checks of the DQN assignment: random cases against the numpy oracle.

Never shipped to students (the GitHub Classroom starter leaves this file and
oracle.py out). Each check draws its cases from its own ``params.seed`` in grading.yml
(common.case_rng); comparison and diagnosis are public.py's helpers, so a hidden check
explains a failure exactly as its public twin does.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import case_rng, check
from autograder.checks.dqn import cases, oracle
from autograder.checks.dqn.public import (
    add,
    batch_dict,
    check_architecture,
    check_contents,
    check_double,
    check_dqn_targets,
    check_epsilon,
    check_huber,
    check_q_values,
    check_rows_are_transitions,
    check_td_loss,
    check_uniform,
)
from autograder.checks.submitted import method


# -- replay buffer ---------------------------------------------------------------------
@check(seeded=True)
def replay_buffer_hidden(submission, spec) -> None:
    buffer = submission.ReplayBuffer(10, 3, int(case_rng(spec).integers(1000)))
    for i in range(1, 8):
        add(buffer, i, 3)
    check_contents(buffer, "after 7 adds to a buffer of capacity 10", list(range(1, 8)), 3)
    sample = method(buffer, "sample")
    what = "sample(3000) from a buffer holding 7"
    batch = batch_dict(sample(3000), what, 3000, 3)
    check_rows_are_transitions(batch, what, set(range(1, 8)), 3)
    check_uniform(batch, list(range(1, 8)), what)
    for i in range(8, 27):
        add(buffer, i, 3)
    recent = list(range(17, 27))
    check_contents(buffer, "after 26 adds to a buffer of capacity 10", recent, 3)
    what = "sample(4000) after wrapping around"
    batch = batch_dict(sample(4000), what, 4000, 3)
    check_rows_are_transitions(batch, what, set(recent), 3)
    check_uniform(batch, recent, what)
    batch_dict(sample(1), "sample(1)", 1, 3)


# -- epsilon schedule -------------------------------------------------------------------
@check(seeded=True)
def epsilon_schedule_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for _ in range(6):
        start, end = float(rng.uniform(0.5, 1.0)), float(rng.uniform(0.0, 0.2))
        decay = int(rng.integers(100, 20_000))
        for step in (int(rng.integers(0, decay)), decay + int(rng.integers(1, 50_000))):
            want = oracle.linear_epsilon(step, start, end, decay)
            check_epsilon(submission, step, start, end, decay, want)


# -- Q-network ---------------------------------------------------------------------------
def _check_network(submission, sizes: list[int], rng, what: str) -> None:
    check_architecture(submission, sizes)
    weights, obs = cases.network_case(rng, sizes)
    mistakes = oracle.network_mistakes(weights, obs)
    mistakes.pop("relu_output")  # check_q_values derives it from the expected values
    check_q_values(submission, weights, obs, oracle.q_values(weights, obs), mistakes, what)


@check(seeded=True)
def q_network_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    _check_network(submission, [3, 16, 5], rng, "a 3-16-5 network (one hidden layer)")
    _check_network(submission, [6, 5, 7, 9, 3], rng, "a 6-5-7-9-3 network (three hidden layers)")


# -- TD targets --------------------------------------------------------------------------
def _random_targets_case(rng, batch=64, n_actions=3):
    r = rng.normal(size=batch)
    nq_online = rng.normal(size=(batch, n_actions)) * 3
    nq_target = rng.normal(size=(batch, n_actions)) * 3
    term = (rng.random(batch) < 0.3).astype(np.float64)
    trunc = ((rng.random(batch) < 0.3) & (term == 0)).astype(np.float64)
    return r, nq_online, nq_target, term, trunc


@check(seeded=True)
def dqn_targets_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for gamma in (0.99, 0.5):
        r, _, nq, term, trunc = _random_targets_case(rng)
        done = np.maximum(term, trunc)
        mistakes = {
            "bootstraps_terminal": oracle.dqn_targets(r, nq, 0 * term, trunc, gamma),
            "truncation_terminal": oracle.dqn_targets(r, nq, done, trunc, gamma),
            "mean_not_max": r + gamma * (1 - term) * nq.mean(1),
        }
        want = oracle.dqn_targets(r, nq, term, trunc, gamma)
        what = f"dqn_targets, random batch (gamma {gamma})"
        check_dqn_targets(submission, r, nq, term, trunc, gamma, want, mistakes, what)


@check(seeded=True)
def double_dqn_targets_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for gamma in (0.99, 0.7):
        r, nqo, nqt, term, trunc = _random_targets_case(rng, n_actions=4)
        rows = np.arange(len(r))
        done = np.maximum(term, trunc)
        mistakes = {
            "max_of_target": oracle.dqn_targets(r, nqt, term, trunc, gamma),
            "online_evaluates": oracle.dqn_targets(r, nqo, term, trunc, gamma),
            "roles_swapped": r + gamma * (1 - term) * nqo[rows, nqt.argmax(1)],
            "bootstraps_terminal": oracle.double_dqn_targets(r, nqo, nqt, 0 * term, trunc, gamma),
            "double_truncation_terminal": oracle.double_dqn_targets(
                r, nqo, nqt, done, trunc, gamma
            ),
        }
        want = oracle.double_dqn_targets(r, nqo, nqt, term, trunc, gamma)
        what = f"double_dqn_targets, random batch (gamma {gamma})"
        check_double(submission, r, nqo, nqt, term, trunc, gamma, want, mistakes, what)


# -- Huber loss --------------------------------------------------------------------------
@check(seeded=True)
def huber_loss_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    for delta in (1.0, 0.3, 5.0):
        errors = rng.normal(size=50) * 4
        a = np.abs(errors)
        mistakes = {
            "mse": 0.5 * errors**2,
            "no_half": np.where(a <= delta, a**2, delta * (a - 0.5 * delta)),
            "linear_part": np.where(a <= delta, 0.5 * a**2, delta * (a - 0.5)),
        }
        want = oracle.huber(errors, delta)
        check_huber(submission, errors, delta, want, mistakes, f"huber_loss, delta={delta}")


# -- TD loss and its gradient -------------------------------------------------------------
def _check_td_loss(submission, case: cases.LossCase, what: str) -> None:
    loss, grads, _ = oracle.td_loss_and_gradients(*case.arguments)
    mistakes = oracle.td_loss_mistakes(*case.arguments)
    check_td_loss(submission, case, loss, grads, mistakes, what)


@check(seeded=True)
def td_loss_hidden(submission, spec) -> None:
    rng = case_rng(spec)
    case = cases.loss_case(rng, [4, 16, 16, 2], 32, [0, 5, 9], [3, 12], gamma=0.99, double=True)
    _check_td_loss(submission, case, "td_loss (Double DQN, gamma 0.99, delta 1)")
    case = cases.loss_case(rng, [3, 8, 3], 24, [2, 7], [4], same_network=True, delta=2.0)
    _check_td_loss(
        submission, case, "td_loss with the online network as its own target (DQN, delta 2)"
    )
    case = cases.loss_case(rng, [5, 12, 4], 16, [1], [2, 3], gamma=0.8, double=True, delta=0.5)
    _check_td_loss(submission, case, "td_loss (Double DQN, gamma 0.8, delta 0.5)")
