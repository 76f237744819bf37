"""A second correct implementation of the Q-learning notebook, written differently.

It replaces every function cell of the reference (see notebook_variants.make_variant)
and draws its random numbers differently: a coin for exploring, then a uniform
draw among all actions or among the tied maxima; a generator per episode for the
environment; the next action is drawn after the update except for SARSA, and
the targets are computed with masks and closed forms instead of branches. The
checks must give it full marks on every grader seed: they may not depend on how
a submission uses its random numbers.
"""

ALT_CELLS = {
    "epsilon_greedy_probs": """
        def epsilon_greedy_probs(q_row, epsilon):
            q = np.asarray(q_row, dtype=float)
            winners = np.flatnonzero(q == np.max(q))
            probs = np.ones_like(q) * (epsilon / q.size)
            np.add.at(probs, winners, (1.0 - epsilon) / winners.size)
            return probs
    """,
    "epsilon_greedy_action": """
        def epsilon_greedy_action(q_row, epsilon, rng):
            q = np.asarray(q_row)
            if rng.random() < epsilon:
                return int(rng.integers(q.size))
            return int(rng.choice(np.flatnonzero(q == q.max())))
    """,
    "q_learning_target": """
        def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
            keep_going = 1.0 - float(bool(terminated))
            return reward + keep_going * gamma * max(next_q_row)
    """,
    "sarsa_target": """
        def sarsa_target(reward, next_q_row, next_action, gamma, terminated, truncated):
            return float(np.where(terminated, reward, reward + gamma * next_q_row[next_action]))
    """,
    "expected_sarsa_target": """
        def expected_sarsa_target(reward, next_q_row, epsilon, gamma, terminated, truncated):
            # epsilon-greedy expectation in closed form: every tied maximum has the max value
            q = np.asarray(next_q_row, dtype=float)
            value = epsilon * q.mean() + (1.0 - epsilon) * q.max()
            return reward if terminated else reward + gamma * value
    """,
    "td_update": """
        def td_update(Q, state, action, target, alpha):
            new_Q = Q.copy()
            new_Q[state, action] = (1.0 - alpha) * Q[state, action] + alpha * target
            return new_Q
    """,
    "linear_schedule": """
        def linear_schedule(start, end, duration, t):
            return float(np.interp(t, [0.0, duration], [start, end]))
    """,
    "train": """
        def train(env_id, algorithm="q_learning", n_episodes=1000, seed=0, alpha_start=0.1,
                  alpha_end=0.1, gamma=0.99, eps_start=1.0, eps_end=0.05,
                  exploration_fraction=0.5, max_episode_steps=None):
            env = gym.make(env_id, max_episode_steps=max_episode_steps)
            n_states, n_actions = env.observation_space.n, env.action_space.n
            Q = np.zeros((n_states, n_actions), dtype=np.float64)
            returns = []
            seeds = np.random.SeedSequence(seed).spawn(n_episodes)
            for k in range(n_episodes):
                rng = np.random.default_rng(seeds[k])  # a fresh stream per episode
                eps = linear_schedule(eps_start, eps_end, exploration_fraction * n_episodes, k)
                lr = linear_schedule(alpha_start, alpha_end, n_episodes, k)
                s, _ = env.reset(seed=int(rng.integers(2**31)))
                a = epsilon_greedy_action(Q[s], eps, rng)
                total, done = 0.0, False
                while not done:
                    s2, r, term, trunc, _ = env.step(a)
                    total += r
                    if algorithm == "sarsa":
                        a2 = epsilon_greedy_action(Q[s2], eps, rng)
                        y = sarsa_target(r, Q[s2], a2, gamma, term, trunc)
                    elif algorithm == "expected_sarsa":
                        y = expected_sarsa_target(r, Q[s2], eps, gamma, term, trunc)
                    else:
                        y = q_learning_target(r, Q[s2], gamma, term, trunc)
                    Q = td_update(Q, s, a, y, lr)
                    if algorithm != "sarsa":
                        a2 = epsilon_greedy_action(Q[s2], eps, rng)  # from the updated table
                    s, a, done = s2, a2, term or trunc
                returns.append(total)
            return Q, np.array(returns)
    """,
}
