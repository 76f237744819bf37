"""The threshold check: train with the student's code, then the grader evaluates.

The submission trains ``train_reinforce(env_id, seed, n_episodes, **params)`` (the
notebook's provided loop around the student's functions) under the seeds, budget and
hyper-parameters of grading.yml. The grader then owns the evaluation (checks/evaluation.py):
its own CartPole-v1 and seeds, the trained agent asked only for greedy actions
(``agent.act_batch(observations) -> actions``).
"""

from __future__ import annotations

import numpy as np

from autograder.checks.common import LearningCurve, Metric, by_seed, threshold_check
from autograder.checks.evaluation import AgentPolicy, n_actions, rollout, training_history
from autograder.checks.submitted import NotImplementedYet, has_method, type_name


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
    per_seed, trained, curves = [], [], {}
    for seed in t.seeds:
        try:
            agent = submission.train_reinforce(t.env, seed, t.budget, **train_params)
        except NotImplementedYet:
            _raise_first_missing(submission)
            raise
        if not has_method(agent, "act_batch"):
            raise AssertionError(
                f"train_reinforce should return an agent with an act_batch(observations) "
                f"method; it returned {type_name(agent)}."
            )
        curve = training_history(agent).get("episode_return", np.zeros(0))
        trained.append(len(curve))
        curves[f"training seed {seed}"] = curve
        policy = AgentPolicy(agent, n_actions(t.env))
        returns = rollout(policy, t.env, t.episode_seeds(seed), t.max_episode_steps)
        per_seed.append(float(np.mean(returns)))
    detail = (
        f"{t.env}, training seeds {t.seeds} (at most {t.budget} episodes each; trained "
        f"{trained}), {t.eval_episodes} greedy evaluation episodes per seed capped at "
        f"{t.max_episode_steps} steps: mean return per seed {[round(v, 1) for v in per_seed]}"
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
        per_seed=by_seed(t.seeds, per_seed),
    )
