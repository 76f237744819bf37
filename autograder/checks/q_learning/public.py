"""Public checks: hand-computed cases (the arithmetic is in the comments).

Students get this file (GitHub Classroom starter), so it holds no solution: the
expected values are literal numbers, and the helpers below only compare and
diagnose (each known mistake is a wrong answer the helper can name). The hidden
checks reuse the helpers with random cases. Every target check covers the four
combinations of ``terminated`` and ``truncated``.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import Case, assert_close, call_pure, check, returned

HINT_EPSILON = (
    "epsilon-greedy gives every action epsilon/|A|, then splits 1 - epsilon equally among "
    "ALL actions tied for the maximum of the row (random tie-breaking): the probabilities "
    "sum to 1."
)
HINT_TERMINAL = (
    "a transition with terminated=True ends in a terminal state, whose value is 0 by "
    "definition: the target is just R. A transition with truncated=True (time limit) ends "
    "in an ordinary state that merely was not continued: it still bootstraps with gamma * "
    "(value of S'). Only `terminated` switches the bootstrap off (S&B section 6.5; Pardo "
    "et al. 2018)."
)
HINT_Q_LEARNING = (
    "the Q-learning target is R + gamma * max_a Q(S', a) (S&B eq. 6.8): the max over the "
    "next row, whatever action the agent will actually take."
)
HINT_SARSA = (
    "the SARSA target is R + gamma * Q(S', A') with A' the action actually chosen in S' "
    "(S&B eq. 6.7): on-policy, so no max."
)
HINT_EXPECTED = (
    "the Expected SARSA target is R + gamma * sum_a pi(a|S') Q(S', a) with pi the "
    "epsilon-greedy policy of the next row (S&B eq. 6.9): use the same epsilon as the agent "
    "and split the greedy mass among tied maxima."
)
HINT_UPDATE = (
    "Q(S, A) <- Q(S, A) + alpha * (target - Q(S, A)) (S&B eq. 6.8): alpha multiplies the TD "
    "error, and only the entry (S, A) changes."
)
HINT_SCHEDULE = (
    "linear_schedule(start, end, duration, t) moves in a straight line from `start` at t = 0 "
    "to `end` at t = duration and stays at `end` afterwards."
)

FLAGS = ((False, False), (True, False), (False, True), (True, True))


def _flags_text(terminated, truncated) -> str:
    return f"terminated={terminated}, truncated={truncated}"


def _scalar(value, what) -> float:
    return float(returned(value, what, shape=()))


# -- helpers shared with the hidden checks -------------------------------------------------


def check_probs(submission, q_row, epsilon, want, what):
    got = call_pure(
        submission.epsilon_greedy_probs,
        f"{what}: epsilon_greedy_probs(q_row, epsilon)",
        q_row,
        epsilon,
    )
    got = returned(got, what, shape=q_row.shape)
    total = got.sum()
    n = len(q_row)
    greedy = q_row == q_row.max()
    if np.any(got < -1e-12) or not np.isclose(total, 1.0, atol=1e-8):
        cause = HINT_EPSILON
        if greedy.all() and np.isclose(total, 1 - epsilon):
            cause = (
                "every action of this row is tied for the maximum, and the row sums to "
                "1 - epsilon: the epsilon share went to the non-greedy actions only, and "
                "there are none here. Exploration picks among ALL actions: each gets "
                "epsilon/|A|, greedy or not, and the tied maxima share 1 - epsilon."
            )
        raise AssertionError(
            f"{what} = {got} is not a probability distribution: expected non-negative "
            f"entries summing to 1, got sum {total:.6g} (min {got.min():.3g}). {cause}"
        )
    first_tie = np.full(n, epsilon / n)
    first_tie[np.argmax(q_row)] += 1 - epsilon
    others_only = np.where(greedy, (1 - epsilon) / greedy.sum(), epsilon / max(n - greedy.sum(), 1))
    assert_close(
        got,
        want,
        what,
        HINT_EPSILON,
        known_mistakes={
            "ties always go to the first maximal action (np.argmax) instead of being shared "
            "among all maximal actions": first_tie,
            "epsilon is spread over the non-greedy actions only; exploration picks among ALL "
            "actions, the greedy ones included": others_only,
        },
    )


def check_q_learning_target(submission, reward, row, gamma, terminated, truncated, want):
    what = (
        f"q_learning_target(reward={reward}, next_q_row={row}, gamma={gamma}, "
        f"{_flags_text(terminated, truncated)})"
    )
    got = submission.q_learning_target(reward, row.copy(), gamma, terminated, truncated)
    got = _scalar(got, what)
    live = not terminated
    assert_close(
        got,
        want,
        what,
        HINT_TERMINAL if (terminated or truncated) else HINT_Q_LEARNING,
        known_mistakes={
            "bootstrapping from a terminal state (terminated=True must give just R)": (
                reward + gamma * row.max() if terminated else np.nan
            ),
            "no bootstrap on truncation: a time limit is not a terminal state, the target "
            "is still R + gamma * max Q(S', .)": reward if truncated and live else np.nan,
            "gamma multiplies the reward instead of the next value": (
                gamma * reward + row.max() if live else np.nan
            ),
            "the mean of the next row instead of its maximum": (
                reward + gamma * row.mean() if live else np.nan
            ),
        },
    )


def check_sarsa_target(submission, reward, row, next_action, gamma, terminated, truncated, want):
    what = (
        f"sarsa_target(reward={reward}, next_q_row={row}, next_action={next_action}, "
        f"gamma={gamma}, {_flags_text(terminated, truncated)})"
    )
    got = submission.sarsa_target(reward, row.copy(), next_action, gamma, terminated, truncated)
    got = _scalar(got, what)
    live = not terminated
    assert_close(
        got,
        want,
        what,
        HINT_TERMINAL if (terminated or truncated) else HINT_SARSA,
        known_mistakes={
            "SARSA bootstrapped with max_a Q(S', a): that is Q-learning's target; SARSA uses "
            "Q(S', A') of the action actually taken": (
                reward + gamma * row.max() if live else np.nan
            ),
            "bootstrapping from a terminal state (terminated=True must give just R)": (
                reward + gamma * row[next_action] if terminated else np.nan
            ),
            "no bootstrap on truncation: a time limit is not a terminal state": (
                reward if truncated and live else np.nan
            ),
        },
    )


def check_expected_sarsa_target(
    submission, reward, row, epsilon, gamma, terminated, truncated, want
):
    what = (
        f"expected_sarsa_target(reward={reward}, next_q_row={row}, epsilon={epsilon}, "
        f"gamma={gamma}, {_flags_text(terminated, truncated)})"
    )
    got = submission.expected_sarsa_target(
        reward, row.copy(), epsilon, gamma, terminated, truncated
    )
    got = _scalar(got, what)
    live = not terminated
    assert_close(
        got,
        want,
        what,
        HINT_TERMINAL if (terminated or truncated) else HINT_EXPECTED,
        known_mistakes={
            "epsilon was ignored: max_a Q(S', a) is the greedy policy's expectation "
            "(Q-learning); Expected SARSA averages over the epsilon-greedy policy": (
                reward + gamma * row.max() if live else np.nan
            ),
            "a uniform average of the next row: the greedy actions get the extra "
            "1 - epsilon": reward + gamma * row.mean() if live else np.nan,
            "no bootstrap on truncation: a time limit is not a terminal state": (
                reward if truncated and live else np.nan
            ),
        },
    )


def check_update(submission, Q, state, action, target, alpha, want, what):
    got = submission.td_update(Q.copy(), state, action, target, alpha)
    got = returned(got, what, shape=Q.shape)
    alpha_on_target = Q.copy()
    alpha_on_target[state, action] += alpha * target
    overwrite = Q.copy()
    overwrite[state, action] = target
    assert_close(
        got,
        want,
        what,
        HINT_UPDATE,
        known_mistakes={
            "alpha multiplies the target instead of the TD error (target - Q(S, A))": (
                alpha_on_target
            ),
            "Q(S, A) was overwritten with the target: the step size alpha was ignored": (overwrite),
        },
    )


def check_schedule(submission, start, end, duration, t, want):
    what = f"linear_schedule(start={start}, end={end}, duration={duration}, t={t})"
    got = _scalar(submission.linear_schedule(start, end, duration, t), what)
    assert_close(
        got,
        want,
        what,
        HINT_SCHEDULE,
        known_mistakes={
            "the value never moves from `start`": start,
            "the value does not stop at `end` after `duration` (it overshoots)": (
                start + (end - start) * t / duration
            ),
        },
    )


# -- the public cases: inputs and the hand-computed answers --------------------------------
ROW = np.array([0.5, 2.0, -1.0])

EPSILON_GREEDY_CASES = (
    # eps 0.2: 0.05 each, + 0.8 / 2 on the tied actions 1 and 3
    Case("epsilon_greedy_probs", (np.array([1.0, 3.0, 2.0, 3.0]), 0.2), [0.05, 0.45, 0.05, 0.45]),
    # all tied: 0.25 each whatever epsilon
    Case("epsilon_greedy_probs", (np.array([0.0, 0.0, 0.0, 0.0]), 0.1), [0.25, 0.25, 0.25, 0.25]),
    # eps 0.3: 0.1 each + 0.7 on action 1
    Case("epsilon_greedy_probs", (np.array([-2.0, -1.0, -1.5]), 0.3), [0.1, 0.8, 0.1]),
    # eps 0: greedy only
    Case("epsilon_greedy_probs", (np.array([5.0, 1.0, 1.0, 1.0]), 0.0), [1.0, 0.0, 0.0, 0.0]),
    # eps 1: uniform, ties or not
    Case("epsilon_greedy_probs", (np.array([0.0, 2.0, 2.0]), 1.0), [1 / 3, 1 / 3, 1 / 3]),
)

Q_LEARNING_TARGET_CASES = (
    # R = 1, Q(S', .) = [0.5, 2, -1], gamma 0.9: 1 + 0.9 * 2 = 2.8 unless terminated (1.0);
    # truncated alone still bootstraps (2.8); both flags: terminal wins (1.0)
    *(
        Case("q_learning_target", (1.0, ROW, 0.9, *flags), want)
        for flags, want in zip(FLAGS, (2.8, 1.0, 2.8, 1.0), strict=True)
    ),
    # all values negative: the max is -2, target -1 + 1.0 * -2 = -3
    Case("q_learning_target", (-1.0, np.array([-3.0, -2.0, -5.0]), 1.0, False, False), -3.0),
)

SARSA_TARGET_CASES = (
    # R = 1, Q(S', .) = [0.5, 2, -1], A' = 0, gamma 0.9: 1 + 0.9 * 0.5 = 1.45 (1.0 if terminal)
    *(
        Case("sarsa_target", (1.0, ROW, 0, 0.9, *flags), want)
        for flags, want in zip(FLAGS, (1.45, 1.0, 1.45, 1.0), strict=True)
    ),
    # A' = 2, R = -1, gamma 0.5: -1 + 0.5 * -1 = -1.5
    Case("sarsa_target", (-1.0, ROW, 2, 0.5, False, False), -1.5),
)

EXPECTED_SARSA_TARGET_CASES = (
    # R = 1, Q(S', .) = [0.5, 2, -1], eps 0.3: pi = [0.1, 0.8, 0.1],
    # E = 0.05 + 1.6 - 0.1 = 1.55, target 1 + 0.9 * 1.55 = 2.395 (1.0 if terminal)
    *(
        Case("expected_sarsa_target", (1.0, ROW, 0.3, 0.9, *flags), want)
        for flags, want in zip(FLAGS, (2.395, 1.0, 2.395, 1.0), strict=True)
    ),
    # ties: Q(S', .) = [1, 1, 0], eps 0.3: pi = [0.45, 0.45, 0.1], E = 0.9, target 0 + 0.9
    Case("expected_sarsa_target", (0.0, np.array([1.0, 1.0, 0.0]), 0.3, 1.0, False, False), 0.9),
)

Q_TABLE = np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 4.0]])
TD_UPDATE_CASES = (
    # Q(1, 0) = 1, target 3, alpha 0.5: 1 + 0.5 * (3 - 1) = 2; every other entry unchanged
    Case(
        "td_update",
        (Q_TABLE, 1, 0, 3.0, 0.5),
        [[0.0, 0.0], [2.0, 2.0], [-1.0, 4.0]],
        "td_update(Q, state=1, action=0, 3.0, 0.5)",
    ),
    # Q(2, 1) = 4, target -6, alpha 0.1: 4 + 0.1 * (-6 - 4) = 3
    Case(
        "td_update",
        (Q_TABLE, 2, 1, -6.0, 0.1),
        [[0.0, 0.0], [1.0, 2.0], [-1.0, 3.0]],
        "td_update(Q, state=2, action=1, -6.0, 0.1)",
    ),
)

LINEAR_SCHEDULE_CASES = (
    # 1.0 -> 0.1 over 100 steps: t=0: 1.0, t=50: 0.55, t=100: 0.1, t=250: 0.1 (stays)
    *(
        Case("linear_schedule", (1.0, 0.1, 100, t), want)
        for t, want in ((0, 1.0), (50, 0.55), (100, 0.1), (250, 0.1))
    ),
    # an increasing schedule works the same way: 0 -> 1 over 10 steps, t=5: 0.5
    Case("linear_schedule", (0.0, 1.0, 10, 5), 0.5),
    # a fractional duration (exploration_fraction * n_episodes): 1 -> 0 over 2.5, t=1: 0.6
    Case("linear_schedule", (1.0, 0.0, 2.5, 1), 0.6),
)


# -- the public checks ---------------------------------------------------------------------


@check
def epsilon_greedy_public(submission, spec) -> None:
    for case in EPSILON_GREEDY_CASES:
        row, eps = case.args
        what = f"epsilon_greedy_probs({row.tolist()}, {eps})"
        check_probs(submission, row, eps, np.array(case.want), what)


@check
def q_learning_target_public(submission, spec) -> None:
    for case in Q_LEARNING_TARGET_CASES:
        check_q_learning_target(submission, *case.args, case.want)


@check
def sarsa_target_public(submission, spec) -> None:
    for case in SARSA_TARGET_CASES:
        check_sarsa_target(submission, *case.args, case.want)


@check
def expected_sarsa_target_public(submission, spec) -> None:
    for case in EXPECTED_SARSA_TARGET_CASES:
        check_expected_sarsa_target(submission, *case.args, case.want)


@check
def td_update_public(submission, spec) -> None:
    for case in TD_UPDATE_CASES:
        check_update(submission, *case.args, np.array(case.want), case.what)


@check
def linear_schedule_public(submission, spec) -> None:
    for case in LINEAR_SCHEDULE_CASES:
        check_schedule(submission, *case.args, case.want)
