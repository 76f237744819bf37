"""Learned policies, measured by the grader on its own seeded episodes.

The submission's ``train`` runs in the sandbox and returns a Q-table; the grader
checks its shape, builds the greedy (or epsilon-greedy) policy itself, and steps
its own Gymnasium environments. So a correct implementation passes whatever
order it draws random numbers in, and no submission can touch the evaluation.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from autograder.checks.common import Metric, as_array, threshold_check
from autograder.checks.q_learning import oracle

EVAL_SEED_OFFSET = 10_000  # evaluation episodes of training seed s start from seed 10_000 + s
# Gymnasium 1.3 renamed Taxi-v3 to Taxi-v4 with the same default dynamics: grading.yml
# names the new id, and an older Gymnasium falls back to the id it has.
FALLBACK_IDS = {"Taxi-v4": "Taxi-v3"}
FROZEN_ARROWS = "<v>^"  # FrozenLake actions: 0 left, 1 down, 2 right, 3 up
CLIFF_ARROWS = "^>v<"  # CliffWalking actions: 0 up, 1 right, 2 down, 3 left


def resolve_env_id(env_id: str) -> str:
    if env_id in gym.registry:
        return env_id
    fallback = FALLBACK_IDS.get(env_id)
    if fallback in gym.registry:
        return fallback
    raise RuntimeError(
        f"grading.yml names environment {env_id!r}, which Gymnasium {gym.__version__} does "
        "not register (and it has no known older id)."
    )


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
    if not (isinstance(result, (tuple, list)) and len(result) == 2):
        raise AssertionError(
            f"{call} should return a tuple (Q, episode_returns); it returned "
            f"{type(result).__name__}. Return the Q-table and the array of episode returns."
        )
    n_states, n_actions = env_sizes(env_id)
    Q = as_array(result[0], f"Q returned by {call}", shape=(n_states, n_actions), kinds="f")
    returns = as_array(
        result[1], f"episode_returns returned by {call}", shape=(n_episodes,), kinds="fi"
    )
    return Q, returns, call


def run_episodes(env_id, policy, n_episodes, seed, max_steps=None, epsilon=0.0, rng=None):
    """Returns of ``n_episodes`` episodes of the grader's own environment.

    ``policy`` is one action per state; with ``epsilon`` > 0 the grader explores itself,
    epsilon-greedily over the row ``policy`` (a Q-table) with random tie-breaking.
    """
    env = gym.make(env_id, max_episode_steps=max_steps)
    returns = np.zeros(n_episodes)
    for i in range(n_episodes):
        state, _ = env.reset(seed=seed if i == 0 else None)
        done = False
        while not done:
            if epsilon > 0:
                probs = oracle.epsilon_greedy_probs(policy[state], epsilon)
                action = int(rng.choice(len(probs), p=probs))
            else:
                action = int(policy[state])
            state, reward, terminated, truncated, _ = env.step(action)
            returns[i] += reward
            done = terminated or truncated
    env.close()
    return returns


def _grid(policy, rows, cols, marks: dict[int, str], arrows: str) -> str:
    cells = [marks.get(s, arrows[int(policy[s])]) for s in range(rows * cols)]
    return "\n".join(" ".join(cells[r * cols : (r + 1) * cols]) for r in range(rows))


def _per_seed(values) -> str:
    return "[" + ", ".join(f"{v:.3f}" for v in values) + "]"


# --------------------------------------------------------------------------- public


def train_public(submission, spec) -> None:
    """Short CliffWalking runs of each algorithm: types, shapes and the states updated."""
    n = spec.params["episodes"]
    for algorithm in ("q_learning", "sarsa", "expected_sarsa"):
        hyper = dict(spec.params["train"], algorithm=algorithm)
        Q, returns, call = call_train(submission, "CliffWalking-v1", n, 0, hyper)
        touched = np.flatnonzero(np.any(Q != 0, axis=1))
        never = [s for s in touched if s >= 37]  # the cliff (37-46) and the goal (47)
        if never:
            raise AssertionError(
                f"{call}: Q-values of states {never} changed, but the agent never leaves "
                "them (47 is the terminal goal; stepping on the cliff 37-46 sends it back to "
                "the start, 36): expected those rows to stay 0. The update must change "
                "Q[state, action] of the state the agent LEFT, not of the state it arrived in."
            )
        if not touched.size:
            raise AssertionError(
                f"{call}: the Q-table is still all zeros after {n} episodes of -1 rewards: "
                "expected negative values along the visited states. Check that td_update's "
                "result is kept (Q = td_update(...))."
            )
        if np.any(Q > 1e-9):
            raise AssertionError(
                f"{call}: Q has positive entries (max {Q.max():.3g}) although every reward "
                "of CliffWalking is negative and Q starts at 0: expected Q <= 0 everywhere."
            )
        if np.any(returns > -13) or np.any(returns != np.round(returns)):
            raise AssertionError(
                f"{call}: episode_returns should be the sum of the (integer, negative) "
                f"rewards of each episode, each at most -13 (the shortest path); got "
                f"{returns[:10]}... Check that you add every reward and reset the sum per "
                "episode."
            )


@threshold_check
def cliff_q_learning_path(submission, spec) -> Metric:
    """S&B Example 6.6: Q-learning's greedy path runs along the cliff edge (return -13)."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    cap = spec.params["eval_max_steps"]
    values, pictures = [], []
    for seed in t.seeds:
        Q, _, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        policy = oracle.greedy_policy(Q)
        values.append(float(run_episodes(env_id, policy, t.eval_episodes, seed, cap).mean()))
        marks = {36: "S", 47: "G"} | {s: "C" for s in range(37, 47)}
        pictures.append(_grid(policy, 4, 12, marks, CLIFF_ARROWS))
    worst = int(np.argmin(values))
    return Metric(
        float(np.mean(values)),
        f"greedy path, ties to the lowest action, {cap}-step cap; per training seed "
        f"{t.seeds}: {_per_seed(values)}",
        hint=(
            "Q-learning learns q* whatever it explores with, so its greedy path should hug "
            "the cliff: 13 steps, return -13. A return of -100 or less means the greedy "
            "policy walks into the cliff or loops. Your greedy policy for seed "
            f"{t.seeds[worst]} (S start, G goal, C cliff, arrows = argmax):\n{pictures[worst]}"
        ),
    )


# --------------------------------------------------------------------------- hidden


@threshold_check
def cliff_sarsa_epsilon_greedy(submission, spec) -> Metric:
    """S&B Example 6.6's other half: SARSA's epsilon-greedy policy earns more online."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    cap, eps = spec.params["eval_max_steps"], spec.params["eval_epsilon"]
    values, paths = [], []
    for seed in t.seeds:
        Q, _, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        rng = np.random.default_rng(EVAL_SEED_OFFSET + seed)
        returns = run_episodes(env_id, Q, t.eval_episodes, seed, cap, eps, rng)
        values.append(float(returns.mean()))
        paths.append(float(run_episodes(env_id, oracle.greedy_policy(Q), 1, seed, cap)[0]))
    return Metric(
        float(np.mean(values)),
        f"epsilon-greedy (epsilon={eps}) on the learned Q, {t.eval_episodes} seeded episodes "
        f"per training seed {t.seeds}: {_per_seed(values)}; greedy paths: {paths}",
        hint=(
            "SARSA learns the value of the epsilon-greedy policy it follows, so it prefers "
            "the safe path away from the cliff (greedy return about -17) and earns about -25 "
            "per episode while exploring; Q-learning's edge path earns about -50 (S&B Figure "
            "6.4). A value near -50 suggests your SARSA bootstraps with a max (Q-learning)."
        ),
    )


@threshold_check
def frozenlake_optimal(submission, spec) -> Metric:
    """The greedy policy of Q-learning on slippery FrozenLake, against value iteration's."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    gamma = spec.params["train"]["gamma"]
    best = oracle.greedy_policy(oracle.optimal_q(env_id, gamma))
    values, optimum, policies = [], [], []
    for seed in t.seeds:
        Q, _, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        policy = oracle.greedy_policy(Q)
        eval_seed = EVAL_SEED_OFFSET + seed
        values.append(float(run_episodes(env_id, policy, t.eval_episodes, eval_seed).mean()))
        optimum.append(float(run_episodes(env_id, best, t.eval_episodes, eval_seed).mean()))
        policies.append(policy)
    worst = int(np.argmin(values))
    marks = {s: "H" for s in (5, 7, 11, 12)} | {15: "G"}
    return Metric(
        float(np.mean(values)),
        f"success rate of the greedy policy (ties to the lowest action) over {t.eval_episodes} "
        f"seeded 100-step episodes per training seed {t.seeds}: {_per_seed(values)}; the "
        f"optimal policy (value iteration on env.unwrapped.P, gamma={gamma}) scores "
        f"{_per_seed(optimum)} on the same episodes",
        hint=(
            "with enough episodes, a decaying step size and a correct target, Q-learning's "
            "greedy policy matches the optimal one in (nearly) every state. Yours for seed "
            f"{t.seeds[worst]}:\n{_grid(policies[worst], 4, 4, marks, FROZEN_ARROWS)}\noptimal (H hole, "
            f"G goal):\n{_grid(best, 4, 4, marks, FROZEN_ARROWS)}\nCheck the terminal handling of the "
            "target, the step-size schedule and that the update changes Q[state, action]."
        ),
    )


@threshold_check
def taxi_expected_sarsa(submission, spec) -> Metric:
    """Expected SARSA on Taxi: mean return of the greedy policy over seeded episodes."""
    t = spec.threshold
    env_id = resolve_env_id(t.env)
    gamma = spec.params["train"]["gamma"]
    best = oracle.greedy_policy(oracle.optimal_q(env_id, gamma))
    values, optimum = [], []
    for seed in t.seeds:
        Q, _, _ = call_train(submission, env_id, t.budget, seed, spec.params["train"])
        eval_seed = EVAL_SEED_OFFSET + seed
        returns = run_episodes(env_id, oracle.greedy_policy(Q), t.eval_episodes, eval_seed)
        values.append(float(returns.mean()))
        optimum.append(float(run_episodes(env_id, best, t.eval_episodes, eval_seed).mean()))
    return Metric(
        float(np.mean(values)),
        f"{env_id}, mean return of the greedy policy over {t.eval_episodes} seeded episodes "
        f"per training seed {t.seeds}: {_per_seed(values)}; the optimal policy scores "
        f"{_per_seed(optimum)} on the same episodes",
        hint=(
            "an episode whose greedy policy never delivers the passenger costs -200 (the "
            "time limit) and drags the mean down: check that truncated episodes still "
            "bootstrap, that epsilon decays, and the Expected SARSA target."
        ),
    )
