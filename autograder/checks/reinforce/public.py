"""Public checks of the REINFORCE assignment: hand-computed cases (arithmetic in comments).

Students get this file (GitHub Classroom starter), so it holds no solution: expected
values are literal numbers, and the helpers only compare and diagnose. hidden.py
reuses the helpers with random cases and the oracle's values.

TensorFlow values cannot cross the sandbox: a tensor the submission returns arrives
as a handle, and ``to_numpy`` asks it for ``.numpy()`` (one more round trip). Gradients
come from ``loss_and_grad`` and one optimizer step from ``train_step_linear``, two
provided (read-only) cells of the notebook that wrap the student's functions
around a linear softmax policy whose weights the grader chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.checks.common import (
    Case,
    assert_close,
    call_pure,
    check,
    returned,
    returned_tuple,
)
from autograder.checks.submitted import NotImplementedYet, has_method, type_name

HINT_NETWORK = (
    "policy_network(obs_dim, n_actions, hidden_sizes) returns a built keras.Model: "
    "keras.Input((obs_dim,)), one Dense(units, activation='tanh') per entry of "
    "hidden_sizes, then a linear Dense(n_actions) whose kernel starts small "
    "(RandomNormal(stddev=0.01)): it outputs LOGITS, the policy is their softmax."
)
HINT_LOG_PROB = (
    "log pi(a|s) = z_a - log sum_b exp(z_b): a log-softmax over the ACTIONS (the last "
    "axis), then the entry of the action taken in each row (tf.nn.log_softmax and "
    "tf.gather(..., batch_dims=1), or a one-hot mask). log(softmax(z)) underflows to "
    "-inf for large logit gaps."
)
HINT_RETURNS = (
    "G_t = r_t + gamma * G_{t+1}, computed BACKWARDS from the end of each episode, and "
    "restarted after every step with dones[t] True (G_t = r_t there): a return never "
    "includes a reward of the next episode. The end of the array ends the last episode."
)
HINT_ADVANTAGES = (
    "A_t = G_t - b(s_t) with b = 0 ('none'), the mean of the batch's returns ('mean') or "
    "batch['values'] ('value'); then, if normalize, (A - mean(A)) / (std(A) + 1e-8). A "
    "baseline may depend on the state, never on the action taken."
)
HINT_LOSS = (
    "L = -mean_t[log pi(a_t|s_t) * A_t] - entropy_coef * mean_t[H(pi(.|s_t))], with "
    "H = -sum_a pi(a) log pi(a): minimizing L ascends the policy gradient AND rewards "
    "entropy. Means over the batch, not sums."
)
HINT_STEP = (
    "train_step computes the loss of model(obs) under tf.GradientTape, takes its gradient "
    "with respect to model.trainable_variables and applies it with "
    "optimizer.apply_gradients(zip(grads, variables)) (the optimizer DEScends), then "
    "returns the loss computed before the step."
)


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """CS231n's gradient-check measure, on whole arrays: |a - b| / (|a| + |b|)."""
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


# -- helpers shared with hidden.py ----------------------------------------------------------
def check_log_probs(submission, logits, actions, expected, mistakes, what) -> None:
    got = submission.log_prob_of_actions(logits.copy(), actions.copy())
    got = returned(got, what, shape=actions.shape, finite=False)
    if not np.all(np.isfinite(got)):
        raise AssertionError(
            f"{what}: expected finite log-probabilities\n{np.asarray(expected)}\nbut got\n{got}"
            "\nLikely cause: log(softmax(z)) underflows to log(0) = -inf when one logit is "
            "much larger than another. Compute the log-probabilities directly: "
            "tf.nn.log_softmax(logits, axis=-1) (or z - tf.reduce_logsumexp(z, axis=-1, "
            "keepdims=True)), then take the entry of the action taken in each row."
        )
    assert_close(got, expected, what, HINT_LOG_PROB, atol=1e-4, rtol=1e-5, known_mistakes=mistakes)


def check_samples(submission, logits, groups, probs, seed, what) -> None:
    """Sampled frequencies per group of identical rows within 5 standard errors of probs."""
    submission.set_global_seeds(seed)
    actions, log_probs = returned_tuple(
        submission.sample_action(logits.copy()), what, ("actions", "log_probs")
    )
    n, k = logits.shape
    actions = returned(actions, f"{what}: actions", shape=(n,), kinds="iu")
    log_probs = returned(log_probs, f"{what}: log_probs", shape=(n,))
    if actions.min() < 0 or actions.max() >= k:
        raise AssertionError(
            f"{what}: expected actions in 0..{k - 1}; got values from {actions.min()} to "
            f"{actions.max()}. Sample an index over the last axis (the actions)."
        )
    assert_close(
        log_probs,
        np.log(probs[groups, actions]),
        f"{what}: log_probs of the sampled actions",
        "log_probs[i] must be log pi(actions[i] | s_i) for the action you SAMPLED in row i "
        "(compute it with log_prob_of_actions on the same logits).",
        atol=1e-4,
        rtol=1e-5,
    )
    for g in range(len(probs)):
        rows = groups == g
        counts = np.bincount(actions[rows], minlength=k)
        m = rows.sum()
        z = (counts - m * probs[g]) / np.sqrt(m * probs[g] * (1 - probs[g]) + 1e-12)
        if np.any(np.abs(z) > 5):
            raise AssertionError(
                f"{what}: {m} rows with logits {logits[rows][0]} should pick the actions "
                f"with probabilities softmax(logits) = {np.round(probs[g], 4)}, but the "
                f"frequencies were {np.round(counts / m, 4)} (more than 5 standard errors "
                "away). Sample from the softmax of the logits: tf.random.categorical(logits, "
                "1) takes LOGITS (not probabilities); argmax is the greedy action, not a sample."
            )


def check_returns(submission, rewards, dones, gamma, expected, mistakes, what) -> None:
    call = f"{what}: returns_to_go(rewards, dones, gamma)"
    got = call_pure(submission.returns_to_go, call, rewards, dones, gamma)
    got = returned(got, what, shape=rewards.shape)
    assert_close(got, expected, what, HINT_RETURNS, atol=1e-6, rtol=1e-6, known_mistakes=mistakes)


def check_advantages(
    submission, batch, returns, baseline, normalize, expected, mistakes, what
) -> np.ndarray:
    """``expected`` is a list of accepted answers (population and sample std)."""
    call = f"{what}: compute_advantages(batch, returns, baseline, normalize)"
    batch = {k: v.copy() for k, v in batch.items()}
    got = call_pure(submission.compute_advantages, call, batch, returns, baseline, normalize)
    got = returned(got, what, shape=returns.shape)
    for want in expected[1:]:
        if np.allclose(got, want, atol=1e-5, rtol=1e-5):
            return got
    assert_close(
        got, expected[0], what, HINT_ADVANTAGES, atol=1e-5, rtol=1e-5, known_mistakes=mistakes
    )
    return got


def check_loss_value(submission, logits, actions, adv, coef, expected, mistakes, what) -> None:
    got = submission.policy_loss(logits.copy(), actions.copy(), adv.copy(), coef)
    got = returned(got, what, shape=())
    assert_close(got, expected, what, HINT_LOSS, atol=1e-5, rtol=1e-5, known_mistakes=mistakes)


def check_gradient(submission, W, obs, actions, adv, coef, loss, grad, mistakes, what) -> None:
    """A gradient check in the style of CS231n: relative error below 1e-4."""
    check_loss_value(submission, obs @ W, actions, adv, coef, loss, {}, f"{what}: loss value")
    got_loss, got_grad = returned_tuple(
        submission.loss_and_grad(W.copy(), obs.copy(), actions.copy(), adv.copy(), coef),
        f"{what}: loss_and_grad",
        ("loss", "dL_dW"),
    )
    got_grad = returned(got_grad, f"{what}: dL/dW", shape=W.shape)
    err = relative_error(got_grad, np.asarray(grad))
    if err < 1e-4:
        return
    diagnosis = HINT_LOSS
    for name, wrong in mistakes.items():
        if relative_error(got_grad, np.asarray(wrong)) < 1e-4:
            diagnosis = f"{name} (your gradient matches exactly what that mistake gives)."
            break
    raise AssertionError(
        f"{what}: the gradient of your policy_loss with respect to the weights W of a "
        f"linear softmax policy (logits = obs @ W) should be the policy gradient\n"
        f"{np.asarray(grad)}\nbut it is\n{got_grad}\n(relative error {err:.2g}; a correct "
        f"loss gives below 1e-4).\nLikely cause: {diagnosis}"
    )


def check_train_step(submission, W, obs, actions, adv, coef, lr, loss, W_new, what) -> None:
    try:
        result = submission.train_step_linear(
            W.copy(), obs.copy(), actions.copy(), adv.copy(), coef, lr
        )
    except NotImplementedYet:
        # inside tf.function the traceback cannot say which TODO raised: policy_loss (and
        # what it calls) is probed first, otherwise it is train_step itself
        submission.policy_loss(LOSS_LOGITS, LOSS_ACTIONS, LOSS_ADV, 0.0)
        raise NotImplementedYet("train_step") from None
    got_loss, got = returned_tuple(result, f"{what}: train_step_linear", ("loss", "W_new"))
    got_loss = returned(got_loss, f"{what}: the loss returned by train_step", shape=())
    got = returned(got, f"{what}: the weights after one step", shape=W.shape)
    assert_close(
        got,
        W_new,
        f"{what}: W after one SGD step (learning rate {lr})",
        HINT_STEP,
        atol=1e-5,
        rtol=1e-5,
        known_mistakes={
            "the step went UP the loss (gradient ascent on L): apply the gradients "
            "themselves; the optimizer subtracts them": 2 * W - np.asarray(W_new),
            "the weights did not change: apply the gradients to model.trainable_variables "
            "with optimizer.apply_gradients": W,
        },
    )
    assert_close(got_loss, loss, f"{what}: returned loss", HINT_STEP, atol=1e-5, rtol=1e-5)


def check_not_affine(model: Any, what: str, obs_dim: int, n_actions: int, rng) -> None:
    """With random weights of the grader's, an affine network (no hidden activation) adds
    what two states contribute, f(x + y) - f(0) = (f(x) - f(0)) + (f(y) - f(0)); a tanh
    (or ReLU) layer does not. The fresh weights cannot show it: a zero output kernel is
    allowed and makes every network constant."""
    weights = [rng.normal(0.0, 0.5, size=np.shape(w)) for w in model.get_weights()]
    model.set_weights([w.astype(np.float32) for w in weights])
    x, y = 2 * rng.normal(size=(16, obs_dim)), 2 * rng.normal(size=(16, obs_dim))
    obs = np.vstack([np.zeros((1, obs_dim)), x, y, x + y]).astype(np.float32)
    out = returned(model.predict(obs, verbose=0), f"{what}: model(obs)", shape=(49, n_actions))
    f0, fx, fy, fxy = out[:1], out[1:17], out[17:33], out[33:]
    residual = float(np.abs(fxy - fx - fy + f0).max())
    scale = float(np.abs(fx - f0).max() + np.abs(fy - f0).max())
    if residual <= 1e-3 * scale:
        raise AssertionError(
            f"{what}: expected a network that is non-linear in the state, but with random "
            "weights its logits are an affine function of it: f(x + y) - f(0) equals "
            f"(f(x) - f(0)) + (f(y) - f(0)) to within {residual:.1e} (the contributions "
            f"are {scale:.1e}). Likely cause: no activation on the hidden layers "
            "(Dense(units) is linear by default), so the hidden layers collapse into one "
            "linear map and the policy can only separate states by a hyperplane. Give each "
            "hidden Dense activation='tanh'; only the output layer stays linear."
        )


# -- the public checks ----------------------------------------------------------------------
@check
def policy_network_public(submission, spec) -> None:
    rng = np.random.default_rng(0)
    submission.set_global_seeds(0)
    for obs_dim, n_actions, hidden in ((4, 2, (32,)), (6, 3, (16, 16))):
        what = f"policy_network({obs_dim}, {n_actions}, {hidden})"
        # a Dense layer from m to n units has m * n weights and n biases: 226 and 435 here
        sizes = (obs_dim, *hidden, n_actions)
        n_params = sum((m + 1) * n for m, n in zip(sizes[:-1], sizes[1:], strict=False))
        model = submission.policy_network(obs_dim, n_actions, hidden)
        if not has_method(model, "count_params"):
            raise AssertionError(f"{what} should return a keras.Model; got {type_name(model)}.")
        count = model.count_params()
        if count != n_params:
            raise AssertionError(
                f"{what} should have {n_params} parameters (weights and biases of each "
                f"Dense layer); yours has {count}. {HINT_NETWORK}"
            )
        # 64 random states, then the all-zero state (one predict call: each is a round trip)
        obs = np.vstack([rng.normal(size=(64, obs_dim)), np.zeros((1, obs_dim))])
        out = model.predict(obs.astype(np.float32), verbose=0)
        out = returned(out, f"{what}: model(obs)", shape=(65, n_actions))
        logits, at_zero = out[:64], out[64:]
        if np.all(logits >= 0) and np.allclose(logits.sum(axis=1), 1.0, atol=1e-5):
            raise AssertionError(
                f"{what}: expected logits (any real numbers), but every output row is a "
                "probability distribution: remove the softmax from the last layer. The "
                "policy applies softmax itself (in log_softmax and tf.random.categorical)."
            )
        # what the state adds to the logits: biases (Keras's zeros, PyTorch's small uniform
        # ones, any constant) cancel, so only the output kernel's scale is judged
        moved = logits - at_zero
        spread = float((moved.max(axis=1) - moved.min(axis=1)).max())
        if spread > 0.5:
            raise AssertionError(
                f"{what}: expected a freshly built policy whose logits hardly depend on the "
                f"state (what the state adds to the logits within 0.5 across actions, so the "
                f"policy starts close to uniform), but that gap reaches {spread:.2f}. "
                "Initialize the output layer's kernel with small weights, e.g. "
                "kernel_initializer=keras.initializers.RandomNormal(stddev=0.01): a policy "
                "that starts nearly deterministic stops exploring, and its log-probability "
                "gradients vanish."
            )
        check_not_affine(model, what, obs_dim, n_actions, rng)


LOG_PROB_CASE = Case(
    # row 0: uniform over 3, action 2 -> log(1/3) = -1.098612; row 1: pi = [.5, .25, .25],
    # action 0 -> log .5 = -0.693147; row 2: 999 - logsumexp(1000, 999, 990) = -1.313295;
    # row 3: -100 - logsumexp(-100, 100, 0) = -200 (log(softmax) gives log(0) = -inf)
    "log_prob_of_actions",
    (
        np.array(
            [[0, 0, 0], [np.log(2), 0, 0], [1000, 999, 990], [-100, 100, 0]], dtype=np.float32
        ),
        np.array([2, 0, 1, 0], dtype=np.int32),
    ),
    [-1.0986122886681098, -0.6931471796076182, -1.3132948769755688, -200.0],
    "log_prob_of_actions, 4 hand-computed rows",
)


@check
def log_prob_public(submission, spec) -> None:
    check_log_probs(
        submission,
        *LOG_PROB_CASE.args,
        LOG_PROB_CASE.want,
        {
            "the log-probability of the GREEDY action (a max over the actions) instead of "
            "the action taken": [-1.0986122886681098, -0.6931471796076182, -0.31329488, 0.0],
            "softmax normalized over the BATCH axis (axis 0) instead of the actions (axis -1)": [
                -990.0,
                -999.3068528175354,
                0.0,
                -1100.0,
            ],
            "probabilities instead of log-probabilities": [1 / 3, 0.5, 0.26893249549828524, 0.0],
        },
        LOG_PROB_CASE.what,
    )


# 3 groups of 3000 identical rows; softmax([2, 0, -1]) = [0.8438, 0.1142, 0.0420],
# softmax([-3, 1, 0.5]) = [0.0113, 0.6154, 0.3733]
SAMPLE_LOGITS = np.array([[0, 0, 0], [2, 0, -1], [-3, 1, 0.5]], dtype=np.float32)
SAMPLE_PROBS = np.array(
    [
        [1 / 3, 1 / 3, 1 / 3],
        [0.8437947344813395, 0.11419519938459448, 0.04201006613406605],
        [0.01127222858217413, 0.61544282733744, 0.37328494408038587],
    ]
)


@check
def sample_action_public(submission, spec) -> None:
    groups = np.repeat(np.arange(3), 3000)
    check_samples(
        submission, SAMPLE_LOGITS[groups], groups, SAMPLE_PROBS, 2024, "sample_action(logits)"
    )


RETURNS_CASES = (
    # episodes [1, 2] and [3, 4, 5], gamma 0.5: G = [1 + .5*2, 2, 3 + .5*4 + .25*5, 4 + .5*5, 5]
    Case(
        "returns_to_go",
        (np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([False, True, False, False, True]), 0.5),
        [2.0, 2.0, 6.25, 6.5, 5.0],
        "returns_to_go([1, 2, 3, 4, 5], dones=[F, T, F, F, T], gamma=0.5)",
    ),
    # the last episode is cut by the end of the batch: [0.81, 0.9, 1] and [1.9, 1]
    Case(
        "returns_to_go",
        (np.array([0.0, 0.0, 1.0, 1.0, 1.0]), np.array([False, False, True, False, False]), 0.9),
        [0.81, 0.9, 1.0, 1.9, 1.0],
        "returns_to_go([0, 0, 1, 1, 1], dones=[F, F, T, F, F], gamma=0.9)",
    ),
)


@check
def returns_public(submission, spec) -> None:
    episodes, cut = RETURNS_CASES
    check_returns(
        submission,
        *episodes.args,
        episodes.want,
        {
            "returns accumulated FORWARDS (from the start of the episode up to t) instead "
            "of from t to the end": [1.0, 2.5, 3.0, 5.5, 7.75],
            "returns leak across the episode boundary (dones ignored)": [
                3.5625,
                5.125,
                6.25,
                6.5,
                5.0,
            ],
            "no discount (gamma ignored)": [3.0, 2.0, 12.0, 9.0, 5.0],
        },
        episodes.what,
    )
    check_returns(
        submission,
        *cut.args,
        cut.want,
        {
            "returns leak across the episode boundary (dones ignored)": [
                2.1951,
                2.439,
                2.71,
                1.9,
                1.0,
            ],
            "no discount (gamma ignored)": [1.0, 1.0, 1.0, 2.0, 1.0],
        },
        cut.what,
    )
    # gamma = 0: the return is the immediate reward
    rewards, dones, _ = episodes.args
    check_returns(submission, rewards, dones, 0.0, rewards, {}, "returns_to_go(..., gamma=0)")


# G = [3, 1, 2, 6], actions [0, 1, 1, 0], V = [2.5, 1.5, 1, 4]; mean(G) = 3
ADV_BATCH = {
    "obs": np.zeros((4, 4), dtype=np.float32),
    "actions": np.array([0, 1, 1, 0], dtype=np.int32),
    "rewards": np.ones(4),
    "dones": np.array([False, True, False, True]),
    "values": np.array([2.5, 1.5, 1.0, 4.0], dtype=np.float32),
}
ADV_RETURNS = np.array([3.0, 1.0, 2.0, 6.0])
PER_ACTION = "a baseline that depends on the action (mean return of each action)"


@dataclass(frozen=True)
class AdvantageCase:
    """One compute_advantages case on ADV_BATCH and ADV_RETURNS."""

    baseline: str
    normalize: bool
    accepted: list  # the accepted answers: population std first, then sample std
    mistakes: dict = field(default_factory=dict)  # diagnosis -> the value that mistake gives


ADV_CASES = [
    AdvantageCase("none", False, [[3.0, 1.0, 2.0, 6.0]]),
    AdvantageCase("mean", False, [[0.0, -2.0, -1.0, 3.0]], {PER_ACTION: [-1.5, -0.5, 0.5, 1.5]}),
    AdvantageCase("value", False, [[0.5, -0.5, 1.0, 2.0]]),
    # (G - 3) / std: std of [0, -2, -1, 3] = sqrt(3.5) = 1.870829 (or sqrt(14/3))
    AdvantageCase(
        "mean",
        True,
        [
            [0.0, -1.0690449619354119, -0.5345224809677059, 1.603567442903118],
            [0.0, -0.9258200954868372, -0.4629100477434186, 1.3887301432302557],
        ],
        {
            PER_ACTION: [
                -1.341640774499874,
                -0.447213591499958,
                0.447213591499958,
                1.341640774499874,
            ]
        },
    ),
    # G - V = [.5, -.5, 1, 2], centred [-.25, -1.25, .25, 1.25] / sqrt(0.8125)
    AdvantageCase(
        "value",
        True,
        [
            [-0.2773500950356915, -1.3867504751784576, 0.2773500950356915, 1.3867504751784576],
            [
                -0.24019222839993845,
                -1.2009611419996922,
                0.24019222839993845,
                1.2009611419996922,
            ],
        ],
        {
            "not normalized": [0.5, -0.5, 1.0, 2.0],
            "divided by the std without subtracting the mean first": [
                0.5547001898,
                -0.5547001898,
                1.1094003797,
                2.2188007594,
            ],
        },
    ),
]


@check
def advantages_public(submission, spec) -> None:
    for case in ADV_CASES:
        check_advantages(
            submission,
            ADV_BATCH,
            ADV_RETURNS,
            case.baseline,
            case.normalize,
            case.accepted,
            case.mistakes,
            f"compute_advantages(baseline={case.baseline!r}, normalize={case.normalize})",
        )


# pi = [.5, .5] and [.75, .25]; actions [0, 1]; A = [1, -2]:
# L = -(log .5 * 1 + log .25 * -2) / 2 = -1.039721; H = [ln 2, 0.562335], mean 0.627741
LOSS_LOGITS = np.array([[0.0, 0.0], [np.log(3), 0.0]], dtype=np.float32)
LOSS_ACTIONS = np.array([0, 1], dtype=np.int32)
LOSS_ADV = np.array([1.0, -2.0], dtype=np.float32)


LOSS = {0.0: -1.0397207857154838, 0.1: -1.1024949017701404}
LOSS_ENTROPY_SIGN = -0.9769466696608271  # with + 0.1 * H


@check
def policy_loss_public(submission, spec) -> None:
    sign = "the sign is flipped: this loss DEScends the policy gradient (minimize -J, not J)"
    check_loss_value(
        submission,
        LOSS_LOGITS,
        LOSS_ACTIONS,
        LOSS_ADV,
        0.0,
        LOSS[0.0],
        {sign: -LOSS[0.0], "a sum over the batch instead of a mean": 2 * LOSS[0.0]},
        "policy_loss(logits, actions, advantages, entropy_coef=0)",
    )
    check_loss_value(
        submission,
        LOSS_LOGITS,
        LOSS_ACTIONS,
        LOSS_ADV,
        0.1,
        LOSS[0.1],
        {
            "the entropy term has the wrong sign: the loss must SUBTRACT entropy_coef * H "
            "so that minimizing it keeps the policy stochastic": LOSS_ENTROPY_SIGN,
            "entropy_coef was ignored": LOSS[0.0],
            sign: -LOSS_ENTROPY_SIGN,
        },
        "policy_loss(logits, actions, advantages, entropy_coef=0.1)",
    )


# a linear softmax policy, logits = obs @ W, 4 states, 3 actions
LIN_W = np.array([[0.1, -0.2, 0.05], [0.0, 0.3, -0.1], [-0.1, 0.05, 0.2]], dtype=np.float32)
LIN_OBS = np.array([[1, 0, 2], [0.5, -1, 0], [0, 1, 1], [-1, 2, 0.5]], dtype=np.float32)
LIN_ACTIONS = np.array([0, 1, 2, 0], dtype=np.int32)
LIN_ADV = np.array([1.0, -0.5, 2.0, 0.5], dtype=np.float32)
# dL/dW = obs^T [-(A/B) (onehot(a) - pi) + (c/B) pi (log pi + H)]
LIN_GRAD = {
    0.0: [
        [-0.107925162853, 0.043540079019, 0.064385083833],
        [-0.018282178352, 0.253768202198, -0.235486023846],
        [-0.283195017054, 0.376473386229, -0.093278369175],
    ],
    0.1: [
        [-0.106298628027, 0.03475774714, 0.071540880887],
        [-0.026608911515, 0.269975007711, -0.243366096195],
        [-0.289762258381, 0.378102683613, -0.088340425232],
    ],
}
LIN_LOSS = {0.0: 0.9064825959269407, 0.1: 0.8014881344374875}
LIN_GRAD_ENTROPY_SIGN = [  # the gradient with + entropy_coef * H
    [-0.109551697678, 0.052322410899, 0.05722928678],
    [-0.009955445189, 0.237561396686, -0.227605951497],
    [-0.276627775727, 0.374844088845, -0.098216313118],
]


def linear_mistakes(grad, grad_entropy_sign=None, batch=4) -> dict:
    grad = np.asarray(grad)
    mistakes = {
        "the sign is flipped: your loss increases along the policy gradient": -grad,
        "a sum over the batch instead of a mean": batch * grad,
    }
    if grad_entropy_sign is not None:
        mistakes["the entropy term has the wrong sign"] = grad_entropy_sign
    return mistakes


@check
def policy_gradient_public(submission, spec) -> None:
    for coef in (0.0, 0.1):
        check_gradient(
            submission,
            LIN_W,
            LIN_OBS,
            LIN_ACTIONS,
            LIN_ADV,
            coef,
            LIN_LOSS[coef],
            LIN_GRAD[coef],
            linear_mistakes(LIN_GRAD[coef], LIN_GRAD_ENTROPY_SIGN if coef else None),
            f"gradient check, linear softmax policy, entropy_coef={coef}",
        )


# W_new = W - 0.5 * dL/dW (plain SGD, learning rate 0.5)
LIN_STEP = {
    0.0: [
        [0.153962582917, -0.22177004249, 0.017807458828],
        [0.009141089176, 0.173115910822, 0.017743010433],
        [0.041597507037, -0.138236692369, 0.246639187568],
    ],
    0.1: [
        [0.153149315504, -0.21737887655, 0.014229560301],
        [0.013304455758, 0.165012508066, 0.021683046608],
        [0.0448811277, -0.139051341062, 0.244170215596],
    ],
}


@check
def train_step_public(submission, spec) -> None:
    for coef, W_new in LIN_STEP.items():
        check_train_step(
            submission,
            LIN_W,
            LIN_OBS,
            LIN_ACTIONS,
            LIN_ADV,
            coef,
            0.5,
            LIN_LOSS[coef],
            np.asarray(W_new),
            f"train_step, entropy_coef={coef}",
        )
