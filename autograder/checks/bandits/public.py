"""Public checks: hand-computed cases (the arithmetic is in the comments).

Students get this file (GitHub Classroom starter), so it holds no solution: the
expected values are literal numbers, and the helpers below only compare and
diagnose. The hidden checks (hidden.py) reuse the helpers with random cases.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import Case, assert_close, call_pure, check, returned, returned_tuple

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
HINT_UCB_NAN = (
    "NaN is what 0 / 0 gives: at the first step t = 1, ln 1 = 0 and an untried arm has "
    "N(a) = 0, so ln(t) / N(a) = 0 / 0. S&B 2.7: an arm with N(a) = 0 is a maximizing "
    "action, so give it +inf before (or instead of) dividing, e.g. "
    "np.where(N == 0, np.inf, ...) computed under np.errstate(divide='ignore', "
    "invalid='ignore')."
)
HINT_GRADIENT = (
    "the gradient-bandit update (S&B eq. 2.12) is H += alpha * (R - baseline) * "
    "(onehot(A) - pi): the chosen arm moves by (1 - pi(A)), every other arm by -pi(a)."
)


def check_sample_average(submission, Q, N, actions, rewards, want_Q, want_N, what):
    call = f"{what}: sample_average_update(Q, N, actions, rewards)"
    result = call_pure(submission.sample_average_update, call, Q, N, actions, rewards)
    got_Q, got_N = returned_tuple(result, call, ("Q_new", "N_new"))
    got_N = returned(got_N, f"{what}: N_new", shape=N.shape)
    got_Q = returned(got_Q, f"{what}: Q_new", shape=Q.shape)
    chosen = (np.arange(len(actions)), actions)
    err = rewards - Q[chosen]
    n_plus_one, stale_n = Q.astype(float), Q.astype(float)
    n_plus_one[chosen] += err / (N[chosen] + 2)
    stale_n[chosen] += err / np.maximum(N[chosen], 1)
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


def check_epsilon_greedy(submission, Q, epsilon, expected, what):
    call = f"{what}: epsilon_greedy_probs(Q, epsilon)"
    got = call_pure(submission.epsilon_greedy_probs, call, Q, epsilon)
    got = returned(got, what, shape=Q.shape)
    sums = got.sum(axis=1)
    if np.any(got < -1e-12) or not np.allclose(sums, 1.0, atol=1e-8):
        raise AssertionError(
            f"{what} is not a probability distribution per row: expected non-negative rows "
            f"summing to 1, got row sums {sums[:5]} (min entry {got.min():.3g}). {HINT_EPSILON}"
        )
    n_arms = Q.shape[1]
    first_tie = np.full(Q.shape, epsilon / n_arms)
    first_tie[np.arange(len(Q)), Q.argmax(axis=1)] += 1 - epsilon
    greedy = Q == Q.max(axis=1, keepdims=True)
    n_greedy = greedy.sum(1, keepdims=True)
    others_only = np.where(
        greedy, (1 - epsilon) / n_greedy, epsilon / np.maximum(n_arms - n_greedy, 1)
    )
    assert_close(
        got,
        expected,
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


def check_ucb(submission, Q, N, t, c, expected, what):
    got = call_pure(submission.ucb_scores, f"{what}: ucb_scores(Q, N, t, c)", Q, N, t, c)
    got = returned(got, what, shape=Q.shape, finite=False)
    if np.any(np.isnan(got)):
        where = tuple(int(i) for i in np.argwhere(np.isnan(got))[0])
        raise AssertionError(
            f"{what} contains NaN: expected\n{np.asarray(expected)}\nbut got\n{got}\n(first "
            f"NaN at index {where}, where N = {N[where]} and t = {t}). {HINT_UCB_NAN}"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        log_n = np.where(N == 0, np.inf, Q + c * np.sqrt(np.log(np.maximum(N, 1)) / N))
        n_plus_one = Q + c * np.sqrt(np.log(t) / (N + 1))
    assert_close(
        got,
        expected,
        what,
        HINT_UCB,
        known_mistakes={
            "ln N(a) instead of ln t inside the square root": log_n,
            "N(a) + 1 in the denominator: untried arms must score +inf": n_plus_one,
        },
    )


def check_gradient(submission, H, actions, rewards, baseline, alpha, pi, expected, what):
    """``pi`` is the policy for H (given, so that this file needs no softmax of its own)."""
    call = f"{what}: gradient_bandit_update(H, actions, rewards, baseline, alpha)"
    got = call_pure(submission.gradient_bandit_update, call, H, actions, rewards, baseline, alpha)
    got = returned(got, what, shape=H.shape)
    chosen = (np.arange(len(actions)), actions)
    onehot = np.zeros_like(H)
    onehot[chosen] = 1.0
    no_one_minus = H - alpha * (rewards - baseline)[:, None] * pi
    no_one_minus[chosen] = H[chosen] + alpha * (rewards - baseline)
    assert_close(
        got,
        expected,
        what,
        HINT_GRADIENT,
        known_mistakes={
            "the chosen arm moved by alpha * (R - baseline) without the (1 - pi(A)) factor": (
                no_one_minus
            ),
            "the baseline was ignored (R used instead of R - baseline)": (
                H + alpha * rewards[:, None] * (onehot - pi)
            ),
            "the update has the wrong sign: it is gradient *descent*, so arms that did better "
            "than the baseline become less likely (on the testbed such an agent picks the best "
            "arm less often than random choice would). (2.12) is gradient ascent: H + alpha * "
            "(R - baseline) * (onehot(A) - pi)": (
                H - alpha * (rewards - baseline)[:, None] * (onehot - pi)
            ),
        },
    )


# -- the public cases: inputs and the hand-computed answers --------------------------------
INCREMENTAL_CASES = (
    # 5 + 0.5 * (7 - 5) = 6
    Case("incremental_update", (5.0, 7.0, 0.5), 6.0, "incremental_update(5, 7, 0.5)"),
    # [0, 1, 2] + 0.1 * ([1, 1, 1] - [0, 1, 2]) = [0.1, 1.0, 1.9]
    Case(
        "incremental_update",
        (np.array([0.0, 1.0, 2.0]), np.ones(3), 0.1),
        [0.1, 1.0, 1.9],
        "incremental_update on arrays",
    ),
)

SAMPLE_AVERAGE_CASE = Case(
    # bandit 0: arm 1 untried, reward 3 -> N = 1, Q = 0 + (3 - 0) / 1 = 3
    # bandit 1: arm 1 seen 4 times with Q = 2, reward 0 -> N = 5, Q = 2 + (0 - 2) / 5 = 1.6
    "sample_average_update",
    (
        np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 0.5]]),
        np.array([[0, 0, 0], [2, 4, 1]], dtype=np.int64),
        np.array([1, 1]),
        np.array([3.0, 0.0]),
    ),
    (np.array([[0.0, 3.0, 0.0], [1.0, 1.6, 0.5]]), np.array([[0, 1, 0], [2, 5, 1]])),
    "two hand-computed bandits",
)

CONSTANT_STEP_CASE = Case(
    # row 0: Q[2] = 3 + 0.5 * (5 - 3) = 4; row 1: Q[0] = 1 + 0.5 * (-1 - 1) = 0
    "constant_step_update",
    (np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), np.array([2, 0]), np.array([5.0, -1.0]), 0.5),
    [[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]],
    "constant_step_update with step size 0.5",
)

EPSILON_Q = np.array(
    [[1.0, 3.0, 2.0, 3.0], [0.0, 0.0, 0.0, 0.0], [5.0, 1.0, 1.0, 1.0], [np.inf, 0, np.inf, 1]]
)
EPSILON_GREEDY_CASES = (
    # 2 bandits x 3 arms (not square, so an axis mistake cannot hide), epsilon 0.3: every arm
    # gets 0.1; row 0: arms 1 and 2 tie and share 0.7; row 1: arm 0 alone gets 0.7
    Case(
        "epsilon_greedy_probs",
        (np.array([[0.0, 2.0, 2.0], [1.0, 0.0, 0.0]]), 0.3),
        [[0.1, 0.45, 0.45], [0.8, 0.1, 0.1]],
        "epsilon_greedy_probs(Q, 0.3) on 2 bandits x 3 arms",
    ),
    # row 0: arms 1 and 3 tie: every arm gets eps/4, arms 1 and 3 share 1 - eps
    # row 1: all four tie -> 0.25 each; row 2: one maximum; row 3: two untried (+inf) arms tie
    Case(
        "epsilon_greedy_probs",
        (EPSILON_Q, 0.2),
        [[0.05, 0.45, 0.05, 0.45], [0.25] * 4, [0.85, 0.05, 0.05, 0.05], [0.45, 0.05, 0.45, 0.05]],
        "epsilon_greedy_probs(Q, 0.2)",
    ),
    Case(
        "epsilon_greedy_probs",
        (EPSILON_Q, 0.0),
        [[0, 0.5, 0, 0.5], [0.25] * 4, [1, 0, 0, 0], [0.5, 0, 0.5, 0]],
        "epsilon_greedy_probs(Q, 0.0)",
    ),
)

UCB_Q, UCB_N = np.array([[1.0, 0.5, 2.0]]), np.array([[2, 8, 0]], dtype=np.int64)
UCB_CASES = (
    # t = 11, c = 2: arm 0: 1 + 2 sqrt(ln 11 / 2) = 3.18993; arm 1: 0.5 + 2 sqrt(ln 11 / 8)
    # = 1.59496; arm 2 untried: +inf
    Case(
        "ucb_scores",
        (UCB_Q, UCB_N, 11, 2.0),
        [[3.189929347170073, 1.5949646735850365, np.inf]],
        "ucb_scores(Q, N, t=11, c=2)",
    ),
    Case(
        "ucb_scores",
        (UCB_Q[:, :2], UCB_N[:, :2], 11, 2.0),
        [[3.189929347170073, 1.5949646735850365]],
        "ucb_scores with every arm tried",
    ),
    # the first step of two bandits with 4 arms: t = 1, nothing tried yet -> +inf everywhere
    Case(
        "ucb_scores",
        (np.zeros((2, 4)), np.zeros((2, 4), dtype=np.int64), 1, 2.0),
        np.full((2, 4), np.inf),
        "ucb_scores at the first step (t=1, no arm tried, 2 bandits x 4 arms)",
    ),
    # t = 3, c = 1, two bandits of 4 arms: row 0 tried arms 0 and 1 once each: 0.5 + sqrt(ln 3)
    # = 1.54815, -1 + sqrt(ln 3) = 0.04815; row 1 tried arm 3 twice: 2 + sqrt(ln 3 / 2)
    # = 2.74115
    Case(
        "ucb_scores",
        (
            np.array([[0.5, -1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 2.0]]),
            np.array([[1, 1, 0, 0], [0, 0, 0, 2]], dtype=np.int64),
            3,
            1.0,
        ),
        [
            [1.548147073968205, 0.048147073968205056, np.inf, np.inf],
            [np.inf, np.inf, np.inf, 2.7411519036837557],
        ],
        "ucb_scores(Q, N, t=3, c=1) on 2 bandits x 4 arms",
    ),
)

SOFTMAX_CASE = Case(
    # row 0: e^[1,2,3] / sum = [0.0900, 0.2447, 0.6652]; row 1: large preferences must
    # not overflow: [e, e, 1] / (2e + 1) = [0.4223, 0.4223, 0.1554]
    "softmax",
    (np.array([[1.0, 2.0, 3.0], [1000.0, 1000.0, 999.0]]),),
    [
        [0.09003057317038046, 0.24472847105479764, 0.6652409557748218],
        [0.4223187982515182, 0.4223187982515182, 0.15536240349696362],
    ],
    "softmax(H)",
)

GRADIENT_CASE = Case(
    # two bandits (a single one would hide a soft-max normalized over the whole batch)
    # bandit 0: H = 0 (pi = 1/3 each), A = 1, R = 2, baseline 1, alpha 0.5:
    #   H_new = 0.5 * (2 - 1) * ([0, 1, 0] - 1/3) = [-1/6, 1/3, -1/6]
    # bandit 1: H = 1 (pi = 1/3 each), A = 0, R = 0, baseline 1:
    #   H_new = 1 + 0.5 * (0 - 1) * ([1, 0, 0] - 1/3) = [2/3, 7/6, 7/6]
    "gradient_bandit_update",
    (
        np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]),
        np.array([1, 0]),
        np.array([2.0, 0.0]),
        np.array([1.0, 1.0]),
        0.5,
    ),
    [[-1 / 6, 1 / 3, -1 / 6], [2 / 3, 7 / 6, 7 / 6]],
    "gradient_bandit_update, hand-computed case (2 bandits x 3 arms)",
)
GRADIENT_CASE_PI = np.full((2, 3), 1 / 3)  # the policy of its H (this file has no softmax)


# -- the public checks ---------------------------------------------------------------------


@check
def incremental_update_public(submission, spec) -> None:
    scalar, arrays = INCREMENTAL_CASES
    got = returned(submission.incremental_update(*scalar.args), scalar.what)
    assert_close(
        got,
        scalar.want,
        scalar.what,
        HINT_INCREMENTAL,
        known_mistakes={"the step size multiplies the target instead of the error": 8.5},
    )
    got = returned(submission.incremental_update(*arrays.args), arrays.what, shape=(3,))
    assert_close(got, arrays.want, arrays.what, HINT_INCREMENTAL)


@check
def sample_average_public(submission, spec) -> None:
    case = SAMPLE_AVERAGE_CASE
    check_sample_average(submission, *case.args, *case.want, case.what)


@check
def constant_step_public(submission, spec) -> None:
    case = CONSTANT_STEP_CASE
    Q = case.args[0]
    call = "constant_step_update(Q, actions, rewards, 0.5)"
    got = call_pure(submission.constant_step_update, call, *case.args)
    got = returned(got, "constant_step_update", shape=Q.shape)
    assert_close(
        got,
        case.want,
        case.what,
        "with a constant step size alpha, Q(A) += alpha * (R - Q(A)) for the chosen arm "
        "only (an exponential recency-weighted average, S&B eq. 2.5).",
    )


@check
def epsilon_greedy_public(submission, spec) -> None:
    for case in EPSILON_GREEDY_CASES:
        check_epsilon_greedy(submission, *case.args, case.want, case.what)


@check
def ucb_public(submission, spec) -> None:
    for case in UCB_CASES:
        check_ucb(submission, *case.args, case.want, case.what)


@check
def softmax_public(submission, spec) -> None:
    (H,) = SOFTMAX_CASE.args
    got = call_pure(submission.softmax, "softmax(H)", H)
    got = returned(got, "softmax(H)", shape=H.shape)
    assert_close(
        got,
        SOFTMAX_CASE.want,
        SOFTMAX_CASE.what,
        "pi(a) = exp(H(a)) / sum_b exp(H(b)) per row; subtract the row maximum before exp "
        "so that large preferences do not overflow (the result is unchanged).",
    )


@check
def gradient_bandit_public(submission, spec) -> None:
    case = GRADIENT_CASE
    check_gradient(submission, *case.args, GRADIENT_CASE_PI, case.want, case.what)
