"""The time-limit probe: a two-state environment whose values show how a training
loop handles ``terminated`` and ``truncated``.

In state 0, action 0 ("stay") pays +1 and the episode goes on; action 1 ("quit") pays
+2 and ends in the terminal state 1. Only the time limit (5 steps) cuts a run of
"stay". An agent that bootstraps on truncation learns Q(0, stay) = 1 / (1 - gamma)
(Q-learning); one that treats the time limit as a terminal state learns far less,
and one that updates the state it arrived in changes the row of the terminal state.

The notebook defines and registers the same environment in a provided cell: the
student's ``train`` runs in the sandbox, which imports nothing of the grader, and
creates it by id. The grader registers its own copy here, for its side of the check.
"""

from __future__ import annotations

import gymnasium as gym
from gymnasium import spaces

ENV_ID = "TimeLimitProbe-v0"
TIME_LIMIT = 5
STAY_REWARD, QUIT_REWARD = 1.0, 2.0


class TimeLimitProbe(gym.Env):
    observation_space = spaces.Discrete(2)  # 0: the only state to act in; 1: terminal
    action_space = spaces.Discrete(2)  # 0: stay, 1: quit

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        return 0, {}

    def step(self, action):
        if int(action) == 1:
            return 1, QUIT_REWARD, True, False, {}
        return 0, STAY_REWARD, False, False, {}


if ENV_ID not in gym.registry:
    gym.register(id=ENV_ID, entry_point=TimeLimitProbe, max_episode_steps=TIME_LIMIT)
