"""Inputs of the DQN checks: transitions, network weights and batches the grader chooses.

Inputs are not secret (the truth computed from them is, in oracle.py), so public and
hidden checks and the oracle share these builders. The public cases are built from
fixed seeds: their expected values are literals in public.py and expected.py, which
tests/test_assignments.py recomputes with the oracle.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")
Weights = list[np.ndarray]

# Seed of the public cases (2015, the DQN paper's year, plus a salt per case); the hidden
# checks draw from their own params.seed in grading.yml (common.case_rng).
PUBLIC_SEED = 2015


def f32(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float32)


def transition(i: int, obs_dim: int, n_actions: int = 2) -> dict:
    """Transition number i (1, 2, ...): its reward is i, so it can be recognized anywhere."""
    obs = np.array([i * (1 + k) * (-1) ** k for k in range(obs_dim)], dtype=np.float32)
    return {
        "obs": obs,
        "actions": i % n_actions,
        "rewards": float(i),
        "next_obs": obs + np.float32(0.5),
        "terminated": float(i % 3 == 0),
        "truncated": float(i % 4 == 0),
    }


def layer_shapes(sizes: list[int]) -> list[tuple[int, ...]]:
    """Shapes of [W1, b1, ..., WL, bL] (Keras' get_weights() order) of an MLP of these sizes."""
    out: list[tuple[int, ...]] = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=False):
        out += [(n_in, n_out), (n_out,)]
    return out


def random_mlp_weights(rng, sizes: list[int], scale: float = 0.6) -> Weights:
    """Fixed, known weights for the checks (float32, as a Keras network stores them)."""
    weights = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        weights.append((rng.normal(size=(n_in, n_out)) * scale).astype(np.float32))
        weights.append((rng.normal(size=n_out) * 0.3).astype(np.float32))
    return weights


def network_case(rng, sizes: list[int], n_obs: int = 16) -> tuple[Weights, np.ndarray]:
    """Weights and observations (spread by 2 so that some ReLUs are off) to evaluate Q on."""
    weights = random_mlp_weights(rng, sizes)
    return weights, f32(rng.normal(size=(n_obs, sizes[0])) * 2.0)


def batch(rng, n, obs_dim, n_actions, terminal_rows=(), truncated_rows=()) -> dict:
    """A replay batch with the given rows terminated or truncated (the rest neither)."""
    term = np.zeros(n, np.float32)
    trunc = np.zeros(n, np.float32)
    term[list(terminal_rows)] = 1.0
    trunc[list(truncated_rows)] = 1.0
    return {
        "obs": f32(rng.normal(size=(n, obs_dim))),
        "actions": rng.integers(0, n_actions, size=n).astype(np.int64),
        "rewards": f32(rng.normal(1.0, 2.0, size=n)),
        "next_obs": f32(rng.normal(size=(n, obs_dim))),
        "terminated": term,
        "truncated": trunc,
    }


@dataclass(frozen=True)
class LossCase:
    """One td_loss or train_step case: the networks, a replay batch and the td_loss settings."""

    online: Weights
    target: Weights | None  # None: the online network is its own target
    batch: dict
    gamma: float = 0.9
    double: bool = False  # the Double DQN target
    delta: float = 1.0  # the Huber loss's delta

    @property
    def arguments(self) -> tuple:
        """What td_loss (and loss_and_gradients_numpy) takes, in its order."""
        return self.online, self.target, self.batch, self.gamma, self.double, self.delta


def loss_case(
    rng, sizes, n, terminal_rows=(), truncated_rows=(), same_network=False, **settings
) -> LossCase:
    """Random networks of these sizes (the target None if ``same_network``) and a batch of
    ``n`` transitions; ``settings``: gamma, double, delta."""
    online = random_mlp_weights(rng, sizes)
    target = None if same_network else random_mlp_weights(rng, sizes)
    replay = batch(rng, n, sizes[0], sizes[-1], terminal_rows, truncated_rows)
    return LossCase(online, target, replay, **settings)


# -- the public cases (fixed seeds; expected values in expected.py) ---------------------------
def public_network_case() -> tuple[Weights, np.ndarray]:
    """q_network_public: a 4-8-8-2 network and 16 observations."""
    return network_case(np.random.default_rng(PUBLIC_SEED + 2), [4, 8, 8, 2])


def public_loss_case(double: bool = False) -> LossCase:
    """td_loss_public: 4-8-8-2 online and target networks, 6 transitions, row 1 terminated,
    row 4 truncated; gamma 0.9, delta 1, the DQN target (or the Double DQN one)."""
    case = loss_case(np.random.default_rng(PUBLIC_SEED + 7), [4, 8, 8, 2], 6, [1], [4])
    return replace(case, double=double)


def public_same_network_loss_case() -> LossCase:
    """td_loss_public's second case: a 3-6-3 network that is its own target, 6 transitions,
    row 2 terminated, row 4 truncated; gamma 0.9, the DQN target, delta 2."""
    rng = np.random.default_rng(PUBLIC_SEED + 11)
    return loss_case(rng, [3, 6, 3], 6, [2], [4], same_network=True, delta=2.0)


def public_train_step_cases() -> list[LossCase]:
    """train_step_public: a 4-8-8-2 pair (DQN, gamma 0.9) and a 3-6-3 pair (Double DQN,
    gamma 0.95), 8 transitions each."""
    rng = np.random.default_rng(PUBLIC_SEED + 9)
    return [
        loss_case(rng, [4, 8, 8, 2], 8, [2], [5], gamma=0.9),
        loss_case(rng, [3, 6, 3], 8, [0], [1], gamma=0.95, double=True),
    ]


def public_polyak_networks() -> tuple[Weights, Weights]:
    """polyak_update_public's larger case: (target, online) 4-8-2 networks."""
    rng = np.random.default_rng(PUBLIC_SEED + 10)
    return random_mlp_weights(rng, [4, 8, 2]), random_mlp_weights(rng, [4, 8, 2])
