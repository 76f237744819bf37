"""Update and action-selection rules, checked numerically.

Public checks use small hand-computed cases (the numbers are in the comments);
hidden checks use random batches compared with the grader's oracle.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.bandits import oracle
from autograder.checks.common import as_array, assert_close

HINT_INCREMENTAL = (
    "NewEstimate = OldEstimate + StepSize * (Target - OldEstimate) (S&B eq. 2.4): the "
    "step size multiplies the error, not the target."
)
HINT_SAMPLE_AVERAGE = (
    "for sample averages the step size is 1/N(a) where N(a) already counts the reward "
    "just received, so the first reward of an arm replaces its estimate; only the chosen "
    "arm of each bandit changes, and its count grows by exactly one."
)
HINT_EPSILON = (
    "epsilon-greedy gives every arm epsilon/k, then splits 1 - epsilon equally among ALL "
    "arms tied for the maximum (random tie-breaking): rows must sum to 1."
)
HINT_UCB = (
    "UCB scores are Q(a) + c * sqrt(ln t / N(a)) with t the current step (not N(a)) inside "
    "the log, and +inf for untried arms (N(a) = 0), so each arm is tried once first."
)
HINT_GRADIENT = (
    "the gradient-bandit update (S&B eq. 2.12) is H += alpha * (R - baseline) * "
    "(onehot(A) - pi): the chosen arm moves by (1 - pi(A)), every other arm by -pi(a)."
)


def _rng(spec) -> np.random.Generator:
    return np.random.default_rng(spec.params.get("seed", 12345))


def _random_counts_and_values(rng, batch=64, k=10):
    Q = rng.normal(size=(batch, k))
    N = rng.integers(0, 20, size=(batch, k))
    Q[N == 0] = 0.0
    return Q, N.astype(np.int64)


def incremental_update_public(submission, spec) -> None:
    # 5 + 0.5 * (7 - 5) = 6
    got = as_array(submission.incremental_update(5.0, 7.0, 0.5), "incremental_update(5, 7, 0.5)")
    assert_close(
        got,
        6.0,
        "incremental_update(5, 7, 0.5)",
        HINT_INCREMENTAL,
        known_mistakes={"the step size multiplies the target instead of the error": 3.5 + 5.0},
    )
    # [0, 1, 2] + 0.1 * ([1, 1, 1] - [0, 1, 2]) = [0.1, 1.0, 1.9]
    got = submission.incremental_update(np.array([0.0, 1.0, 2.0]), np.ones(3), 0.1)
    got = as_array(got, "incremental_update on arrays", shape=(3,))
    assert_close(got, [0.1, 1.0, 1.9], "incremental_update on arrays", HINT_INCREMENTAL)


def _check_sample_average(submission, Q, N, actions, rewards, what):
    result = submission.sample_average_update(Q.copy(), N.copy(), actions, rewards)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise AssertionError(
            f"{what}: sample_average_update must return a tuple (Q_new, N_new); got "
            f"{type(result).__name__}. Return both the estimates and the counts."
        )
    want_Q, want_N = oracle.sample_average_update(Q, N, actions, rewards)
    got_N = as_array(result[1], f"{what}: N_new", shape=N.shape)
    got_Q = as_array(result[0], f"{what}: Q_new", shape=Q.shape)
    rows = np.arange(len(actions))
    n_plus_one = Q.copy()
    n_plus_one[rows, actions] += (rewards - Q[rows, actions]) / (want_N[rows, actions] + 1)
    stale_n = Q.copy()
    stale_n[rows, actions] += (rewards - Q[rows, actions]) / np.maximum(N[rows, actions], 1)
    assert_close(
        got_N,
        want_N,
        f"{what}: counts N_new",
        "the count of the chosen arm must grow by one (and only that arm's count).",
        known_mistakes={"the counts were not incremented": N},
    )
    assert_close(
        got_Q,
        want_Q,
        f"{what}: estimates Q_new",
        HINT_SAMPLE_AVERAGE,
        known_mistakes={
            "dividing by N + 1 instead of the updated count N": n_plus_one,
            "using the count from before this reward (1/N_old) as the step size": stale_n,
        },
    )


def sample_average_public(submission, spec) -> None:
    # bandit 0: arm 1 untried, reward 3 -> N = 1, Q = 0 + (3 - 0) / 1 = 3
    # bandit 1: arm 1 seen 4 times with Q = 2, reward 0 -> N = 5, Q = 2 + (0 - 2) / 5 = 1.6
    Q = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 0.5]])
    N = np.array([[0, 0, 0], [2, 4, 1]], dtype=np.int64)
    _check_sample_average(
        submission, Q, N, np.array([1, 1]), np.array([3.0, 0.0]), "two hand-computed bandits"
    )


def sample_average_hidden(submission, spec) -> None:
    rng = _rng(spec)
    for case in range(3):
        Q, N = _random_counts_and_values(rng)
        actions = rng.integers(0, Q.shape[1], size=len(Q))
        _check_sample_average(
            submission, Q, N, actions, rng.normal(size=len(Q)), f"random batch {case + 1}"
        )


def constant_step_public(submission, spec) -> None:
    # row 0: Q[2] = 3 + 0.5 * (5 - 3) = 4; row 1: Q[0] = 1 + 0.5 * (-1 - 1) = 0
    Q = np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
    got = submission.constant_step_update(Q.copy(), np.array([2, 0]), np.array([5.0, -1.0]), 0.5)
    got = as_array(got, "constant_step_update", shape=Q.shape)
    assert_close(
        got,
        [[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]],
        "constant_step_update with step size 0.5",
        "with a constant step size alpha, Q(A) += alpha * (R - Q(A)) for the chosen arm "
        "only (an exponential recency-weighted average, S&B eq. 2.5).",
    )


def _check_probs(probs, shape, what) -> np.ndarray:
    probs = as_array(probs, what, shape=shape)
    sums = probs.sum(axis=1)
    if np.any(probs < -1e-12) or not np.allclose(sums, 1.0, atol=1e-8):
        raise AssertionError(
            f"{what} is not a probability distribution per row: expected non-negative rows "
            f"summing to 1, got row sums {sums[:5]} (min entry {probs.min():.3g}). {HINT_EPSILON}"
        )
    return probs


def _check_epsilon_greedy(submission, Q, epsilon, what):
    got = _check_probs(submission.epsilon_greedy_probs(Q.copy(), epsilon), Q.shape, what)
    k = Q.shape[1]
    first_tie = np.full(Q.shape, epsilon / k)
    first_tie[np.arange(len(Q)), Q.argmax(axis=1)] += 1 - epsilon
    greedy = Q == Q.max(axis=1, keepdims=True)
    others_only = np.where(
        greedy,
        (1 - epsilon) / greedy.sum(1, keepdims=True),
        epsilon / np.maximum(k - greedy.sum(1, keepdims=True), 1),
    )
    assert_close(
        got,
        oracle.epsilon_greedy_probs(Q, epsilon),
        what,
        HINT_EPSILON,
        known_mistakes={
            "ties always go to the first maximal arm (np.argmax) instead of being shared": (
                first_tie
            ),
            "epsilon is spread over the non-greedy arms only; exploration picks among ALL "
            "k arms, the greedy ones included": others_only,
        },
    )


def epsilon_greedy_public(submission, spec) -> None:
    # row 0: eps 0.2, arms 1 and 3 tie -> 0.05 each + 0.8 / 2 on arms 1 and 3
    # row 1: all tied -> 0.25 each; row 2: one maximum; row 3: two untried (+inf) arms tie
    Q = np.array(
        [[1.0, 3.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0], [5.0, 1.0, 1.0, 1.0], [np.inf, 0, np.inf, 1]]
    )
    _check_epsilon_greedy(submission, Q, 0.2, "epsilon_greedy_probs(Q, 0.2)")
    _check_epsilon_greedy(submission, Q, 0.0, "epsilon_greedy_probs(Q, 0.0)")


def epsilon_greedy_hidden(submission, spec) -> None:
    rng = _rng(spec)
    for epsilon in (0.0, 0.01, 0.1, 0.5, 1.0):
        Q = rng.integers(0, 4, size=(200, 10)).astype(np.float64)  # many ties
        _check_epsilon_greedy(submission, Q, epsilon, f"epsilon_greedy_probs, epsilon={epsilon}")


def _check_ucb(submission, Q, N, t, c, what):
    got = submission.ucb_scores(Q.copy(), N.copy(), t, c)
    got = as_array(got, what, shape=Q.shape, finite=False)
    if np.any(np.isnan(got)):
        raise AssertionError(f"{what} contains NaN: {got}. {HINT_UCB}")
    want = oracle.ucb_scores(Q, N, t, c)
    with np.errstate(divide="ignore", invalid="ignore"):
        log_n = np.where(N == 0, np.inf, Q + c * np.sqrt(np.log(np.maximum(N, 1)) / N))
        n_plus_one = Q + c * np.sqrt(np.log(t) / (N + 1))
    assert_close(
        got,
        want,
        what,
        HINT_UCB,
        known_mistakes={
            "ln N(a) instead of ln t inside the square root": log_n,
            "N(a) + 1 in the denominator: untried arms must score +inf": n_plus_one,
        },
    )


def ucb_public(submission, spec) -> None:
    # t = 11, c = 2: arm 0: 1 + 2 sqrt(ln 11 / 2) = 2.0969; arm 1: 0.5 + 2 sqrt(ln 11 / 8)
    # = 1.2746; arm 2 untried: +inf
    Q = np.array([[1.0, 0.5, 2.0]])
    N = np.array([[2, 8, 0]], dtype=np.int64)
    _check_ucb(submission, Q, N, 11, 2.0, "ucb_scores(Q, N, t=11, c=2)")
    _check_ucb(submission, Q[:, :2], N[:, :2], 11, 2.0, "ucb_scores with every arm tried")


def ucb_hidden(submission, spec) -> None:
    rng = _rng(spec)
    for t, c in ((1, 2.0), (50, 0.5), (1000, 2.0)):
        Q, N = _random_counts_and_values(rng)
        _check_ucb(submission, Q, N, t, c, f"ucb_scores, t={t}, c={c}")


def softmax_public(submission, spec) -> None:
    # row 0: e^[1,2,3] / sum = [0.0900, 0.2447, 0.6652]; row 1: large preferences must
    # not overflow: [e, e, 1] / (2e + 1)
    H = np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 999.0]])
    got = as_array(submission.softmax(H.copy()), "softmax(H)", shape=H.shape)
    assert_close(
        got,
        oracle.softmax(H),
        "softmax(H)",
        "pi(a) = exp(H(a)) / sum_b exp(H(b)) per row; subtract the row maximum before exp "
        "so that large preferences do not overflow (the result is unchanged).",
    )


def _check_gradient(submission, H, actions, rewards, baseline, alpha, what):
    got = submission.gradient_bandit_update(H.copy(), actions, rewards, baseline, alpha)
    got = as_array(got, what, shape=H.shape)
    pi = oracle.softmax(H)
    rows = np.arange(len(actions))
    no_one_minus = H - alpha * (rewards - baseline)[:, None] * pi
    no_one_minus[rows, actions] = H[rows, actions] + alpha * (rewards - baseline)
    assert_close(
        got,
        oracle.gradient_bandit_update(H, actions, rewards, baseline, alpha),
        what,
        HINT_GRADIENT,
        known_mistakes={
            "the chosen arm moved by alpha * (R - baseline) without the (1 - pi(A)) factor": (
                no_one_minus
            ),
            "the baseline was ignored (R used instead of R - baseline)": (
                oracle.gradient_bandit_update(H, actions, rewards, 0 * baseline, alpha)
            ),
        },
    )


def gradient_bandit_public(submission, spec) -> None:
    # H = 0 (pi = 1/3 each), A = 1, R = 2, baseline 1, alpha 0.5:
    # H_new = 0.5 * (2 - 1) * ([0, 1, 0] - 1/3) = [-1/6, 1/3, -1/6]
    H = np.zeros((1, 3))
    _check_gradient(
        submission,
        H,
        np.array([1]),
        np.array([2.0]),
        np.array([1.0]),
        0.5,
        "gradient_bandit_update, hand-computed case",
    )


def gradient_bandit_hidden(submission, spec) -> None:
    rng = _rng(spec)
    for alpha in (0.1, 0.4):
        H = rng.normal(size=(64, 10))
        actions = rng.integers(0, 10, size=64)
        rewards = rng.normal(4.0, 1.0, size=64)
        baseline = rng.normal(4.0, 0.5, size=64)
        _check_gradient(
            submission,
            H,
            actions,
            rewards,
            baseline,
            alpha,
            f"gradient_bandit_update, random batch, alpha={alpha}",
        )
