"""The MDPs the checks pose, as the notebook's interface takes them.

``P[s][a]`` is a list of ``(probability, next_state, reward, terminated)`` for every
state ``s`` in ``range(len(P))`` and action ``a`` in ``range(len(P[0]))``: Gymnasium's
``env.unwrapped.P`` table, as nested lists (the sandbox's wire carries lists, not
int-keyed dicts). ``terminated`` marks a transition into a terminal state, whose
value is 0 by definition.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

Table = list[list[list[tuple[float, int, float, bool]]]]

GRID_MOVES = ((-1, 0), (0, 1), (1, 0), (0, -1))  # up, right, down, left (S&B Example 4.1)


def gridworld_4x4() -> Table:
    """S&B Example 4.1: states 0..15 row by row, 0 and 15 terminal, reward -1 per move,
    a move off the grid leaves the state unchanged. A terminal state loops to itself
    with reward 0 (as Gymnasium's tables do)."""
    P: Table = []
    for s in range(16):
        row, col = divmod(s, 4)
        actions = []
        for d_row, d_col in GRID_MOVES:
            if s in (0, 15):
                actions.append([(1.0, s, 0.0, True)])
                continue
            r, c = row + d_row, col + d_col
            nxt = r * 4 + c if 0 <= r < 4 and 0 <= c < 4 else s
            actions.append([(1.0, nxt, -1.0, nxt in (0, 15))])
        P.append(actions)
    return P


def chain() -> Table:
    """A hand-sized MDP (the public cases work it out in their comments).

    States 0, 1, 2. Action 0 "stay": reward 0, stays (from 2, it ends: terminal, reward 0).
    Action 1 "go": from 0 moves to 1 with probability 0.5 (reward 1), else stays (reward
    0); from 1 moves to 2 with reward 2 and the episode ends; from 2 it ends with reward 0.
    """
    return [
        [[(1.0, 0, 0.0, False)], [(0.5, 1, 1.0, False), (0.5, 0, 0.0, False)]],
        [[(1.0, 1, 0.0, False)], [(1.0, 2, 2.0, True)]],
        [[(1.0, 2, 0.0, True)], [(1.0, 2, 0.0, True)]],
    ]


def renumbered(P: Table, order: list[int]) -> Table:
    """The same MDP with state ``order[i]`` called ``i``: an in-place sweep (which visits
    states by number) then sees the states in another order, a two-array sweep does not."""
    new = {old: i for i, old in enumerate(order)}
    return [
        [[(p, new[n], r, t) for p, n, r, t in P[old][a]] for a in range(len(P[old]))]
        for old in order
    ]


def random_mdp(rng: np.random.Generator, terminal_share: float = 0.25) -> Table:
    """3-7 states, 2-4 actions, 1-3 outcomes per pair (probabilities summing to 1, a
    repeated next state now and then), rewards in [-2, 2].

    Some states are terminal, as in Gymnasium's tables: every outcome that reaches one is
    ``terminated``, and a terminal state's own actions loop to it with reward 0. So a
    solution may treat termination per outcome or per state: both are the same MDP.
    """
    n_states, n_actions = int(rng.integers(3, 8)), int(rng.integers(2, 5))
    terminal = set(np.flatnonzero(rng.random(n_states) < terminal_share).tolist())
    terminal.discard(0)  # state 0 always plays
    P: Table = []
    for s in range(n_states):
        if s in terminal:
            P.append([[(1.0, s, 0.0, True)] for _ in range(n_actions)])
            continue
        actions = []
        for _ in range(n_actions):
            k = int(rng.integers(1, 4))
            probs = rng.dirichlet(np.ones(k))
            outcomes = []
            for p in probs:
                nxt = int(rng.integers(n_states))
                reward = float(np.round(rng.uniform(-2, 2), 3))
                outcomes.append((float(p), nxt, reward, nxt in terminal))
            actions.append(outcomes)
        P.append(actions)
    return P


def gambler(p_heads: float = 0.4, goal: int = 100) -> Table:
    """S&B Example 4.3: capital 0..goal (0 and goal terminal), stake a in 0..goal//2; a
    stake above min(s, goal - s) is played as that maximum (the book's action set, with
    a fixed number of actions). Reward +1 on reaching the goal, else 0."""
    P: Table = []
    for s in range(goal + 1):
        actions = []
        for a in range(goal // 2 + 1):
            if s in (0, goal):
                actions.append([(1.0, s, 0.0, True)])
                continue
            stake = min(a, s, goal - s)
            win, lose = s + stake, s - stake
            actions.append(
                [
                    (p_heads, win, 1.0 if win == goal else 0.0, win == goal),
                    (1 - p_heads, lose, 0.0, lose == 0),
                ]
            )
        P.append(actions)
    return P


def gymnasium_table(env_id: str, **kwargs) -> Table:
    """``env.unwrapped.P`` of a Gymnasium toy-text environment, as nested lists."""
    env = gym.make(env_id, **kwargs)
    table = env.unwrapped.P
    P = [
        [
            [(float(p), int(n), float(r), bool(t)) for p, n, r, t in table[s][a]]
            for a in sorted(table[s])
        ]
        for s in sorted(table)
    ]
    env.close()
    return P
