"""The learned policy must balance the pole: trained by the submission, evaluated by the grader.

The submission trains (``train_dqn``, its own code, the grader's seeds and budget) and
hands back an agent. The grader then owns the evaluation (checks/evaluation.py): its own
``CartPole-v1`` environments and seeds, the agent asked only for greedy actions, a batch
of observations at a time.
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import LearningCurve, Metric, by_seed, threshold_check
from autograder.checks.evaluation import AgentPolicy, n_actions, rollout, training_history


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
    train = spec.params.get("train", {})
    per_seed, steps, histories = [], [], {}
    for seed in t.seeds:
        agent = submission.train_dqn(t.env, seed, t.budget, **train)
        histories[seed] = training_history(agent)
        policy = AgentPolicy(agent, n_actions(t.env))
        per_seed.append(rollout(policy, t.env, t.episode_seeds(seed), t.max_episode_steps))
        steps.append(steps_trained(histories[seed]))
    value = float(np.mean(np.concatenate(per_seed)))
    detail = (
        f"{t.env}, training seeds {t.seeds}, at most {t.budget} steps each, "
        f"{t.eval_episodes} greedy episodes per seed (capped at {t.max_episode_steps} steps) "
        f"stepped by the grader; mean per seed {[round(float(r.mean()), 1) for r in per_seed]}, "
        f"worst episode {min(float(r.min()) for r in per_seed):g}; steps trained {steps}"
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
        per_seed=by_seed(t.seeds, [r.mean() for r in per_seed]),
    )
