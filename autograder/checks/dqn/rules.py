"""DQN building blocks, checked numerically.

The submission's TensorFlow code cannot cross the sandbox boundary, so the notebook
provides small numpy-in, numpy-out entry points (``q_network_weights``,
``q_values_numpy``, ``loss_and_gradients_numpy``, ``train_step_numpy``) that build the
student's networks from weights the grader chooses. Public checks use small
hand-computed cases (numbers in the comments); hidden checks use random cases compared
with the numpy oracle of ``oracle.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from autograder.checks.common import as_array, assert_close
from autograder.checks.dqn import oracle
from autograder.sandbox.errors import NotImplementedYet
from autograder.sandbox.submission import RemoteObject

TENSOR_TYPES = {"EagerTensor", "Tensor", "ResourceVariable", "Variable", "KerasVariable"}
FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")
FIELD_DTYPES = {
    "obs": "float32",
    "actions": "int64",
    "rewards": "float32",
    "next_obs": "float32",
    "terminated": "float32",
    "truncated": "float32",
}

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


# -- values from either side of the sandbox ------------------------------------------------
def _type_name(value: Any) -> str:
    if isinstance(value, RemoteObject):
        return value.type_name
    return type(value).__name__


def to_numpy(value: Any) -> Any:
    """TensorFlow tensors (local, or living in the sandbox) become numpy arrays."""
    if _type_name(value) in TENSOR_TYPES:
        return np.asarray(value.numpy())
    if isinstance(value, (np.floating, np.integer)):
        return np.asarray(value)
    return value


def method(obj: Any, name: str):
    """A method of an object the submission returned, ``NotImplementedError`` reported alike.

    Through the sandbox (a RemoteObject) the runner already turns it into "not implemented
    yet"; in a notebook (check_here) the object is the real one and raises it directly.
    """
    bound = getattr(obj, name)
    if isinstance(obj, RemoteObject):
        return bound

    def call(*args, **kwargs):
        try:
            return bound(*args, **kwargs)
        except NotImplementedError:
            raise NotImplementedYet(f"{type(obj).__name__}.{name}") from None

    return call


def _array(value, what, shape=None, kinds="fiu") -> np.ndarray:
    return as_array(to_numpy(value), what, shape=shape, kinds=kinds)


def _array_list(value, what, shapes) -> list[np.ndarray]:
    if not isinstance(value, (list, tuple)) or len(value) != len(shapes):
        raise AssertionError(
            f"{what} should be a list of {len(shapes)} arrays (one per weight array, in "
            f"get_weights() order: W1, b1, ..., W_out, b_out); got "
            f"{len(value) if isinstance(value, (list, tuple)) else _type_name(value)}."
        )
    return [
        _array(v, f"{what}[{i}]", shape=tuple(s))
        for i, (v, s) in enumerate(zip(value, shapes, strict=True))
    ]


def _rng(spec, salt: int = 0) -> np.random.Generator:
    return np.random.default_rng(spec.params.get("seed", 2015) + salt)


def _f32(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float32)


# -- replay buffer ---------------------------------------------------------------------
def _transition(i: int, obs_dim: int, n_actions: int = 2) -> dict:
    """Transition number i (1, 2, ...): its reward is i, so it can be recognized anywhere."""
    obs = np.array([i * (1 + k) * (-1) ** k for k in range(obs_dim)], dtype=np.float32)
    return {
        "obs": obs,
        "actions": i % n_actions,
        "rewards": float(i),
        "next_obs": obs + np.float32(0.5),
        "terminated": float(i % 3 == 0),
        "truncated": float(i % 4 == 0),
    }


def _add(buffer, i: int, obs_dim: int) -> None:
    t = _transition(i, obs_dim)
    method(buffer, "add")(
        t["obs"],
        t["actions"],
        t["rewards"],
        t["next_obs"],
        bool(t["terminated"]),
        bool(t["truncated"]),
    )


def _batch_dict(value, what: str, n: int, obs_dim: int) -> dict[str, np.ndarray]:
    if not isinstance(value, dict) or set(value) != set(FIELDS):
        got = sorted(value) if isinstance(value, dict) else _type_name(value)
        raise AssertionError(
            f"{what} should be a dict with keys {list(FIELDS)}; got {got}. Return the "
            "arrays of the chosen slots under these names."
        )
    out = {}
    for key in FIELDS:
        shape = (n, obs_dim) if key in ("obs", "next_obs") else (n,)
        arr = _array(value[key], f"{what}['{key}']", shape=shape)
        if arr.dtype != np.dtype(FIELD_DTYPES[key]):
            raise AssertionError(
                f"{what}['{key}'] has dtype {arr.dtype}; expected {FIELD_DTYPES[key]}, the "
                "dtype of the buffer's storage. Index the storage arrays (e.g. "
                "self.rewards[idx]) instead of building new arrays."
            )
        out[key] = arr
    return out


def _check_rows_are_transitions(batch: dict, what: str, stored: set[int], obs_dim: int) -> None:
    ids = batch["rewards"]
    bad = [float(r) for r in ids if r not in stored]
    if bad:
        raise AssertionError(
            f"{what}: found transitions that are not in the buffer (rewards {sorted(set(bad))[:6]}"
            f"; reward 0 is an empty slot); the buffer holds the transitions with rewards "
            f"{sorted(stored)}. Sample slot indices in [0, size), not [0, capacity), and keep "
            "only the most recent `capacity` transitions."
        )
    for key in FIELDS:
        want = np.array([_transition(int(i), obs_dim)[key] for i in ids])
        if not np.allclose(batch[key], want):
            row = int(np.argmax(np.any((batch[key] != want).reshape(len(ids), -1), axis=1)))
            raise AssertionError(
                f"{what}: the transition with reward {ids[row]:g} has {key} = {batch[key][row]}"
                f", but it was added with {key} = {want[row]}. Every field of a transition "
                "must be stored in, and read from, the same slot (one index per transition)."
            )


def _check_contents(buffer, what: str, expected_ids: list[int], obs_dim: int, hint: str):
    contents = method(buffer, "contents")()
    batch = _batch_dict(contents, f"{what}: buffer.contents()", len(expected_ids), obs_dim)
    held = sorted(int(r) for r in batch["rewards"])
    if held != sorted(expected_ids):
        raise AssertionError(
            f"{what}: the buffer should hold the transitions with rewards "
            f"{sorted(expected_ids)} (the {len(expected_ids)} most recent); it holds "
            f"{held}. Likely cause: {hint}"
        )
    _check_rows_are_transitions(batch, what, set(expected_ids), obs_dim)


HINT_WRAP = (
    "add() writes slot self.pos, then pos = (pos + 1) % capacity (the oldest transition is "
    "overwritten next) and size = min(size + 1, capacity)."
)


def replay_buffer_public(submission, spec) -> None:
    # capacity 3: after 2 adds it holds transitions 1, 2; after 5 adds it holds 3, 4, 5
    # (slot 0 <- 4, slot 1 <- 5, slot 2 keeps 3). A buffer that keeps overwriting slot 0
    # once full would hold 5, 2, 3.
    buffer = submission.ReplayBuffer(3, 2, 0)
    for i in (1, 2):
        _add(buffer, i, 2)
    _check_contents(buffer, "after 2 adds to a buffer of capacity 3", [1, 2], 2, HINT_WRAP)
    for i in (3, 4, 5):
        _add(buffer, i, 2)
    contents = method(buffer, "contents")()
    rewards = to_numpy(contents.get("rewards")) if isinstance(contents, dict) else None
    if isinstance(rewards, np.ndarray) and sorted(rewards.tolist()) == [2.0, 3.0, 5.0]:
        raise AssertionError(
            "after 5 adds to a buffer of capacity 3, the buffer should hold the transitions "
            "with rewards [3, 4, 5]; it holds [2, 3, 5]: once full, your buffer writes every "
            f"new transition to slot 0 instead of the oldest slot. {HINT_WRAP}"
        )
    _check_contents(buffer, "after 5 adds to a buffer of capacity 3", [3, 4, 5], 2, HINT_WRAP)
    batch = _batch_dict(method(buffer, "sample")(64), "buffer.sample(64)", 64, 2)
    _check_rows_are_transitions(batch, "buffer.sample(64)", {3, 4, 5}, 2)


def _check_uniform(batch: dict, stored: list[int], what: str) -> None:
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


def replay_buffer_hidden(submission, spec) -> None:
    buffer = submission.ReplayBuffer(10, 3, int(_rng(spec).integers(1000)))
    for i in range(1, 8):
        _add(buffer, i, 3)
    _check_contents(
        buffer, "after 7 adds to a buffer of capacity 10", list(range(1, 8)), 3, HINT_WRAP
    )
    sample = method(buffer, "sample")
    batch = _batch_dict(sample(3000), "sample(3000) from a buffer holding 7", 3000, 3)
    _check_rows_are_transitions(batch, "sample(3000) from a buffer holding 7", set(range(1, 8)), 3)
    _check_uniform(batch, list(range(1, 8)), "sample(3000) from a buffer holding 7")
    for i in range(8, 27):
        _add(buffer, i, 3)
    recent = list(range(17, 27))
    _check_contents(buffer, "after 26 adds to a buffer of capacity 10", recent, 3, HINT_WRAP)
    batch = _batch_dict(sample(4000), "sample(4000) after wrapping around", 4000, 3)
    _check_rows_are_transitions(batch, "sample(4000) after wrapping around", set(recent), 3)
    _check_uniform(batch, recent, "sample(4000) after wrapping around")
    _batch_dict(sample(1), "sample(1)", 1, 3)


# -- epsilon schedule -------------------------------------------------------------------
HINT_EPSILON = (
    "epsilon falls linearly from eps_start at step 0 to eps_end at step decay_steps, "
    "eps_start + min(step / decay_steps, 1) * (eps_end - eps_start), and stays at eps_end "
    "afterwards (never below it)."
)


def _check_epsilon(submission, step, start, end, decay):
    what = f"linear_epsilon(step={step}, eps_start={start}, eps_end={end}, decay_steps={decay})"
    got = _array(submission.linear_epsilon(step, start, end, decay), what, shape=())
    unclipped = start + step / decay * (end - start)
    assert_close(
        got,
        oracle.linear_epsilon(step, start, end, decay),
        what,
        HINT_EPSILON,
        atol=1e-9,
        known_mistakes={"the schedule keeps falling after decay_steps (no clipping)": unclipped},
    )


def epsilon_schedule_public(submission, spec) -> None:
    # 1 -> 0.05 over 1000 steps: step 250 -> 1 + 0.25 * (0.05 - 1) = 0.7625; step 4000 -> 0.05
    for step in (0, 250, 1000, 4000):
        _check_epsilon(submission, step, 1.0, 0.05, 1000)
    _check_epsilon(submission, 5, 0.5, 0.1, 10)  # 0.5 + 0.5 * (0.1 - 0.5) = 0.3


def epsilon_schedule_hidden(submission, spec) -> None:
    rng = _rng(spec, 1)
    for _ in range(6):
        start, end = float(rng.uniform(0.5, 1.0)), float(rng.uniform(0.0, 0.2))
        decay = int(rng.integers(100, 20_000))
        for step in (int(rng.integers(0, decay)), decay + int(rng.integers(1, 50_000))):
            _check_epsilon(submission, step, start, end, decay)


# -- Q-network ---------------------------------------------------------------------------
def _shapes(sizes: list[int]) -> list[tuple[int, ...]]:
    out: list[tuple[int, ...]] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=False):
        out += [(n_in, n_out), (n_out,)]
    return out


def _check_network(submission, sizes: list[int], rng, what: str) -> None:
    obs_dim, n_actions, hidden = sizes[0], sizes[-1], sizes[1:-1]
    call = f"make_q_network({obs_dim}, {n_actions}, {hidden})"
    shapes = _shapes(sizes)
    initial = submission.q_network_weights(obs_dim, n_actions, hidden, 0)
    if isinstance(initial, (list, tuple)) and len(initial) != len(shapes):
        raise AssertionError(
            f"{call}.get_weights() has {len(initial)} arrays; expected {len(shapes)} with "
            f"shapes {shapes}: one Dense layer (kernel and bias) per hidden size, then the "
            "output layer. Did you add an extra layer, drop one, or use use_bias=False?"
        )
    initial = _array_list(initial, f"{call}.get_weights()", shapes)
    for i in range(0, len(initial), 2):
        if np.ptp(initial[i]) == 0:
            raise AssertionError(
                f"{call}: the kernel of layer {i // 2 + 1} starts with every entry equal "
                f"({initial[i].flat[0]:g}). With equal initial weights every hidden unit computes "
                "the same thing and receives the same gradient, so they never become "
                "different. Keep Keras' default (random Glorot-uniform) initializer."
            )
    weights = oracle.random_mlp_weights(rng, sizes)
    obs = _f32(rng.normal(size=(16, obs_dim)) * 2.0)
    got = _array(
        submission.q_values_numpy(weights, obs), f"Q-values of {what}", shape=(16, n_actions)
    )
    want = oracle.q_values(weights, obs)
    linear = [np.asarray(w, np.float64) for w in weights]
    h = obs.astype(np.float64)
    for i in range(0, len(linear), 2):
        h = h @ linear[i] + linear[i + 1]
    tanh_net = obs.astype(np.float64)
    for i in range(0, len(linear), 2):
        tanh_net = tanh_net @ linear[i] + linear[i + 1]
        tanh_net = np.tanh(tanh_net) if i < len(linear) - 2 else tanh_net
    assert_close(
        got,
        want,
        f"Q-values of {what} with the grader's fixed weights",
        "the network is Dense(h, relu) for each hidden size, then a LINEAR Dense(n_actions): "
        "Q-values can be any real number, negative included.",
        atol=1e-4,
        rtol=1e-4,
        known_mistakes={
            "a ReLU on the output layer: Q-values can be negative, the last layer must be "
            "linear": np.maximum(want, 0.0),
            "no activation on the hidden layers: the network is then linear in the observation": h,
            "tanh instead of ReLU on the hidden layers": tanh_net,
        },
    )


def q_network_public(submission, spec) -> None:
    _check_network(submission, [4, 8, 8, 2], _rng(spec, 2), "a 4-8-8-2 network")


def q_network_hidden(submission, spec) -> None:
    rng = _rng(spec, 3)
    _check_network(submission, [3, 16, 5], rng, "a 3-16-5 network (one hidden layer)")
    _check_network(submission, [6, 5, 7, 9, 3], rng, "a 6-5-7-9-3 network (three hidden layers)")


# -- TD targets --------------------------------------------------------------------------
def _check_dqn_targets(submission, r, nq, term, trunc, gamma, what):
    got = submission.dqn_targets(_f32(r), _f32(nq), _f32(term), _f32(trunc), gamma)
    got = _array(got, what, shape=(len(r),))
    done = np.maximum(term, trunc)
    assert_close(
        got,
        oracle.dqn_targets(r, nq, term, trunc, gamma),
        what,
        HINT_TARGETS,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes={
            "bootstrapping from terminal states (the (1 - terminated) factor is missing)": (
                oracle.dqn_targets(r, nq, 0 * term, trunc, gamma)
            ),
            "truncated transitions are treated as terminal; a time limit is not a terminal "
            "state, so they must bootstrap": oracle.dqn_targets(r, nq, done, trunc, gamma),
            "mean over the next actions instead of max": r + gamma * (1 - term) * nq.mean(1),
        },
    )


def dqn_targets_public(submission, spec) -> None:
    # gamma 0.9: row 0: 1 + 0.9 * max(1, 2) = 2.8; row 1 terminated: 1;
    # row 2 truncated (bootstraps): 0.5 + 0.9 * 0.5 = 0.95; row 3: -1 + 0.9 * (-1) = -1.9
    r = np.array([1.0, 1.0, 0.5, -1.0])
    nq = np.array([[1.0, 2.0], [3.0, 0.0], [0.5, 0.25], [-2.0, -1.0]])
    _check_dqn_targets(
        submission,
        r,
        nq,
        np.array([0.0, 1, 0, 0]),
        np.array([0.0, 0, 1, 0]),
        0.9,
        "dqn_targets, hand-computed case (gamma 0.9)",
    )


def _random_targets_case(rng, batch=64, n_actions=3):
    r = rng.normal(size=batch)
    nq_online = rng.normal(size=(batch, n_actions)) * 3
    nq_target = rng.normal(size=(batch, n_actions)) * 3
    term = (rng.random(batch) < 0.3).astype(np.float64)
    trunc = ((rng.random(batch) < 0.3) & (term == 0)).astype(np.float64)
    return r, nq_online, nq_target, term, trunc


def dqn_targets_hidden(submission, spec) -> None:
    rng = _rng(spec, 4)
    for gamma in (0.99, 0.5):
        r, _, nq, term, trunc = _random_targets_case(rng)
        _check_dqn_targets(
            submission, r, nq, term, trunc, gamma, f"dqn_targets, random batch (gamma {gamma})"
        )


def _check_double(submission, r, nqo, nqt, term, trunc, gamma, what):
    got = submission.double_dqn_targets(
        _f32(r), _f32(nqo), _f32(nqt), _f32(term), _f32(trunc), gamma
    )
    got = _array(got, what, shape=(len(r),))
    rows = np.arange(len(r))
    done = np.maximum(term, trunc)
    assert_close(
        got,
        oracle.double_dqn_targets(r, nqo, nqt, term, trunc, gamma),
        what,
        HINT_DOUBLE,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes={
            "max over the target network's values (that is the DQN target, not Double DQN)": (
                oracle.dqn_targets(r, nqt, term, trunc, gamma)
            ),
            "the online network both selects and evaluates a* (max of Q_online)": (
                oracle.dqn_targets(r, nqo, term, trunc, gamma)
            ),
            "the roles are swapped: a* must come from the ONLINE network and its value from "
            "the TARGET network": r + gamma * (1 - term) * nqo[rows, nqt.argmax(1)],
            "bootstrapping from terminal states (the (1 - terminated) factor is missing)": (
                oracle.double_dqn_targets(r, nqo, nqt, 0 * term, trunc, gamma)
            ),
            "truncated transitions are treated as terminal; they must bootstrap": (
                oracle.double_dqn_targets(r, nqo, nqt, done, trunc, gamma)
            ),
        },
    )


def double_dqn_targets_public(submission, spec) -> None:
    # gamma 0.5; a* = argmax of the online row, valued by the target row:
    # row 0: a* = 1 -> 1 + 0.5 * 2 = 2; row 1 (truncated, bootstraps): a* = 0 -> 0 + 0.5 * 0.5
    # = 0.25; row 2 terminated: 2; row 3: a* = 1 -> 1 + 0.5 * 1 = 1.5.
    # (DQN's max over the target rows would give [6, 3.5, 2, 4].)
    r = np.array([1.0, 0.0, 2.0, 1.0])
    nqo = np.array([[1.0, 3.0], [2.0, 1.0], [0.0, 5.0], [4.0, 4.5]])
    nqt = np.array([[10.0, 2.0], [0.5, 7.0], [1.0, 3.0], [6.0, 1.0]])
    _check_double(
        submission,
        r,
        nqo,
        nqt,
        np.array([0.0, 0, 1, 0]),
        np.array([0.0, 1, 0, 0]),
        0.5,
        "double_dqn_targets, hand-computed case (gamma 0.5)",
    )


def double_dqn_targets_hidden(submission, spec) -> None:
    rng = _rng(spec, 5)
    for gamma in (0.99, 0.7):
        r, nqo, nqt, term, trunc = _random_targets_case(rng, n_actions=4)
        _check_double(
            submission,
            r,
            nqo,
            nqt,
            term,
            trunc,
            gamma,
            f"double_dqn_targets, random batch (gamma {gamma})",
        )


# -- Huber loss --------------------------------------------------------------------------
def _check_huber(submission, errors, delta, what):
    got = _array(submission.huber_loss(_f32(errors), delta), what, shape=errors.shape)
    a = np.abs(errors)
    assert_close(
        got,
        oracle.huber(errors, delta),
        what,
        HINT_HUBER,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes={
            "the squared error 0.5 * e^2 everywhere (MSE), not the Huber loss": 0.5 * errors**2,
            "e^2 without the factor 0.5 in the quadratic part": np.where(
                a <= delta, a**2, delta * (a - 0.5 * delta)
            ),
            "the linear part is delta * (|e| - 0.5), correct only for delta = 1: it must be "
            "delta * (|e| - 0.5 * delta) so that the two parts meet at |e| = delta": np.where(
                a <= delta, 0.5 * a**2, delta * (a - 0.5)
            ),
        },
    )


def huber_loss_public(submission, spec) -> None:
    # delta 1: e = [-3, -1, -0.5, 0, 0.5, 2] -> [2.5, 0.5, 0.125, 0, 0.125, 1.5]
    errors = np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 2.0])
    _check_huber(submission, errors, 1.0, "huber_loss(e, delta=1)")
    # delta 2: e = [-3, 1, 4] -> [2 * (3 - 1), 0.5, 2 * (4 - 1)] = [4, 0.5, 6]
    _check_huber(submission, np.array([-3.0, 1.0, 4.0]), 2.0, "huber_loss(e, delta=2)")


def huber_loss_hidden(submission, spec) -> None:
    rng = _rng(spec, 6)
    for delta in (1.0, 0.3, 5.0):
        _check_huber(submission, rng.normal(size=50) * 4, delta, f"huber_loss, delta={delta}")


# -- TD loss and its gradient -------------------------------------------------------------
def _batch(rng, n, obs_dim, n_actions, terminal_rows=(), truncated_rows=()) -> dict:
    term = np.zeros(n, np.float32)
    trunc = np.zeros(n, np.float32)
    term[list(terminal_rows)] = 1.0
    trunc[list(truncated_rows)] = 1.0
    return {
        "obs": _f32(rng.normal(size=(n, obs_dim))),
        "actions": rng.integers(0, n_actions, size=n).astype(np.int64),
        "rewards": _f32(rng.normal(1.0, 2.0, size=n)),
        "next_obs": _f32(rng.normal(size=(n, obs_dim))),
        "terminated": term,
        "truncated": trunc,
    }


def _loss_mistakes(online, target, batch, gamma, double, delta) -> dict[str, tuple]:
    """What common mistakes give: {diagnosis: (loss, gradients)}."""
    q = oracle.q_values(online, batch["obs"])
    greedy = dict(batch, actions=q.argmax(axis=1).astype(np.int64))
    done = np.maximum(batch["terminated"], batch["truncated"])
    cases = {
        "the next-state values come from the online network: use the TARGET network there": (
            online,
            None,
            batch,
            gamma,
            double,
            delta,
        ),
        "the squared error (MSE) instead of the Huber loss": (
            online,
            target,
            batch,
            gamma,
            double,
            np.inf,
        ),
        "Q(s, a) taken as the max over actions instead of the entry of the action taken": (
            online,
            target,
            greedy,
            gamma,
            double,
            delta,
        ),
        "bootstrapping from terminal states": (
            online,
            target,
            dict(batch, terminated=0 * batch["terminated"]),
            gamma,
            double,
            delta,
        ),
        "truncated transitions treated as terminal": (
            online,
            target,
            dict(batch, terminated=done),
            gamma,
            double,
            delta,
        ),
        (
            "the Double DQN target where the DQN target was asked"
            if not double
            else "the DQN target where the Double DQN target was asked (double=True)"
        ): (online, target, batch, gamma, not double, delta),
    }
    out = {}
    for diagnosis, args in cases.items():
        if diagnosis.startswith("the next-state") and target is None:
            continue
        loss, grads, _ = oracle.td_loss_and_gradients(*args)
        out[diagnosis] = (loss, grads)
    return out


def _check_td_loss(submission, online, target, batch, gamma, double, delta, what):
    shapes = [w.shape for w in online]
    result = submission.loss_and_gradients_numpy(online, target, batch, gamma, double, delta)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise AssertionError(f"{what}: loss_and_gradients_numpy must return (loss, gradients).")
    loss = _array(result[0], f"{what}: the loss", shape=())
    grads = _array_list(result[1], f"{what}: the gradients", shapes)
    want_loss, want_grads, errors = oracle.td_loss_and_gradients(
        online, target, batch, gamma, double, delta
    )
    mistakes = _loss_mistakes(online, target, batch, gamma, double, delta)
    n = len(batch["rewards"])
    assert_close(
        loss,
        want_loss,
        f"{what}: td_loss",
        HINT_LOSS,
        atol=1e-4,
        rtol=1e-4,
        known_mistakes={
            **{k: v[0] for k, v in mistakes.items()},
            "the SUM over the batch instead of the mean": want_loss * n,
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
            known_mistakes={k: v[1][i] for k, v in mistakes.items()},
        )
    del errors


def _loss_case(rng, sizes, n, terminal_rows=(), truncated_rows=(), same_network=False):
    online = oracle.random_mlp_weights(rng, sizes)
    target = None if same_network else oracle.random_mlp_weights(rng, sizes)
    batch = _batch(rng, n, sizes[0], sizes[-1], terminal_rows, truncated_rows)
    return online, target, batch


def td_loss_public(submission, spec) -> None:
    # A 4-8-8-2 online network and a different target network (fixed weights), 6
    # transitions: row 1 terminated, row 4 truncated; gamma 0.9, DQN target, delta 1. The
    # TD errors are spread on both sides of delta, so MSE and Huber differ.
    online, target, batch = _loss_case(_rng(spec, 7), [4, 8, 8, 2], 6, [1], [4])
    _check_td_loss(
        submission, online, target, batch, 0.9, False, 1.0, "td_loss (DQN, gamma 0.9, delta 1)"
    )


def td_loss_hidden(submission, spec) -> None:
    rng = _rng(spec, 8)
    online, target, batch = _loss_case(rng, [4, 16, 16, 2], 32, [0, 5, 9], [3, 12])
    _check_td_loss(
        submission,
        online,
        target,
        batch,
        0.99,
        True,
        1.0,
        "td_loss (Double DQN, gamma 0.99, delta 1)",
    )
    online, _, batch = _loss_case(rng, [3, 8, 3], 24, [2, 7], [4], same_network=True)
    _check_td_loss(
        submission,
        online,
        None,
        batch,
        0.9,
        False,
        2.0,
        "td_loss with the online network as its own target (DQN, delta 2)",
    )
    online, target, batch = _loss_case(rng, [5, 12, 4], 16, [1], [2, 3])
    _check_td_loss(
        submission,
        online,
        target,
        batch,
        0.8,
        True,
        0.5,
        "td_loss (Double DQN, gamma 0.8, delta 0.5)",
    )


# -- one gradient step --------------------------------------------------------------------
def _check_train_step(submission, online, target, batch, gamma, double, delta, lr, what):
    shapes = [w.shape for w in online]
    ref = submission.loss_and_gradients_numpy(online, target, batch, gamma, double, delta)
    own_loss = _array(ref[0], f"{what}: your td_loss", shape=())
    own_grads = _array_list(ref[1], f"{what}: your gradients", shapes)
    result = submission.train_step_numpy(online, target, batch, gamma, double, delta, lr)
    if not (isinstance(result, tuple) and len(result) == 3):
        raise AssertionError(f"{what}: train_step_numpy must return a tuple of 3 values.")
    loss = _array(result[0], f"{what}: the value train_step returned", shape=())
    new_online = _array_list(result[1], f"{what}: online weights after the step", shapes)
    new_target = _array_list(result[2], f"{what}: target weights after the step", shapes)
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


def train_step_public(submission, spec) -> None:
    rng = _rng(spec, 9)
    online, target, batch = _loss_case(rng, [4, 8, 8, 2], 8, [2], [5])
    _check_train_step(
        submission, online, target, batch, 0.9, False, 1.0, 0.1, "train_step (DQN, SGD)"
    )
    online, target, batch = _loss_case(rng, [3, 6, 3], 8, [0], [1])
    _check_train_step(
        submission, online, target, batch, 0.95, True, 1.0, 0.05, "train_step (Double DQN, SGD)"
    )


# -- target network updates ----------------------------------------------------------------
def polyak_update_public(submission, spec) -> None:
    # tau 1: the target becomes a copy of the online network (hard update);
    # tau 0.25: 0.75 * target + 0.25 * online, e.g. 0.75 * 4 + 0.25 * 0 = 3; tau 0: no change.
    rng = _rng(spec, 10)
    target = [_f32([[4.0, -2.0], [1.0, 0.0], [2.0, 2.0]]), _f32([1.0, -1.0])]
    online = [_f32([[0.0, 2.0], [-3.0, 1.0], [2.0, 6.0]]), _f32([0.0, 3.0])]
    cases = [(target, online, 1.0), (target, online, 0.25), (target, online, 0.0)]
    big_t = oracle.random_mlp_weights(rng, [4, 8, 2])
    big_o = oracle.random_mlp_weights(rng, [4, 8, 2])
    cases.append((big_t, big_o, 0.005))
    for t, o, tau in cases:
        what = f"polyak_update(target, online, tau={tau})"
        got = submission.polyak_update([w.copy() for w in t], [w.copy() for w in o], tau)
        got = _array_list(got, what, [w.shape for w in t])
        want = oracle.polyak_update(t, o, tau)
        swapped = oracle.polyak_update(o, t, tau)
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_close(
                g,
                w,
                f"{what}, array {i}",
                "theta_target <- (1 - tau) * theta_target + tau * theta_online: tau is the "
                "weight of the ONLINE network (tau = 1 copies it: the hard update).",
                atol=1e-5,
                rtol=1e-5,
                known_mistakes={
                    "tau weighs the target instead of the online network: with tau = 1 the "
                    "target network would never be synced": swapped[i],
                },
            )
