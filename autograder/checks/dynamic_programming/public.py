"""Public checks: hand-computed cases (the arithmetic is in the comments), and S&B's
Figure 4.1 numbers for the 4x4 gridworld.

Students get this file (GitHub Classroom starter), so it holds no solution: the
expected values are literal numbers, and the helpers only compare and diagnose (each
known mistake is a wrong answer the helper can name). The hidden checks reuse the
helpers with random MDPs and the oracle's answers.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import (
    Case,
    assert_close,
    call_pure,
    check,
    returned,
    returned_tuple,
)
from autograder.checks.dynamic_programming.mdps import chain, gridworld_4x4, renumbered

HINT_LOOKAHEAD = (
    "q(s, a) = sum over outcomes (p, s', r, terminated) of p * (r + gamma * V(s')), with "
    "V(s') counted as 0 when the outcome terminates (S&B eq. 4.6): weight every outcome "
    "by its probability, discount only the next state's value, never the reward."
)
HINT_BACKUP = (
    "the Bellman expectation backup averages the one-step lookahead over the policy: "
    "V'(s) = sum_a pi(a|s) q(s, a) (S&B eq. 4.5). It is an expectation over the policy's "
    "actions, not a max (that is the optimality backup of value iteration)."
)
HINT_EVALUATION = (
    "iterative policy evaluation starts from V = 0 and repeats full backups until the "
    "largest absolute change of a sweep, max_s |V_new(s) - V_old(s)|, is below theta; "
    "it returns V after that sweep and the number of sweeps done. The two-array version "
    "computes every V_new(s) from the previous sweep's V; in_place=True overwrites V(s) "
    "state by state in the order 0, 1, 2, ..., so later states use the new values."
)
HINT_GREEDY = (
    "policy improvement is greedy in q: every action whose value is within tol of the "
    "row's maximum is tied, and the tied actions share probability 1 equally (rows sum to "
    "1). np.argmax gives the whole mass to the first of them."
)
HINT_POLICY_ITERATION = (
    "policy iteration starts from the uniform random policy and alternates a full policy "
    "evaluation (from V = 0, with your policy_evaluation and theta) with greedy "
    "improvement, and stops when the improved policy equals the one just evaluated (the "
    "policy is stable, S&B section 4.3): the count is the number of evaluations done, the "
    "last one included."
)
HINT_VALUE_ITERATION = (
    "value iteration starts from V = 0 and sweeps V_new(s) = max_a q(s, a), computed from "
    "the previous sweep's V (two arrays), until max_s |V_new(s) - V(s)| < theta (an "
    "absolute change, S&B section 4.4); it returns V_new and the number of sweeps."
)

GRID = gridworld_4x4()
RANDOM_POLICY = np.full((16, 4), 0.25)
# S&B Figure 4.1, left column: v_k of the random policy on the gridworld (gamma = 1).
# v_1: one backup from 0, every move costs 1. v_2 next to a terminal state: 1/4 of the
# moves reach it (0), 3/4 land on a -1 state: -1 + 3/4 * -1 = -1.75 (printed -1.7).
V_K = {
    1: [0, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0],
    2: [0, -1.75, -2, -2, -1.75, -2, -2, -2, -2, -2, -2, -1.75, -2, -2, -1.75, 0],
    3: [
        0,
        -2.4375,
        -2.9375,
        -3,
        -2.4375,
        -2.875,
        -3,
        -2.9375,
        -2.9375,
        -3,
        -2.875,
        -2.4375,
        -3,
        -2.9375,
        -2.4375,
        0,
    ],  # printed -2.4, -2.9, -3.0
    10: [
        0,
        -6.137969970703125,
        -8.35235595703125,
        -8.967315673828125,
        -6.137969970703125,
        -7.737396240234375,
        -8.427825927734375,
        -8.35235595703125,
        -8.35235595703125,
        -8.427825927734375,
        -7.737396240234375,
        -6.137969970703125,
        -8.967315673828125,
        -8.35235595703125,
        -6.137969970703125,
        0,
    ],  # printed -6.1, -8.4, -9.0
}
# the book's v_inf (k = infinity): -14, -20, -22 along the first row
V_RANDOM = [0, -14, -20, -22, -14, -18, -20, -20, -20, -20, -18, -14, -22, -20, -14, 0]
# in place, one sweep in state order: state 1 sees the terminal 0 and three -1 moves
# onto states still at 0: -1; state 2 sees the new V(1) = -1: -1 + (-1)/4 = -1.25; ...
V_IN_PLACE_1 = [
    0,
    -1,
    -1.25,
    -1.3125,
    -1,
    -1.5,
    -1.6875,
    -1.75,
    -1.25,
    -1.6875,
    -1.84375,
    -1.8984375,
    -1.3125,
    -1.75,
    -1.8984375,
    0,
]
SWEEPS_THETA_1E4 = {False: 173, True: 114}  # sweeps until the change is below 1e-4
V_STAR_GRID = [0, -1, -2, -3, -1, -2, -3, -2, -2, -3, -2, -1, -3, -2, -1, 0]  # -steps to go
U, R, D, L = (np.eye(4)[i] for i in range(4))  # one-hot moves: up, right, down, left
# Figure 4.1, bottom right: greedy in v_random (the moves to the best neighbours, ties
# shared; the terminals: all four)
GREEDY_GRID = [
    np.full(4, 0.25),
    L,
    L,
    (D + L) / 2,
    U,
    (U + L) / 2,
    (D + L) / 2,  # state 6: down (10) and left (5) lead to -18, up and right to -20
    D,
    U,
    (U + R) / 2,  # state 9: up (5) and right (10) lead to -18
    (R + D) / 2,
    D,
    (U + R) / 2,
    R,
    R,
    np.full(4, 0.25),
]
# the same, greedy in v* (what policy iteration returns)
GREEDY_STAR = [
    np.full(4, 0.25),
    L,
    L,
    (D + L) / 2,
    U,
    (U + L) / 2,
    (U + R + D + L) / 4,
    D,
    U,
    (U + R + D + L) / 4,
    (R + D) / 2,
    D,
    (U + R) / 2,
    R,
    R,
    np.full(4, 0.25),
]

# the gridworld's lookahead from v_1: a move onto a non-terminal state costs -1 + V = -2, a
# move into a terminal state -1 (left of 1, above 4, below 11, right of 14), the terminal
# states' own moves 0
GRID_Q_V1 = [[0.0] * 4] + [[-2.0] * 4 for _ in range(14)] + [[0.0] * 4]
for _s, _a in ((1, 3), (4, 0), (11, 2), (14, 1)):
    GRID_Q_V1[_s][_a] = -1.0

CHAIN = chain()
CHAIN_V = np.array([1.0, 2.0, 4.0])  # V(2) = 4 although 2 is terminal: must not be used
# q(0, stay) = 0 + 0.9 * V(0) = 0.9; q(0, go) = 0.5 * (1 + 0.9 * 2) + 0.5 * (0 + 0.9 * 1)
# = 1.4 + 0.45 = 1.85; q(1, stay) = 0.9 * 2 = 1.8; q(1, go) = 2 (terminates: no V(2));
# from state 2 every outcome terminates with reward 0.
CHAIN_Q = [[0.9, 1.85], [1.8, 2.0], [0.0, 0.0]]
CHAIN_POLICY = np.array([[0.5, 0.5], [0.2, 0.8], [1.0, 0.0]])
CHAIN_BACKUP = [0.5 * 0.9 + 0.5 * 1.85, 0.2 * 1.8 + 0.8 * 2.0, 0.0]  # 1.375, 1.96, 0
# v_pi of CHAIN_POLICY, gamma 0.9: V(1) = 0.2 * 0.9 V(1) + 0.8 * 2, so V(1) = 1.6 / 0.82;
# V(0) = 0.45 V(0) + 0.5 (0.5 (1 + 0.9 V(1)) + 0.45 V(0)), so V(0) = (0.25 + 0.225 V(1)) / 0.325
CHAIN_V_PI = [(0.25 + 0.225 * 1.6 / 0.82) / 0.325, 1.6 / 0.82, 0.0]
CHAIN_SWEEPS_THETA_1E10 = 60
# v*: go everywhere; V(1) = 2, V(0) = 0.5 (1 + 0.9 * 2) + 0.45 V(0), so V(0) = 1.4 / 0.55
CHAIN_V_STAR = [1.4 / 0.55, 2.0, 0.0]
CHAIN_VI_SWEEPS_THETA_1E6 = 20
# theta = 0.5: V(0) = 0.5, 1.625, 2.13125, 2.3590625 (V(0) <- 1.4 + 0.45 V(0)), the last
# change 0.228 < 0.5 after sweep 4: return that sweep's V, not the one before
CHAIN_VI_THETA_HALF = ([2.3590625, 2.0, 0.0], 4)
# evaluation of CHAIN_POLICY, theta = 0.5: (V(0), V(1)) = (0.25, 1.6), (0.77875, 1.888),
# (1.20045625, 1.93984); the changes 1.6, 0.529, 0.422 < 0.5: three sweeps
CHAIN_PE_THETA_HALF = ([1.20045625, 1.93984, 0.0], 3)
# the chain numbered backwards (state 2 is the start): two arrays need the same 20 sweeps;
# a sweep in place would use the new V(1) when it updates state 2, and stop after 19
BACKWARDS = renumbered(CHAIN, [2, 1, 0])
# greedy in CHAIN_V (q is CHAIN_Q): "go" from 0 and 1; from 2 both actions are worth 0
CHAIN_GREEDY = [[0.0, 1.0], [0.0, 1.0], [0.5, 0.5]]
CHAIN_POLICY_STAR = [[0.0, 1.0], [0.0, 1.0], [0.5, 0.5]]  # "go" is optimal; 2 is terminal
CHAIN_PI_ITERATIONS = 2  # random -> "go" (greedy in v_random) -> stable
GRID_PI_ITERATIONS = 3  # random -> GREEDY_GRID -> GREEDY_STAR -> stable
GRID_VI_SWEEPS = 4  # v* is exact after 3 sweeps (at most 3 steps to go); the 4th changes nothing


def _values(value, what, n_states) -> np.ndarray:
    return returned(value, what, shape=(n_states,), kinds="f")


def _count(value, what) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise AssertionError(f"{what} should be an int (e.g. a counter += 1), but it is {value!r}.")
    return int(value)


# -- helpers shared with the hidden checks -------------------------------------------------


def check_lookahead(submission, P, V, gamma, want, what) -> None:
    shape = (len(P), len(P[0]))
    got = call_pure(submission.q_from_v, f"{what}: q_from_v(P, V, gamma)", P, V, gamma)
    got = returned(got, f"{what}: q_from_v", shape=shape, kinds="f")
    assert_close(
        got,
        want,
        f"{what}: q_from_v",
        HINT_LOOKAHEAD,
        known_mistakes=_lookahead_mistakes(P, V, gamma),
    )


def _lookahead_mistakes(P, V, gamma) -> dict:
    """What q_from_v returns under each common mistake: a wrong term per outcome, summed
    over the outcomes the mistake looks at (all of them, or only the first)."""
    V = np.asarray(V, np.float64)

    def without_p(p, n, r, t):
        return r + (0 if t else gamma * V[n])

    ways = {
        "the next state's value is used even when the outcome terminates (bootstrapping "
        "from a terminal state): a terminated outcome counts only its reward": (
            lambda p, n, r, t: p * (r + gamma * V[n]),
            slice(None),
        ),
        "gamma discounts the reward too: it multiplies only the next state's value, "
        "p * (r + gamma * V(s'))": (
            lambda p, n, r, t: p * gamma * (r + (0 if t else V[n])),
            slice(None),
        ),
        "the outcomes are summed without their probabilities: weight each by p": (
            without_p,
            slice(None),
        ),
        "only the first outcome of P[s][a] is used: sum over every (p, s', r, terminated)": (
            without_p,
            slice(1),
        ),
    }
    return {
        diagnosis: [
            [sum(term(*o) for o in P[s][a][keep]) for a in range(len(P[0]))] for s in range(len(P))
        ]
        for diagnosis, (term, keep) in ways.items()
    }


def check_backup(submission, P, V, policy, gamma, want, what, q=None) -> None:
    """``q``: the correct lookahead of V (a literal, or the oracle's), to name the mistakes
    that misuse it; none is computed here, since this file ships to students."""
    got = call_pure(
        submission.bellman_expectation_backup,
        f"{what}: bellman_expectation_backup(P, V, policy, gamma)",
        P,
        V,
        policy,
        gamma,
    )
    got = _values(got, f"{what}: bellman_expectation_backup", len(P))
    mistakes = {}
    if q is not None:
        q = np.asarray(q, np.float64)
        mistakes = {
            "the backup takes the max over actions (the optimality backup): average over the "
            "policy, sum_a pi(a|s) q(s, a)": q.max(axis=1),
            "the actions are averaged uniformly: weight each by pi(a|s)": q.mean(axis=1),
        }
    assert_close(
        got, want, f"{what}: bellman_expectation_backup", HINT_BACKUP, known_mistakes=mistakes
    )


def check_evaluation(
    submission, P, policy, gamma, theta, in_place, max_sweeps, want_v, want_sweeps, what
) -> None:
    call = (
        f"{what}: policy_evaluation(P, policy, gamma={gamma}, theta={theta:g}, "
        f"in_place={in_place}, max_sweeps={max_sweeps})"
    )
    result = returned_tuple(
        call_pure(
            submission.policy_evaluation, call, P, policy, gamma, theta, in_place, max_sweeps
        ),
        call,
        ("V", "n_sweeps"),
    )
    V = _values(result[0], f"{call}, its V", len(P))
    sweeps = _count(result[1], f"{call}, its number of sweeps")
    if want_sweeps is not None and sweeps != want_sweeps:
        other = SWEEPS_THETA_1E4.get(not in_place) if P is GRID and theta == 1e-4 else None
        cause = HINT_EVALUATION
        if sweeps == other:
            cause = (
                f"that is the count of in_place={not in_place}: this call asked for "
                f"in_place={in_place}. " + HINT_EVALUATION
            )
        elif max_sweeps is not None and sweeps > max_sweeps:
            cause = f"max_sweeps={max_sweeps} caps the number of sweeps. " + HINT_EVALUATION
        raise AssertionError(
            f"{call} did {sweeps} sweep(s); expected {want_sweeps}. {cause} Stopping on a "
            "relative change, on the sum instead of the max, or one sweep early or late "
            "changes this count."
        )
    if want_v is not None:
        mistakes = {}
        if P is GRID and not in_place and max_sweeps == 1:
            mistakes[
                "these are the values of an in-place sweep: with two arrays every V_new(s) "
                "comes from the old V, so copy it first (V_new = V.copy(), or build V_new "
                "from the backup), never write into the V the sweep still reads"
            ] = V_IN_PLACE_1
        assert_close(
            V,
            want_v,
            f"{call}, its V",
            HINT_EVALUATION,
            atol=1e-8,
            rtol=1e-8,
            known_mistakes=mistakes,
        )


def check_greedy(submission, Q, want, what, tol=None) -> None:
    if tol is None:
        got = call_pure(submission.greedy_policy, f"{what}: greedy_policy(Q)", Q)
    else:
        got = call_pure(submission.greedy_policy, f"{what}: greedy_policy(Q, tol={tol})", Q, tol)
    got = returned(got, f"{what}: greedy_policy", shape=Q.shape, kinds="f")
    first = np.eye(Q.shape[1])[np.argmax(Q, axis=1)]
    exact = Q == Q.max(axis=1, keepdims=True)
    default = Q >= Q.max(axis=1, keepdims=True) - 1e-6
    relative = np.isclose(Q, Q.max(axis=1, keepdims=True), atol=tol or 1e-6)
    assert_close(
        got,
        want,
        f"{what}: greedy_policy",
        HINT_GREEDY,
        known_mistakes={
            "ties go to the first maximal action (np.argmax): tied actions share the "
            "probability equally": first,
            "ties are found with exact equality (Q == Q.max): values within tol of the "
            "maximum are tied too, since floating-point sums rarely agree to the last bit": exact
            / exact.sum(axis=1, keepdims=True),
            "the tolerance is not the `tol` argument (a fixed 1e-6, or rounding): use the "
            "tol the caller passes": default / default.sum(axis=1, keepdims=True),
            "np.isclose adds a relative tolerance (rtol=1e-5) to tol: compare with "
            "Q >= Q.max(axis=1, keepdims=True) - tol": relative
            / relative.sum(axis=1, keepdims=True),
        },
    )


def check_from_values(submission, P, V, gamma, want, what) -> None:
    got = call_pure(
        submission.policy_from_values, f"{what}: policy_from_values(P, V, gamma)", P, V, gamma
    )
    got = returned(got, f"{what}: policy_from_values", shape=(len(P), len(P[0])), kinds="f")
    assert_close(
        got,
        want,
        f"{what}: policy_from_values",
        "the greedy policy in V is greedy_policy(q_from_v(P, V, gamma)): one "
        "lookahead step, then ties shared (S&B eq. 4.9).",
    )


def check_value_iteration(submission, P, gamma, theta, want_v, want_sweeps, what) -> None:
    call = f"{what}: value_iteration(P, gamma={gamma}, theta={theta:g})"
    result = returned_tuple(
        call_pure(submission.value_iteration, call, P, gamma, theta), call, ("V", "n_sweeps")
    )
    V = _values(result[0], f"{call}, its V", len(P))
    sweeps = _count(result[1], f"{call}, its number of sweeps")
    if want_sweeps is not None and sweeps != want_sweeps:
        raise AssertionError(
            f"{call} did {sweeps} sweep(s); expected {want_sweeps}. {HINT_VALUE_ITERATION} "
            "Updating V in place, stopping on a relative change, or one sweep early or "
            "late changes this count."
        )
    assert_close(V, want_v, f"{call}, its V", HINT_VALUE_ITERATION, atol=1e-6, rtol=1e-6)


def check_policy_iteration(
    submission, P, gamma, theta, want_policy, want_v, want_iterations, what
) -> None:
    call = f"{what}: policy_iteration(P, gamma={gamma}, theta={theta:g})"
    result = call_pure(submission.policy_iteration, call, P, gamma, theta)
    policy, V, iterations = returned_tuple(result, call, ("policy", "V", "n_iterations"))
    shape = (len(P), len(P[0]))
    policy = returned(policy, f"{call}, its policy", shape=shape, kinds="f")
    V = _values(V, f"{call}, its V", len(P))
    iterations = _count(iterations, f"{call}, its number of iterations")
    assert_close(
        V,
        want_v,
        f"{call}, its V (it should be v*)",
        HINT_POLICY_ITERATION
        + " A V far from v* means the policy was not re-evaluated after improving.",
        atol=1e-6,
        rtol=1e-6,
    )
    assert_close(
        policy, want_policy, f"{call}, its policy", HINT_POLICY_ITERATION + " " + HINT_GREEDY
    )
    if iterations != want_iterations:
        raise AssertionError(
            f"{call} reports {iterations} iterations; expected {want_iterations}. "
            f"{HINT_POLICY_ITERATION} A fixed number of iterations, or a count that leaves "
            "out the final evaluation, gives another number."
        )


# -- the public checks ---------------------------------------------------------------------


@check
def q_from_v_public(submission, spec) -> None:
    check_lookahead(submission, CHAIN, CHAIN_V, 0.9, CHAIN_Q, "the 3-state chain, V = [1, 2, 4]")
    V = np.array(V_K[1], float)
    check_lookahead(submission, GRID, V, 1.0, GRID_Q_V1, "the gridworld, V = v_1")


@check
def bellman_backup_public(submission, spec) -> None:
    check_backup(
        submission,
        CHAIN,
        CHAIN_V,
        CHAIN_POLICY,
        0.9,
        CHAIN_BACKUP,
        "the 3-state chain, pi = [[0.5, 0.5], [0.2, 0.8], [1, 0]]",
        q=CHAIN_Q,
    )
    for k in (1, 2):  # Figure 4.1: v_1 -> v_2 -> v_3 under the random policy
        V = np.array(V_K[k], float)
        check_backup(
            submission,
            GRID,
            V,
            RANDOM_POLICY,
            1.0,
            V_K[k + 1],
            f"the gridworld (S&B Figure 4.1), random policy, from v_{k}",
            q=GRID_Q_V1 if k == 1 else None,
        )


@check
def policy_evaluation_public(submission, spec) -> None:
    for k in (1, 2, 3, 10):  # Figure 4.1's v_k: theta = 0 never stops early
        check_evaluation(
            submission, GRID, RANDOM_POLICY, 1.0, 0.0, False, k, V_K[k], k, f"Figure 4.1, v_{k}"
        )
    check_evaluation(
        submission,
        GRID,
        RANDOM_POLICY,
        1.0,
        0.0,
        True,
        1,
        V_IN_PLACE_1,
        1,
        "the gridworld, one in-place sweep",
    )
    for in_place in (False, True):
        check_evaluation(
            submission,
            GRID,
            RANDOM_POLICY,
            1.0,
            1e-10,
            in_place,
            None,
            V_RANDOM,
            None,
            f"Figure 4.1, v_inf (in_place={in_place})",
        )
        check_evaluation(
            submission,
            GRID,
            RANDOM_POLICY,
            1.0,
            1e-4,
            in_place,
            None,
            None,
            SWEEPS_THETA_1E4[in_place],
            f"the gridworld, theta = 1e-4 (in_place={in_place})",
        )
    check_evaluation(
        submission,
        CHAIN,
        CHAIN_POLICY,
        0.9,
        0.5,
        False,
        None,
        *CHAIN_PE_THETA_HALF,
        "the 3-state chain, gamma = 0.9, theta = 0.5",
    )
    check_evaluation(
        submission,
        CHAIN,
        CHAIN_POLICY,
        0.9,
        1e-10,
        False,
        None,
        CHAIN_V_PI,
        CHAIN_SWEEPS_THETA_1E10,
        "the 3-state chain, gamma = 0.9",
    )


GREEDY_CASES = (
    # two tied maxima share 1; all three tied: 1/3 each; 1 - 1e-12 is within tol of 1
    Case(
        "greedy_policy",
        (np.array([[1, 3, 3], [2, 2, 2], [-1, 0, 5], [0, 1, 1 - 1e-12], [4, 4, -2.0]]),),
        np.array([[0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3], [0, 0, 1], [0, 0.5, 0.5], [0.5, 0.5, 0]]),
        "five rows of q",
    ),
    # at the edge of tol = 1e-6: 2e-7 apart is a tie, 2e-6 apart is not; 5e-6 apart on
    # values near 0.87 is not a tie either (np.isclose's rtol would call it one)
    Case(
        "greedy_policy",
        (np.array([[1.0000004, 1.0000006, 0.0], [1.0, 1.0 - 2e-6, 0.5], [0.87, 0.869995, 0.1]]),),
        np.array([[0.5, 0.5, 0], [1, 0, 0], [1, 0, 0]]),
        "near ties (tol = 1e-6)",
    ),
    # the caller's tol: 0.5 makes 1.0 and 0.7 tied, 0.2 does not
    Case(
        "greedy_policy",
        (np.array([[1.0, 0.7, 0.2], [0.2, 1.0, 0.6]]), 0.5),
        np.array([[0.5, 0.5, 0], [0, 0.5, 0.5]]),
        "tol = 0.5",
    ),
)


@check
def greedy_policy_public(submission, spec) -> None:
    for case in GREEDY_CASES:
        Q, *tol = case.args  # greedy_policy(Q) or greedy_policy(Q, tol)
        check_greedy(submission, Q, case.want, case.what, *tol)


@check
def policy_from_values_public(submission, spec) -> None:
    check_from_values(
        submission,
        CHAIN,
        CHAIN_V,
        0.9,
        CHAIN_GREEDY,
        "the 3-state chain, V = [1, 2, 4]",
    )
    check_from_values(
        submission,
        GRID,
        np.array(V_RANDOM, float),
        1.0,
        GREEDY_GRID,
        "Figure 4.1, greedy in v_random",
    )


@check
def policy_iteration_public(submission, spec) -> None:
    check_policy_iteration(
        submission,
        CHAIN,
        0.9,
        1e-10,
        CHAIN_POLICY_STAR,
        CHAIN_V_STAR,
        CHAIN_PI_ITERATIONS,
        "the 3-state chain",
    )
    check_policy_iteration(
        submission, GRID, 1.0, 1e-10, GREEDY_STAR, V_STAR_GRID, GRID_PI_ITERATIONS, "the gridworld"
    )


@check
def value_iteration_public(submission, spec) -> None:
    check_value_iteration(
        submission, CHAIN, 0.9, 1e-6, CHAIN_V_STAR, CHAIN_VI_SWEEPS_THETA_1E6, "the 3-state chain"
    )
    check_value_iteration(
        submission, GRID, 1.0, 1e-10, V_STAR_GRID, GRID_VI_SWEEPS, "the gridworld"
    )
    check_value_iteration(
        submission, CHAIN, 0.9, 0.5, *CHAIN_VI_THETA_HALF, "the 3-state chain, theta = 0.5"
    )
    check_value_iteration(
        submission,
        BACKWARDS,
        0.9,
        1e-6,
        CHAIN_V_STAR[::-1],
        CHAIN_VI_SWEEPS_THETA_1E6,
        "the 3-state chain numbered backwards",
    )
