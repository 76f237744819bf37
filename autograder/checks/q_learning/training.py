"""The training loop's contract, checked on short runs (public checks).

``train`` runs in the sandbox; the grader validates what it returns and compares
learned values with values it computes itself. The time-limit probe is a tiny
environment (probe_env.py) on which the fixed point of each algorithm is known in
closed form, so any correct implementation lands on it whatever random numbers it
draws.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from autograder.checks.common import check, returned, returned_tuple
from autograder.checks.q_learning import probe_env


def env_sizes(env_id: str) -> tuple[int, int]:
    env = gym.make(env_id)
    sizes = (int(env.observation_space.n), int(env.action_space.n))
    env.close()
    return sizes


def call_train(submission, env_id, n_episodes, seed, hyper: dict):
    """Call the student's train and validate its (Q, episode_returns)."""
    hyper = dict(hyper)
    algorithm = hyper.pop("algorithm")
    shown = ", ".join(f"{k}={v!r}" for k, v in hyper.items())
    call = f"train({env_id!r}, {algorithm!r}, n_episodes={n_episodes}, seed={seed}, {shown})"
    result = submission.train(env_id, algorithm, n_episodes, seed, **hyper)
    Q, returns = returned_tuple(result, call, ("Q", "episode_returns"))
    n_states, n_actions = env_sizes(env_id)
    Q = returned(Q, f"Q returned by {call}", shape=(n_states, n_actions), kinds="f")
    returns = returned(
        returns, f"episode_returns returned by {call}", shape=(n_episodes,), kinds="fi"
    )
    return Q, returns, call


@check
def train_public(submission, spec) -> None:
    """Short CliffWalking runs of each algorithm: types, shapes and the states updated."""
    n = spec.params["episodes"]
    for algorithm in ("q_learning", "sarsa", "expected_sarsa"):
        hyper = dict(spec.params["train"], algorithm=algorithm)
        Q, returns, call = call_train(submission, "CliffWalking-v1", n, 0, hyper)
        touched = np.flatnonzero(np.any(Q != 0, axis=1))
        never_left = [int(s) for s in touched if s >= 37]  # the cliff (37-46), the goal (47)
        if never_left:
            raise AssertionError(
                f"{call}: the Q-values of states {never_left} changed, but the agent never "
                "leaves them (47 is the terminal goal; stepping on the cliff 37-46 sends it "
                "back to the start, 36): expected those rows to stay 0. The update must "
                "change Q[state, action] of the state the agent LEFT, not of the state it "
                "arrived in."
            )
        if not touched.size:
            raise AssertionError(
                f"{call}: the Q-table is still all zeros after {n} episodes of -1 rewards: "
                "expected negative values along the visited states. Check that the table "
                "td_update returns is the one you keep using (Q = td_update(...))."
            )
        if np.any(Q > 1e-9):
            raise AssertionError(
                f"{call}: Q has positive entries (max {Q.max():.3g}) although every reward "
                "of CliffWalking is negative and Q starts at 0: expected Q <= 0 everywhere."
            )
        if np.any(returns > -13) or np.any(returns != np.round(returns)):
            raise AssertionError(
                f"{call}: episode_returns should hold the sum of the (integer, negative) "
                f"rewards of each episode, each at most -13 (the shortest path); got "
                f"{returns[:8]}... Add every reward, and start each episode's sum at 0."
            )
    check_schedule_probe(submission, spec.params["schedule_probe"])


def check_schedule_probe(submission, params: dict) -> None:
    """The exploration schedule, seen from outside: one-step episodes of the probe, where
    "quit" (+2) is greedy as soon as it has been tried and "stay" (+1) only explores. With
    epsilon from eps_start to eps_end = 0 over exploration_fraction * n_episodes episodes,
    the early episodes must explore and every episode after the decay must quit."""
    n = params["episodes"]
    hyper = params["train"]
    decay_end = int(np.ceil(hyper["exploration_fraction"] * n))
    for algorithm in ("q_learning", "sarsa", "expected_sarsa"):
        _, returns, call = call_train(
            submission, probe_env.ENV_ID, n, 0, dict(hyper, algorithm=algorithm)
        )
        early = float(returns[: decay_end // 2].mean())
        late = returns[decay_end:]
        if early > 1.9:
            raise AssertionError(
                f"{call}: in the first {decay_end // 2} episodes epsilon falls from "
                f"{hyper['eps_start']} to about {hyper['eps_start'] / 2:g}, so about a third "
                f"of them should explore 'stay' (return 1): expected a mean return near 1.6, "
                f"got {early:.3f}. Epsilon did not start at eps_start or fell too fast: "
                "epsilon_k = linear_schedule(eps_start, eps_end, exploration_fraction * "
                "n_episodes, k) with k the episode number (from 0), not the step number and "
                "not exploration_fraction alone."
            )
        if not np.all(late == probe_env.QUIT_REWARD):
            raise AssertionError(
                f"{call}: from episode {decay_end} on, epsilon = eps_end = {hyper['eps_end']}, "
                f"so every episode should take the greedy 'quit' and return "
                f"{probe_env.QUIT_REWARD:g}; {int(np.sum(late != probe_env.QUIT_REWARD))} of "
                f"the last {len(late)} did not (mean {float(late.mean()):.3f}). Epsilon does "
                "not follow its schedule: compute epsilon_k = linear_schedule(eps_start, "
                "eps_end, exploration_fraction * n_episodes, k) at the start of every episode "
                "k and use it for every action of that episode."
            )


def probe_fixed_point(algorithm: str, gamma: float, epsilon: float) -> np.ndarray:
    """Q[0] that each algorithm converges to on the probe, bootstrapping through the limit.

    Q(quit) = +2 (terminal). Q-learning: Q(stay) = 1 + gamma Q(stay), so 1 / (1 - gamma).
    SARSA and Expected SARSA learn the epsilon-greedy policy's values; "stay" is greedy,
    so pi(stay) = 1 - epsilon/2, pi(quit) = epsilon/2 and
    Q(stay) = 1 + gamma (pi(stay) Q(stay) + pi(quit) 2).
    """
    stay, quit_ = probe_env.STAY_REWARD, probe_env.QUIT_REWARD
    if algorithm == "q_learning":
        return np.array([stay / (1.0 - gamma), quit_])
    pi_stay, pi_quit = 1.0 - epsilon / 2, epsilon / 2
    return np.array([(stay + gamma * pi_quit * quit_) / (1.0 - gamma * pi_stay), quit_])


@check
def time_limit_bootstrap(submission, spec) -> None:
    """Each algorithm on the probe: bootstrap through the time limit, never from a terminal."""
    p = spec.params
    hyper = dict(p["train"], max_episode_steps=probe_env.TIME_LIMIT)
    gamma, epsilon = hyper["gamma"], hyper["eps_end"]
    for algorithm, tolerance in p["tolerance"].items():
        Q, _, call = call_train(
            submission, probe_env.ENV_ID, p["episodes"], p["seed"], dict(hyper, algorithm=algorithm)
        )
        want = probe_fixed_point(algorithm, gamma, epsilon)
        got = Q[0]
        if np.all(np.abs(got - want) <= tolerance) and np.all(Q[1] == 0):
            continue
        intro = (
            f"{call}: in state 0 of this probe, 'stay' (action 0) pays +1 and the episode goes "
            "on, 'quit' (action 1) pays +2 and ends in the terminal state 1, and a 5-step time "
            f"limit truncates runs of 'stay'. Expected Q[0] = {want} (within {tolerance}) and "
            f"Q[1] = [0, 0]; got Q[0] = {got}, Q[1] = {Q[1]}. "
        )
        if np.any(Q[1] != 0):
            raise AssertionError(
                intro + "The row of the terminal state changed, although the agent never acts "
                "from it: the update must change Q[state, action] of the state the agent "
                "LEFT, not of the state it arrived in."
            )
        if got[1] > probe_env.QUIT_REWARD + tolerance:
            raise AssertionError(
                intro + "Q(quit) is above its reward +2: your loop bootstraps from terminal "
                "transitions. When terminated=True, the target is just the reward."
            )
        if got[0] < want[0] - tolerance:
            raise AssertionError(
                intro + "Q(stay) is too low, as if the time limit ended the task: a "
                "truncated transition (truncated=True, terminated=False) must still "
                "bootstrap. Pass both flags as they come from env.step to the target "
                "functions; do not merge them into one `done` for the target."
            )
        raise AssertionError(
            intro + f"Check the {algorithm} target and the step-size and epsilon schedules."
        )
