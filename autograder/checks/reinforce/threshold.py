"""The threshold check: train with the student's code, then the grader evaluates.

The submission trains ``train_reinforce(env_id, seed, n_episodes, **params)`` (the
notebook's provided loop around the student's functions) under the seeds, budget and
hyper-parameters of grading.yml. The grader then owns the evaluation: it makes its
own CartPole-v1, resets it with its own seeds, steps it, caps each episode, and asks
the trained agent only for greedy actions (``agent.act(obs) -> int``).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import LearningCurve, Metric, threshold_check
from autograder.checks.reinforce.public import array
from autograder.checks.tensors import to_numpy, type_name
from autograder.sandbox.errors import NotImplementedYet
from autograder.sandbox.submission import RemoteObject

# evaluation episode i after training seed s: env.reset(seed=EVAL_SEED_BASE + 1000 s + i)
EVAL_SEED_BASE = 700_000


def eval_seeds(train_seed: int, episodes: int) -> list[int]:
    return [EVAL_SEED_BASE + 1000 * train_seed + i for i in range(episodes)]


def _action(value, n_actions: int) -> int:
    value = to_numpy(value)
    if isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iu":
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise AssertionError(
            f"agent.act(obs) should return an int action; it returned {type_name(value)}. "
            "Return int(argmax of the logits)."
        )
    if not 0 <= value < n_actions:
        raise AssertionError(
            f"agent.act(obs) returned {value}; expected an action in 0..{n_actions - 1}."
        )
    return int(value)


def evaluate(agent, env_id: str, seeds: list[int], max_steps: int) -> list[float]:
    """Undiscounted return of the agent's greedy actions, one episode per seed."""
    import gymnasium as gym

    env = gym.make(env_id)
    n_actions = int(env.action_space.n)
    totals = []
    try:
        for seed in seeds:
            obs, _ = env.reset(seed=seed)
            total = 0.0
            for _ in range(max_steps):
                obs, reward, terminated, truncated, _ = env.step(_action(agent.act(obs), n_actions))
                total += float(reward)
                if terminated or truncated:
                    break
            totals.append(total)
    finally:
        env.close()
    return totals


def _raise_first_missing(submission) -> None:
    """train_reinforce raised NotImplementedError: name the TODO function that did."""
    z = np.zeros((1, 2), dtype=np.float32)
    a = np.zeros(1, dtype=np.int32)
    one = np.ones(1, dtype=np.float32)
    batch = {
        "obs": np.zeros((1, 4), np.float32),
        "actions": a,
        "rewards": one,
        "dones": np.ones(1, bool),
        "values": one,
    }
    probes = [
        ("policy_network", lambda: submission.policy_network(4, 2, (4,))),
        ("log_prob_of_actions", lambda: submission.log_prob_of_actions(z, a)),
        ("sample_action", lambda: submission.sample_action(z)),
        ("returns_to_go", lambda: submission.returns_to_go(one, np.ones(1, bool), 0.9)),
        ("compute_advantages", lambda: submission.compute_advantages(batch, one, "none", False)),
        ("policy_loss", lambda: submission.policy_loss(z, a, one, 0.0)),
        (
            "train_step",
            lambda: submission.train_step_linear(
                np.zeros((4, 2), np.float32), batch["obs"], a, one, 0.0, 0.1
            ),
        ),
    ]
    for name, probe in probes:  # in the order the functions depend on each other
        try:
            probe()
        except NotImplementedYet:
            raise NotImplementedYet(name) from None
        except Exception:  # only the missing TODO matters here
            continue


@threshold_check
def cartpole_threshold(submission, spec) -> Metric:
    t = spec.threshold
    train_params = dict(spec.params.get("train", {}))
    max_steps = int(spec.params.get("max_steps", 500))
    per_seed, trained, curves = [], [], {}
    for seed in t.seeds:
        try:
            agent = submission.train_reinforce(t.env, seed, t.budget, **train_params)
        except NotImplementedYet:
            _raise_first_missing(submission)
            raise
        if not isinstance(agent, RemoteObject) and not hasattr(agent, "act"):
            raise AssertionError(
                f"train_reinforce should return an agent with an act(obs) method; it "
                f"returned {type_name(agent)}."
            )
        curve = array(agent.episode_returns(), "agent.episode_returns()")
        trained.append(len(curve))
        curves[f"training seed {seed}"] = curve
        returns = evaluate(agent, t.env, eval_seeds(seed, t.eval_episodes), max_steps)
        per_seed.append(float(np.mean(returns)))
    detail = (
        f"{t.env}, training seeds {t.seeds} (at most {t.budget} episodes each; trained "
        f"{trained}), {t.eval_episodes} greedy evaluation episodes per seed capped at "
        f"{max_steps} steps: mean return per seed {[round(v, 1) for v in per_seed]}"
    )
    return Metric(
        float(np.mean(per_seed)),
        detail,
        hint=(
            "A correct REINFORCE with a learned value baseline balances the pole for 500 "
            "steps after one to two hundred episodes here (training stops early once the "
            "last 20 episodes average 490). If the numerical checks above pass, look at how "
            "your functions work together: returns per episode, advantages from the right "
            "baseline, the loss minimized by train_step, actions sampled (not argmax) "
            "during training."
        ),
        curve=LearningCurve.of("training episode", "episode return (sampled actions)", curves),
    )
