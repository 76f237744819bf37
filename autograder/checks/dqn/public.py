"""Public checks of the DQN assignment: hand-computed cases (arithmetic in comments).

Students get this file (GitHub Classroom starter), so it holds no solution: expected
values are literal numbers (here, or in expected.py where a case is too large to
compute by hand), and the helpers only compare and diagnose. hidden.py reuses the
helpers with random cases and the oracle's values.

The submission's TensorFlow code cannot cross the sandbox boundary, so the notebook
provides small numpy-in, numpy-out entry points (``q_network_weights``,
``q_values_numpy``, ``loss_and_gradients_numpy``, ``train_step_numpy``) that build the
student's networks from weights the grader chooses.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.common import Case, assert_close, check, returned, returned_tuple
from autograder.checks.dqn import cases, expected
from autograder.checks.dqn.cases import FIELDS, Weights, f32, layer_shapes, transition
from autograder.checks.submitted import method, to_numpy, type_name

FIELD_DTYPES = {
    "obs": "float32",
    "actions": "int64",
    "rewards": "float32",
    "next_obs": "float32",
    "terminated": "float32",
    "truncated": "float32",
}

HINT_WRAP = (
    "add() writes slot self.pos, then pos = (pos + 1) % capacity (the oldest transition is "
    "overwritten next) and size = min(size + 1, capacity)."
)
HINT_EPSILON = (
    "epsilon falls linearly from eps_start at step 0 to eps_end at step decay_steps, "
    "eps_start + min(step / decay_steps, 1) * (eps_end - eps_start), and stays at eps_end "
    "afterwards (never below it)."
)
HINT_NETWORK = (
    "the network is Dense(h, relu) for each hidden size, then a LINEAR Dense(n_actions): "
    "Q-values can be any real number, negative included."
)
HINT_TARGETS = (
    "y = r + gamma * (1 - terminated) * max_a' Q_target(s', a'). Only `terminated` (the "
    "MDP reached a terminal state) stops bootstrapping; a `truncated` transition (the time "
    "limit) bootstraps like any other, because the state after it still has a value."
)
HINT_DOUBLE = (
    "Double DQN selects a* = argmax_a' Q_online(s', a') with the ONLINE network and evaluates "
    "it with the TARGET network: y = r + gamma * (1 - terminated) * Q_target(s', a*)."
)
HINT_HUBER = (
    "the Huber loss is 0.5 * e^2 where |e| <= delta and delta * (|e| - 0.5 * delta) "
    "elsewhere, element by element (no mean): quadratic near 0, linear in the tails."
)
HINT_LOSS = (
    "the loss is the MEAN over the batch of huber_loss(y - Q_online(s, a), delta), where "
    "Q_online(s, a) is the entry of the action taken (gather, not max), the next-state "
    "values come from the TARGET network, and y is wrapped in tf.stop_gradient. (The "
    "networks are built by your make_q_network: if its checks fail, fix it first.)"
)
HINT_POLYAK = (
    "theta_target <- (1 - tau) * theta_target + tau * theta_online: tau is the "
    "weight of the ONLINE network (tau = 1 copies it: the hard update)."
)

# known mistakes, keyed as the oracle's (and expected.py's) values of what each one gives
NETWORK_DIAGNOSES = {
    "relu_output": "a ReLU on the output layer: Q-values can be negative, the last layer must "
    "be linear",
    "no_activation": "no activation on the hidden layers: the network is then linear in the "
    "observation",
    "tanh": "tanh instead of ReLU on the hidden layers",
}
TARGET_DIAGNOSES = {
    "bootstraps_terminal": "bootstrapping from terminal states (the (1 - terminated) factor "
    "is missing)",
    "truncation_terminal": "truncated transitions are treated as terminal; a time limit is "
    "not a terminal state, so they must bootstrap",
    "mean_not_max": "mean over the next actions instead of max",
    "max_of_target": "max over the target network's values (that is the DQN target, not "
    "Double DQN)",
    "online_evaluates": "the online network both selects and evaluates a* (max of Q_online)",
    "roles_swapped": "the roles are swapped: a* must come from the ONLINE network and its "
    "value from the TARGET network",
    "double_truncation_terminal": "truncated transitions are treated as terminal; they must "
    "bootstrap",
}
HUBER_DIAGNOSES = {
    "mse": "the squared error 0.5 * e^2 everywhere (MSE), not the Huber loss",
    "no_half": "e^2 without the factor 0.5 in the quadratic part",
    "squared": "the squared error e^2 everywhere (as keras.losses.MeanSquaredError and "
    "PyTorch's mse_loss compute it), not the Huber loss: 0.5 * e^2 for |e| <= delta, "
    "delta * (|e| - 0.5 * delta) beyond",
    "linear_part": "the linear part is delta * (|e| - 0.5), correct only for delta = 1: it "
    "must be delta * (|e| - 0.5 * delta) so that the two parts meet at |e| = delta",
}


def loss_diagnoses(double: bool) -> dict[str, str]:
    """Diagnoses of the TD loss's known mistakes (which target was asked changes one)."""
    return {
        "online_next_values": "the next-state values come from the online network: use the "
        "TARGET network there",
        "mse": "the squared error (MSE) instead of the Huber loss",
        "mse_mean": "the mean squared error mean(e^2) (keras.losses.MeanSquaredError, PyTorch's "
        "mse_loss) instead of the Huber loss, whose quadratic part is 1/2 e^2",
        "target_not_constant": "the target y is not a constant: with the online network as "
        "its own target, the gradient also flows through max Q(s', .) in y. Wrap the target "
        "in tf.stop_gradient (DQN regresses Q(s, a) toward a FIXED target: a semi-gradient)",
        "max_over_actions": "Q(s, a) taken as the max over actions instead of the entry of "
        "the action taken",
        "bootstraps_terminal": "bootstrapping from terminal states",
        "truncation_terminal": "truncated transitions treated as terminal",
        "other_target": (
            "the DQN target where the Double DQN target was asked (double=True)"
            if double
            else "the Double DQN target where the DQN target was asked"
        ),
    }


def named(diagnoses: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    """{diagnosis: value} for ``assert_close``'s known_mistakes, from {key: value}."""
    return {diagnoses[key]: value for key, value in values.items()}


# -- values from either side of the sandbox ------------------------------------------------
def array_list(value: Any, what: str, shapes) -> list[np.ndarray]:
    """A list of weight arrays (get_weights() order), each of the expected shape."""
    if not isinstance(value, (list, tuple)) or len(value) != len(shapes):
        raise AssertionError(
            f"{what} should be a list of {len(shapes)} arrays (one per weight array, in "
            f"get_weights() order: W1, b1, ..., W_out, b_out); got "
            f"{len(value) if isinstance(value, (list, tuple)) else type_name(value)}."
        )
    return [
        returned(v, f"{what}[{i}]", shape=tuple(s))
        for i, (v, s) in enumerate(zip(value, shapes, strict=True))
    ]


# -- replay buffer ---------------------------------------------------------------------
def add(buffer: Any, i: int, obs_dim: int) -> None:
    """Add transition number i (see cases.transition) to the submission's buffer."""
    t = transition(i, obs_dim)
    method(buffer, "add")(
        t["obs"],
        t["actions"],
        t["rewards"],
        t["next_obs"],
        bool(t["terminated"]),
        bool(t["truncated"]),
    )


def batch_dict(value: Any, what: str, n: int, obs_dim: int) -> dict[str, np.ndarray]:
    """The buffer's contents() or sample(): a dict of arrays of the storage's dtypes."""
    if not isinstance(value, dict) or set(value) != set(FIELDS):
        got = sorted(value) if isinstance(value, dict) else type_name(value)
        raise AssertionError(
            f"{what} should be a dict with keys {list(FIELDS)}; got {got}. Return the "
            "arrays of the chosen slots under these names."
        )
    out = {}
    for key in FIELDS:
        shape = (n, obs_dim) if key in ("obs", "next_obs") else (n,)
        arr = returned(value[key], f"{what}['{key}']", shape=shape)
        if arr.dtype != np.dtype(FIELD_DTYPES[key]):
            raise AssertionError(
                f"{what}['{key}'] has dtype {arr.dtype}; expected {FIELD_DTYPES[key]}, the "
                "dtype of the buffer's storage. Index the storage arrays (e.g. "
                "self.rewards[idx]) instead of building new arrays."
            )
        out[key] = arr
    return out


def check_rows_are_transitions(batch: dict, what: str, stored: set[int], obs_dim: int) -> None:
    """Every row is one stored transition, all its fields from the same slot."""
    ids = batch["rewards"]
    bad = [float(r) for r in ids if r not in stored]
    if bad:
        raise AssertionError(
            f"{what}: expected only stored transitions (the buffer holds those with rewards "
            f"{sorted(stored)}), but found others (rewards {sorted(set(bad))[:6]}; reward 0 is "
            "an empty slot). Sample slot indices in [0, size), not [0, capacity): slots the "
            "buffer has not filled yet hold zeros, not transitions. And keep only the most "
            "recent `capacity` transitions."
        )
    for key in FIELDS:
        want = np.array([transition(int(i), obs_dim)[key] for i in ids])
        if not np.allclose(batch[key], want):
            row = int(np.argmax(np.any((batch[key] != want).reshape(len(ids), -1), axis=1)))
            raise AssertionError(
                f"{what}: the transition with reward {ids[row]:g} has {key} = {batch[key][row]}"
                f", but it was added with {key} = {want[row]}. Every field of a transition "
                "must be stored in, and read from, the same slot (one index per transition)."
            )


def check_uniform(batch: dict, stored: list[int], what: str) -> None:
    """Each stored transition drawn about equally often (6 standard deviations)."""
    n = len(batch["rewards"])
    counts = np.array([np.sum(batch["rewards"] == i) for i in stored])
    p = 1.0 / len(stored)
    sd = np.sqrt(n * p * (1 - p))
    if np.any(np.abs(counts - n * p) > 6 * sd):  # a correct sampler fails with p < 1e-8
        raise AssertionError(
            f"{what}: each of the {len(stored)} stored transitions should be drawn about "
            f"{n * p:.0f} times (uniform sampling with replacement), but the counts for "
            f"rewards {stored} are {counts.tolist()}. Draw the indices with "
            "self.rng.integers(0, self.size, size=batch_size): every stored slot, the newest "
            "included, with equal probability."
        )


def check_contents(buffer: Any, what: str, expected_ids: list[int], obs_dim: int) -> None:
    """buffer.contents() holds exactly the transitions numbered ``expected_ids``."""
    contents = method(buffer, "contents")()
    batch = batch_dict(contents, f"{what}: buffer.contents()", len(expected_ids), obs_dim)
    held = sorted(int(r) for r in batch["rewards"])
    if held != sorted(expected_ids):
        raise AssertionError(
            f"{what}: the buffer should hold the transitions with rewards "
            f"{sorted(expected_ids)} (the {len(expected_ids)} most recent); it holds "
            f"{held}. Likely cause: {HINT_WRAP}"
        )
    check_rows_are_transitions(batch, what, set(expected_ids), obs_dim)


@check
def replay_buffer_public(submission, spec) -> None:
    # capacity 3: after 2 adds it holds transitions 1, 2; after 5 adds it holds 3, 4, 5
    # (slot 0 <- 4, slot 1 <- 5, slot 2 keeps 3). A buffer that keeps overwriting slot 0
    # once full would hold 5, 2, 3.
    buffer = submission.ReplayBuffer(3, 2, 0)
    for i in (1, 2):
        add(buffer, i, 2)
    check_contents(buffer, "after 2 adds to a buffer of capacity 3", [1, 2], 2)
    # a buffer far from full: slots 2-9 are empty, so no sampled row may come from them
    partial = submission.ReplayBuffer(10, 2, 0)
    for i in (1, 2):
        add(partial, i, 2)
    what = "buffer.sample(64) from a buffer of capacity 10 holding 2 transitions"
    check_rows_are_transitions(
        batch_dict(method(partial, "sample")(64), what, 64, 2), what, {1, 2}, 2
    )
    for i in (3, 4, 5):
        add(buffer, i, 2)
    contents = method(buffer, "contents")()
    rewards = to_numpy(contents.get("rewards")) if isinstance(contents, dict) else None
    if isinstance(rewards, np.ndarray) and sorted(rewards.tolist()) == [2.0, 3.0, 5.0]:
        raise AssertionError(
            "after 5 adds to a buffer of capacity 3, the buffer should hold the transitions "
            "with rewards [3, 4, 5]; it holds [2, 3, 5]: once full, your buffer writes every "
            f"new transition to slot 0 instead of the oldest slot. {HINT_WRAP}"
        )
    check_contents(buffer, "after 5 adds to a buffer of capacity 3", [3, 4, 5], 2)
    batch = batch_dict(method(buffer, "sample")(3000), "buffer.sample(3000)", 3000, 2)
    check_rows_are_transitions(batch, "buffer.sample(3000)", {3, 4, 5}, 2)
    check_uniform(batch, [3, 4, 5], "buffer.sample(3000) from a full buffer of capacity 3")
    check_own_generator(submission)


def check_own_generator(submission) -> None:
    """sample() draws from self.rng, seeded by the constructor: two buffers built alike give
    the same batches (a run can be reproduced), and each call draws a fresh batch."""
    draws = []
    for _ in range(2):
        twin = submission.ReplayBuffer(4, 2, 7)
        for i in (1, 2, 3, 4):
            add(twin, i, 2)
        sample = method(twin, "sample")
        what = "buffer.sample(64) from a buffer of capacity 4 built with seed=7"
        draws.append([batch_dict(sample(64), what, 64, 2)["rewards"] for _ in range(2)])
    (first, second), (twin_first, _) = draws
    if not np.array_equal(first, twin_first):
        raise AssertionError(
            "two buffers built with ReplayBuffer(4, 2, seed=7) and given the same four "
            "transitions returned different first batches from sample(64): expected the "
            f"same rewards {first[:8].tolist()}..., got {twin_first[:8].tolist()}... "
            "Likely cause: sample() draws from numpy's global generator (np.random.randint, "
            "np.random.choice) instead of the buffer's own self.rng = "
            "np.random.default_rng(seed). With the global generator a training run cannot be "
            "reproduced from its seed. Use self.rng.integers(0, self.size, size=batch_size)."
        )
    if np.array_equal(first, second):
        raise AssertionError(
            "two calls of sample(64) on the same buffer returned the same batch "
            f"(rewards {first[:8].tolist()}...): expected a fresh draw each call. Likely "
            "cause: sample() creates its generator anew (np.random.default_rng(seed) inside "
            "sample), so every call restarts the same sequence and training sees one batch "
            "over and over. Create self.rng once in __init__ and draw from it."
        )


# -- epsilon schedule -------------------------------------------------------------------
def check_epsilon(submission, step, start, end, decay, want: float) -> None:
    what = f"linear_epsilon(step={step}, eps_start={start}, eps_end={end}, decay_steps={decay})"
    unclipped = start + step / decay * (end - start)  # a schedule that keeps falling
    got = returned(submission.linear_epsilon(step, start, end, decay), what, shape=())
    assert_close(
        got,
        want,
        what,
        HINT_EPSILON,
        atol=1e-9,
        known_mistakes={"the schedule keeps falling after decay_steps (no clipping)": unclipped},
    )


EPSILON_CASES = (
    # 1 -> 0.05 over 1000 steps: step 250 -> 1 + 0.25 * (0.05 - 1) = 0.7625; step 4000 -> 0.05
    # (without clipping it would be 1 + 4 * (0.05 - 1) = -2.8)
    *(
        Case("linear_epsilon", (step, 1.0, 0.05, 1000), want)
        for step, want in ((0, 1.0), (250, 0.7625), (1000, 0.05), (4000, 0.05))
    ),
    Case("linear_epsilon", (5, 0.5, 0.1, 10), 0.3),  # 0.5 + 0.5 * (0.1 - 0.5) = 0.3
)


@check
def epsilon_schedule_public(submission, spec) -> None:
    for case in EPSILON_CASES:
        check_epsilon(submission, *case.args, case.want)


# -- Q-network ---------------------------------------------------------------------------
def check_architecture(submission, sizes: list[int]) -> None:
    """make_q_network's layers, from the shapes of its initial weights; no equal weights."""
    obs_dim, n_actions, hidden = sizes[0], sizes[-1], sizes[1:-1]
    call = f"make_q_network({obs_dim}, {n_actions}, {hidden})"
    shapes = layer_shapes(sizes)
    initial = submission.q_network_weights(obs_dim, n_actions, hidden, 0)
    if isinstance(initial, (list, tuple)) and len(initial) != len(shapes):
        raise AssertionError(
            f"{call}.get_weights() has {len(initial)} arrays; expected {len(shapes)} with "
            f"shapes {shapes}: one Dense layer (kernel and bias) per hidden size, then the "
            "output layer. Did you add an extra layer, drop one, or use use_bias=False?"
        )
    initial = array_list(initial, f"{call}.get_weights()", shapes)
    for i in range(0, len(initial), 2):
        if np.ptp(initial[i]) == 0:
            raise AssertionError(
                f"{call}: the kernel of layer {i // 2 + 1} starts with every entry equal "
                f"({initial[i].flat[0]:g}). With equal initial weights every hidden unit computes "
                "the same thing and receives the same gradient, so they never become "
                "different. Keep Keras' default (random Glorot-uniform) initializer."
            )


def check_q_values(submission, weights: Weights, obs, want, mistakes: dict, what: str) -> None:
    """Q-values of the student's network carrying the grader's weights; ``mistakes`` keyed
    as NETWORK_DIAGNOSES (the ReLU-on-the-output one is derived from ``want``)."""
    got = returned(
        submission.q_values_numpy(weights, obs), f"Q-values of {what}", shape=np.shape(want)
    )
    mistakes = {"relu_output": np.maximum(want, 0.0), **mistakes}
    assert_close(
        got,
        want,
        f"Q-values of {what} with the grader's fixed weights",
        HINT_NETWORK,
        atol=1e-4,
        rtol=1e-4,
        known_mistakes=named(NETWORK_DIAGNOSES, mistakes),
    )


@check
def q_network_public(submission, spec) -> None:
    # a 4-8-8-2 network: the layer shapes, then its Q-values with the grader's weights on 16
    # observations (inputs in cases.py, values in expected.py)
    check_architecture(submission, [4, 8, 8, 2])
    weights, obs = cases.public_network_case()
    want = np.asarray(expected.Q_VALUES)
    mistakes = {k: np.asarray(v) for k, v in expected.Q_MISTAKES.items()}
    check_q_values(submission, weights, obs, want, mistakes, "a 4-8-8-2 network")


# -- TD targets --------------------------------------------------------------------------
def check_dqn_targets(submission, r, nq, term, trunc, gamma, want, mistakes, what) -> None:
    got = submission.dqn_targets(f32(r), f32(nq), f32(term), f32(trunc), gamma)
    got = returned(got, what, shape=(len(r),))
    assert_close(
        got,
        want,
        what,
        HINT_TARGETS,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes=named(TARGET_DIAGNOSES, mistakes),
    )


DQN_TARGETS_CASE = Case(
    # gamma 0.9: row 0: 1 + 0.9 * max(1, 2) = 2.8; row 1 terminated: 1;
    # row 2 truncated (bootstraps): 0.5 + 0.9 * 0.5 = 0.95; row 3: -1 + 0.9 * (-1) = -1.9
    "dqn_targets",
    (
        np.array([1.0, 1.0, 0.5, -1.0]),
        np.array([[1.0, 2.0], [3.0, 0.0], [0.5, 0.25], [-2.0, -1.0]]),
        np.array([0.0, 1, 0, 0]),
        np.array([0.0, 0, 1, 0]),
        0.9,
    ),
    [2.8, 1.0, 0.95, -1.9],
    "dqn_targets, hand-computed case (gamma 0.9)",
)


@check
def dqn_targets_public(submission, spec) -> None:
    check_dqn_targets(
        submission,
        *DQN_TARGETS_CASE.args,
        DQN_TARGETS_CASE.want,
        {
            "bootstraps_terminal": [2.8, 3.7, 0.95, -1.9],  # row 1: 1 + 0.9 * 3
            "truncation_terminal": [2.8, 1.0, 0.5, -1.9],  # row 2: 0.5
            "mean_not_max": [2.35, 1.0, 0.8375, -2.35],  # 1 + 0.9 * 1.5, ...
        },
        DQN_TARGETS_CASE.what,
    )


def check_double(submission, r, nqo, nqt, term, trunc, gamma, want, mistakes, what) -> None:
    got = submission.double_dqn_targets(f32(r), f32(nqo), f32(nqt), f32(term), f32(trunc), gamma)
    got = returned(got, what, shape=(len(r),))
    assert_close(
        got,
        want,
        what,
        HINT_DOUBLE,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes=named(TARGET_DIAGNOSES, mistakes),
    )


DOUBLE_DQN_TARGETS_CASE = Case(
    # gamma 0.5; a* = argmax of the online row, valued by the target row:
    # row 0: a* = 1 -> 1 + 0.5 * 2 = 2; row 1 (truncated, bootstraps): a* = 0 -> 0 + 0.5 * 0.5
    # = 0.25; row 2 terminated: 2; row 3: a* = 1 -> 1 + 0.5 * 1 = 1.5.
    "double_dqn_targets",
    (
        np.array([1.0, 0.0, 2.0, 1.0]),
        np.array([[1.0, 3.0], [2.0, 1.0], [0.0, 5.0], [4.0, 4.5]]),
        np.array([[10.0, 2.0], [0.5, 7.0], [1.0, 3.0], [6.0, 1.0]]),
        np.array([0.0, 0, 1, 0]),
        np.array([0.0, 1, 0, 0]),
        0.5,
    ),
    [2.0, 0.25, 2.0, 1.5],
    "double_dqn_targets, hand-computed case (gamma 0.5)",
)


@check
def double_dqn_targets_public(submission, spec) -> None:
    check_double(
        submission,
        *DOUBLE_DQN_TARGETS_CASE.args,
        DOUBLE_DQN_TARGETS_CASE.want,
        {
            "max_of_target": [6.0, 3.5, 2.0, 4.0],  # DQN's max over the target rows
            "online_evaluates": [2.5, 1.0, 2.0, 3.25],  # max over the online rows
            "roles_swapped": [1.5, 0.5, 2.0, 3.0],  # argmax of target, valued by online
            "bootstraps_terminal": [2.0, 0.25, 3.5, 1.5],  # row 2: 2 + 0.5 * 3
            "double_truncation_terminal": [2.0, 0.0, 2.0, 1.5],  # row 1: 0
        },
        DOUBLE_DQN_TARGETS_CASE.what,
    )


# -- Huber loss --------------------------------------------------------------------------
def check_huber(submission, errors, delta, want, mistakes, what) -> None:
    got = returned(submission.huber_loss(f32(errors), delta), what, shape=np.shape(errors))
    assert_close(
        got,
        want,
        what,
        HINT_HUBER,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes=named(HUBER_DIAGNOSES, mistakes),
    )


HUBER_CASES = (
    # delta 1: e = [-3, -1, -0.5, 0, 0.5, 2] -> [2.5, 0.5, 0.125, 0, 0.125, 1.5]
    Case(
        "huber_loss",
        (np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 2.0]), 1.0),
        [2.5, 0.5, 0.125, 0.0, 0.125, 1.5],
        "huber_loss(e, delta=1)",
    ),
    # delta 2: e = [-3, 1, 4] -> [2 * (3 - 1), 0.5, 2 * (4 - 1)] = [4, 0.5, 6]
    Case(
        "huber_loss", (np.array([-3.0, 1.0, 4.0]), 2.0), [4.0, 0.5, 6.0], "huber_loss(e, delta=2)"
    ),
)


@check
def huber_loss_public(submission, spec) -> None:
    delta_1, delta_2 = HUBER_CASES
    check_huber(
        submission,
        *delta_1.args,
        delta_1.want,
        {
            "mse": [4.5, 0.5, 0.125, 0.0, 0.125, 2.0],
            "no_half": [2.5, 1.0, 0.25, 0.0, 0.25, 1.5],
            "squared": [9.0, 1.0, 0.25, 0.0, 0.25, 4.0],
        },
        delta_1.what,
    )
    check_huber(
        submission,
        *delta_2.args,
        delta_2.want,
        {
            "mse": [4.5, 0.5, 8.0],
            "no_half": [4.0, 1.0, 6.0],
            "linear_part": [5.0, 0.5, 7.0],
            "squared": [9.0, 1.0, 16.0],
        },
        delta_2.what,
    )


# -- TD loss and its gradient -------------------------------------------------------------
def check_td_loss(
    submission,
    case: cases.LossCase,
    want_loss: float,
    want_grads: list,
    mistakes: dict[str, tuple],
    what: str,
) -> None:
    """``mistakes`` = {key of loss_diagnoses: (loss, gradients or None)}: a mistake without
    gradients is diagnosed on the loss only."""
    batch, double = case.batch, case.double
    shapes = [w.shape for w in case.online]
    result = submission.loss_and_gradients_numpy(*case.arguments)
    loss, grads = returned_tuple(result, f"{what}: loss_and_gradients_numpy", ("loss", "gradients"))
    loss = returned(loss, f"{what}: the loss", shape=())
    grads = array_list(grads, f"{what}: the gradients", shapes)
    diagnoses = loss_diagnoses(double)
    assert_close(
        loss,
        want_loss,
        f"{what}: td_loss",
        HINT_LOSS,
        atol=1e-4,
        rtol=1e-4,
        known_mistakes={
            **{diagnoses[k]: v[0] for k, v in mistakes.items()},
            "the SUM over the batch instead of the mean": want_loss * len(batch["rewards"]),
        },
    )
    if all(np.allclose(g, 0.0) for g in grads):
        raise AssertionError(
            f"{what}: the loss is right but its gradient with respect to the online weights is "
            f"zero; expected a gradient as large as "
            f"{max(float(np.abs(w).max()) for w in want_grads):.3g}. Likely cause: "
            "tf.stop_gradient is around Q_online(s, a), or the loss is computed from numpy "
            "values (outside the tape). Only the TARGET y must be a "
            "constant; the gradient flows through Q_online(s, a)."
        )
    names = [f"{'W' if i % 2 == 0 else 'b'}{i // 2 + 1}" for i in range(len(grads))]
    grad_mistakes = {diagnoses[k]: v[1] for k, v in mistakes.items() if v[1] is not None}
    for i, (g, w) in enumerate(zip(grads, want_grads, strict=True)):
        assert_close(
            g,
            w,
            f"{what}: gradient of td_loss with respect to {names[i]}",
            "the semi-gradient treats the target y as a constant (tf.stop_gradient(y)): the "
            "gradient flows only through Q_online(s, a), never through the next-state values, "
            "even when the target network IS the online network.",
            atol=1e-4,
            rtol=1e-3,
            known_mistakes={k: v[i] for k, v in grad_mistakes.items()},
        )


@check
def td_loss_public(submission, spec) -> None:
    # A 4-8-8-2 online network and a different target network (fixed weights), 6
    # transitions: row 1 terminated, row 4 truncated; gamma 0.9, DQN target, delta 1. The
    # TD errors are spread on both sides of delta, so MSE and Huber differ. (Inputs in
    # cases.py; the loss, its gradient and what known mistakes give in expected.py.)
    grads = [np.asarray(g) for g in expected.TD_GRADIENTS]
    check_td_loss(
        submission,
        cases.public_loss_case(),
        expected.TD_LOSS,
        grads,
        {k: (v, None) for k, v in expected.TD_LOSS_MISTAKES.items()},
        "td_loss (DQN, gamma 0.9, delta 1)",
    )
    same = cases.public_same_network_loss_case()
    mistakes = {k: (v, None) for k, v in expected.TD_LOSS_SAME_NETWORK_MISTAKES.items()}
    mistakes["target_not_constant"] = (
        expected.TD_LOSS_SAME_NETWORK,
        [np.asarray(g) for g in expected.TD_GRADIENTS_SAME_NETWORK_NOT_CONSTANT],
    )
    check_td_loss(
        submission,
        same,
        expected.TD_LOSS_SAME_NETWORK,
        [np.asarray(g) for g in expected.TD_GRADIENTS_SAME_NETWORK],
        mistakes,
        "td_loss with the online network as its own target (DQN, gamma 0.9, delta 2)",
    )
    # the first case's networks and batch with double=True: the Double DQN target
    check_td_loss(
        submission,
        cases.public_loss_case(double=True),
        expected.TD_LOSS_DOUBLE,
        [np.asarray(g) for g in expected.TD_GRADIENTS_DOUBLE],
        {k: (v, None) for k, v in expected.TD_LOSS_DOUBLE_MISTAKES.items()},
        "td_loss (Double DQN, gamma 0.9, delta 1)",
    )


# -- one gradient step --------------------------------------------------------------------
def check_train_step(submission, case: cases.LossCase, lr: float, what: str) -> None:
    """One SGD step must move the online weights by -lr times the student's OWN gradient
    (td_loss has its own checks), and leave the target network alone."""
    online, target = case.online, case.target
    shapes = [w.shape for w in online]
    own_loss, own_grads = returned_tuple(
        submission.loss_and_gradients_numpy(*case.arguments),
        f"{what}: loss_and_gradients_numpy",
        ("loss", "gradients"),
    )
    own_loss = returned(own_loss, f"{what}: your td_loss", shape=())
    own_grads = array_list(own_grads, f"{what}: your gradients", shapes)
    result = submission.train_step_numpy(*case.arguments, lr)
    loss, new_online, new_target = returned_tuple(
        result, f"{what}: train_step_numpy", ("loss", "online_weights", "target_weights")
    )
    loss = returned(loss, f"{what}: the value train_step returned", shape=())
    new_online = array_list(new_online, f"{what}: online weights after the step", shapes)
    new_target = array_list(new_target, f"{what}: target weights after the step", shapes)
    for i, (new, old) in enumerate(zip(new_target, target, strict=True)):
        if not np.allclose(new, old, atol=1e-7):
            raise AssertionError(
                f"{what}: the TARGET network's weights changed during train_step (array {i}, "
                f"largest change {np.max(np.abs(new - old)):.3g}). A gradient step updates "
                "the online network only (online.trainable_variables); the target network "
                "changes only through the target update."
            )
    assert_close(
        loss,
        own_loss,
        f"{what}: the value returned by train_step",
        "train_step must return the loss computed by td_loss on this batch, before the step.",
        atol=1e-5,
        rtol=1e-5,
    )
    for i, (new, old, g) in enumerate(zip(new_online, online, own_grads, strict=True)):
        want = old.astype(np.float64) - lr * g
        assert_close(
            new,
            want,
            f"{what}: online weight array {i} after one SGD step (learning rate {lr})",
            "one step computes the loss under tf.GradientTape, takes tape.gradient(loss, "
            "online.trainable_variables) and calls optimizer.apply_gradients(zip(gradients, "
            "online.trainable_variables)) exactly once. (The expected step uses YOUR "
            "td_loss's gradient: this check tests the step, td_loss has its own checks.)",
            atol=1e-5,
            rtol=1e-4,
            known_mistakes={
                "the weights did not move": old,
                "the step went UP the gradient (gradient ascent)": old + lr * g,
            },
        )


@check
def train_step_public(submission, spec) -> None:
    dqn_case, double_case = cases.public_train_step_cases()
    check_train_step(submission, dqn_case, 0.1, "train_step (DQN, SGD)")
    check_train_step(submission, double_case, 0.05, "train_step (Double DQN, SGD)")


# -- target network updates ----------------------------------------------------------------
def check_polyak(submission, target: Weights, online: Weights, tau: float, want: list) -> None:
    what = f"polyak_update(target, online, tau={tau})"
    got = submission.polyak_update([w.copy() for w in target], [w.copy() for w in online], tau)
    got = array_list(got, what, [w.shape for w in target])
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        # tau weighing the target gives (1 - tau) * online + tau * target = target + online - w
        swapped = np.asarray(target[i], np.float64) + np.asarray(online[i], np.float64) - w
        assert_close(
            g,
            w,
            f"{what}, array {i}",
            HINT_POLYAK,
            atol=1e-5,
            rtol=1e-5,
            known_mistakes={
                "tau weighs the target instead of the online network: with tau = 1 the "
                "target network would never be synced": swapped,
            },
        )


@check
def polyak_update_public(submission, spec) -> None:
    # tau 1: the target becomes a copy of the online network (hard update);
    # tau 0.25: 0.75 * target + 0.25 * online, e.g. 0.75 * 4 + 0.25 * 0 = 3; tau 0: no change.
    target = [f32([[4.0, -2.0], [1.0, 0.0], [2.0, 2.0]]), f32([1.0, -1.0])]
    online = [f32([[0.0, 2.0], [-3.0, 1.0], [2.0, 6.0]]), f32([0.0, 3.0])]
    quarter = [np.array([[3.0, -1.0], [0.0, 0.25], [2.0, 3.0]]), np.array([0.75, 0.0])]
    for tau, want in ((1.0, online), (0.25, quarter), (0.0, target)):
        check_polyak(submission, target, online, tau, [np.asarray(w, np.float64) for w in want])
    # tau 0.005 on two 4-8-2 networks (inputs in cases.py, values in expected.py)
    big_target, big_online = cases.public_polyak_networks()
    want = [np.asarray(w) for w in expected.POLYAK_TAU_0_005]
    check_polyak(submission, big_target, big_online, 0.005, want)
