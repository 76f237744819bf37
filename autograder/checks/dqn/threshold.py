"""The learned policy must balance the pole: trained by the submission, evaluated by the grader.

The submission trains (``train_dqn``, its own code, the grader's seeds and budget) and
hands back an agent. The grader then owns the evaluation: it makes its own
``CartPole-v1`` environments, resets them with its own seeds, steps them, sums the
rewards and caps every episode; the agent is only asked for greedy actions, a batch of
observations at a time (one call per time step for all episodes still running).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import LearningCurve, Metric, threshold_check
from autograder.checks.tensors import method, to_numpy
from autograder.sandbox.errors import SubmissionError


def greedy_returns(agent, env_id: str, seeds: list[int], max_steps: int) -> np.ndarray:
    """Undiscounted return of one episode per seed, the grader stepping every environment."""
    import gymnasium as gym

    envs = [gym.make(env_id, max_episode_steps=max_steps) for _ in seeds]
    n_actions = int(envs[0].action_space.n)
    obs = np.stack([env.reset(seed=int(s))[0] for env, s in zip(envs, seeds, strict=True)]).astype(
        np.float32
    )
    returns = np.zeros(len(seeds))
    running = np.ones(len(seeds), dtype=bool)
    for _ in range(max_steps):
        idx = np.flatnonzero(running)
        if idx.size == 0:
            break
        actions = to_numpy(method(agent, "act_batch")(obs[idx]))
        if (
            not isinstance(actions, np.ndarray)
            or actions.shape != (idx.size,)
            or actions.dtype.kind not in "iu"
            or np.any((actions < 0) | (actions >= n_actions))
        ):
            raise AssertionError(
                f"agent.act_batch(observations) with observations of shape ({idx.size}, "
                f"{obs.shape[1]}) should return an integer array of shape ({idx.size},) with "
                f"actions in 0..{n_actions - 1}; got {actions!r:.200}."
            )
        for j, action in zip(idx, actions, strict=True):
            next_obs, reward, terminated, truncated, _ = envs[j].step(int(action))
            returns[j] += reward
            obs[j] = next_obs
            if terminated or truncated:
                running[j] = False
    for env in envs:
        env.close()
    return returns


def training_history(agent) -> dict[str, np.ndarray]:
    """The learning curves train_dqn recorded (empty if the agent has none to give)."""
    try:
        history = method(agent, "get_history")()
        return {str(k): np.asarray(to_numpy(v), dtype=np.float64) for k, v in history.items()}
    except (SubmissionError, AttributeError, TypeError, ValueError):
        return {}


def history_curve(histories: dict[int, dict[str, np.ndarray]]) -> LearningCurve | None:
    """Greedy evaluation returns during training if recorded, else the episode returns."""
    for x_key, y_key, y_label in (
        ("eval_step", "eval_return", "greedy evaluation return during training"),
        ("episode_end_step", "episode_return", "training episode return"),
    ):
        usable = {
            seed: h
            for seed, h in histories.items()
            if h.get(x_key) is not None
            and h.get(y_key) is not None
            and h[x_key].shape == h[y_key].shape
            and h[x_key].ndim == 1
        }
        if usable and len(usable) == len(histories):
            return LearningCurve.of(
                "environment step",
                y_label,
                {f"training seed {s}": h[y_key] for s, h in usable.items()},
                x={f"training seed {s}": h[x_key] for s, h in usable.items()},
            )
    return None


def steps_trained(history: dict[str, np.ndarray]) -> int | None:
    """How many environment steps training used (recorded by the provided train_dqn)."""
    steps = history.get("steps")
    return int(steps.ravel()[0]) if steps is not None and steps.size else None


@threshold_check
def cartpole_threshold(submission, spec) -> Metric:
    t = spec.threshold
    params = dict(spec.params)
    eval_seed = int(params.pop("eval_seed", 100_000))
    max_steps = int(params.pop("max_episode_steps", 500))
    per_seed, steps, histories = [], [], {}
    for seed in t.seeds:
        agent = submission.train_dqn(t.env, seed, t.budget, **params)
        histories[seed] = training_history(agent)
        seeds = [eval_seed + 1000 * seed + i for i in range(t.eval_episodes)]
        per_seed.append(greedy_returns(agent, t.env, seeds, max_steps))
        steps.append(steps_trained(histories[seed]))
    value = float(np.mean(np.concatenate(per_seed)))
    detail = (
        f"{t.env}, training seeds {t.seeds}, at most {t.budget} steps each, "
        f"{t.eval_episodes} greedy episodes per seed (capped at {max_steps} steps) stepped by "
        f"the grader; mean per seed {[round(float(r.mean()), 1) for r in per_seed]}, worst "
        f"episode {min(float(r.min()) for r in per_seed):g}; steps trained {steps}"
    )
    return Metric(
        value,
        detail,
        hint=(
            "A correct DQN balances the pole for all 500 steps well within the budget. If the "
            "numerical checks pass, look at the learning curve (agent.history, plotted in "
            "the notebook's experiment): returns stuck near 10-20 mean nothing is learned "
            "(network initialization, target updates, the sign of the step); a curve that "
            "rises and collapses points at the targets (terminal states, the target network)."
        ),
        curve=history_curve(histories),
    )
