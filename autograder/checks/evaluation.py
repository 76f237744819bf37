"""The grader's evaluation of a learned policy: one rollout, one agent protocol, one seed scheme.

Every threshold check that plays episodes (q_learning, dynamic_programming, dqn,
reinforce) goes through :func:`rollout`, so they all mean the same by an evaluation:

- **the grader owns the environment**: it makes its own Gymnasium environments, resets
  evaluation episode ``i`` after training seed ``s`` with ``eval_seed + 1000 s + i``
  (``ThresholdSpec.episode_seeds``), steps them, sums the rewards and caps each episode at
  ``threshold.max_episode_steps`` (None: the environment's own time limit);
- **one agent protocol**: a policy is anything with ``act_batch(observations) -> actions``,
  one integer action per row, asked once per time step for every episode still running
  (a round trip to the sandbox per step, not per episode and step). A trained agent of
  the notebook answers it itself (dqn, reinforce: its ``get_history()`` gives the learning
  curves); a table the submission returns (a Q-table, a planned policy) is turned into a
  policy by the grader (:class:`TablePolicy`), so the submission cannot choose how it is
  read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import gymnasium as gym
import numpy as np

from autograder.checks.submitted import SubmissionError, method, to_numpy

# episodes stepped in lockstep: wide enough that a remote agent answers few, large calls,
# narrow enough that a thousand-episode evaluation does not hold a thousand environments
LOCKSTEP_WIDTH = 100


class Policy(Protocol):
    def act_batch(self, observations: np.ndarray) -> np.ndarray: ...


@dataclass
class TablePolicy:
    """The grader's policy on a table of action preferences (Q-values or pi(a|s)) of a
    discrete environment: the argmax, ties to the lowest action (the grader's convention);
    with ``epsilon`` > 0, epsilon-greedy (ties share the greedy probability), drawn from
    the grader's own generator."""

    table: np.ndarray
    epsilon: float = 0.0
    rng: np.random.Generator | None = None

    def act_batch(self, states: np.ndarray) -> np.ndarray:
        rows = np.asarray(self.table)[np.asarray(states, dtype=np.int64)]
        if self.epsilon == 0:
            return rows.argmax(axis=1)
        greedy = rows == rows.max(axis=1, keepdims=True)
        probs = self.epsilon / rows.shape[1] + (1 - self.epsilon) * greedy / greedy.sum(
            axis=1, keepdims=True
        )
        draws = self.rng.random(len(rows))[:, None]
        return np.minimum((probs.cumsum(axis=1) < draws).sum(axis=1), rows.shape[1] - 1)


class AgentPolicy:
    """A trained agent of the submission (local, or a RemoteObject in the sandbox), its
    answers validated: an integer array of one action per observation, in range."""

    def __init__(self, agent: Any, n_actions: int):
        self._act_batch = method(agent, "act_batch")
        self.n_actions = n_actions

    def act_batch(self, observations: np.ndarray) -> np.ndarray:
        actions = to_numpy(self._act_batch(observations))
        n = len(observations)
        if (
            not isinstance(actions, np.ndarray)
            or actions.shape != (n,)
            or actions.dtype.kind not in "iu"
            or np.any((actions < 0) | (actions >= self.n_actions))
        ):
            raise AssertionError(
                f"agent.act_batch(observations) with observations of shape "
                f"{tuple(observations.shape)} should return an integer array of shape ({n},) "
                f"with actions in 0..{self.n_actions - 1}; got {actions!r:.200}."
            )
        return actions


def n_actions(env_id: str) -> int:
    env = gym.make(env_id)
    try:
        return int(env.action_space.n)
    finally:
        env.close()


def rollout(
    policy: Policy, env_id: str, seeds: list[int], max_episode_steps: int | None = None
) -> np.ndarray:
    """The undiscounted return of one episode per seed, every environment the grader's.

    At most LOCKSTEP_WIDTH environments are made, once, and reset with each episode's seed
    (``reset(seed=...)`` reseeds an environment completely, so an episode is the same as
    on a fresh one): making Taxi builds its transition table, 6 ms a time, which for a
    thousand fresh environments cost more than the training itself."""
    returns = np.zeros(len(seeds))
    width = min(LOCKSTEP_WIDTH, len(seeds))
    envs = [gym.make(env_id, max_episode_steps=max_episode_steps) for _ in range(width)]
    try:
        for start in range(0, len(seeds), width):
            chunk = list(range(start, min(start + width, len(seeds))))
            obs = [env.reset(seed=int(seeds[i]))[0] for env, i in zip(envs, chunk, strict=False)]
            running = list(range(len(chunk)))
            while running:
                batch = np.stack([np.asarray(obs[j]) for j in running])
                if batch.dtype.kind == "f":
                    batch = batch.astype(np.float32)
                actions = policy.act_batch(batch)
                still = []
                for j, action in zip(running, actions, strict=True):
                    obs[j], reward, terminated, truncated, _ = envs[j].step(int(action))
                    returns[chunk[j]] += float(reward)
                    if not (terminated or truncated):
                        still.append(j)
                running = still
    finally:
        for env in envs:
            env.close()
    return returns


def training_history(agent: Any) -> dict[str, np.ndarray]:
    """The learning curves the agent recorded while training (``get_history()``), as float
    arrays; empty if it has none to give (the curve is feedback, never a score)."""
    try:
        history = method(agent, "get_history")()
        return {str(k): np.asarray(to_numpy(v), dtype=np.float64) for k, v in history.items()}
    except (SubmissionError, AttributeError, TypeError, ValueError):
        return {}
