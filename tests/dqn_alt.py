"""A second correct DQN, written differently from the reference, as replacement cells.

Each entry maps a function the reference notebook defines to the source of the cell
that replaces it (``make_variant``). It draws its random numbers differently
(``rng.choice`` in the buffer), builds the network with the functional API, selects
actions with one-hot masks instead of ``tf.gather``, writes the Huber loss with
``tf.where``, stops gradients on the next-state values instead of the target, and uses
``optimizer.apply``: the checks must accept it, and it must pass the threshold on every
grader seed.
"""

from __future__ import annotations

ALT_CELLS = {
    # the ReplayBuffer cell is found by the method it defines
    "add": """
        class ReplayBuffer:
            FIELDS = ("obs", "actions", "rewards", "next_obs", "terminated", "truncated")

            def __init__(self, capacity, obs_dim, seed=0):
                self.capacity = int(capacity)
                self.obs = np.zeros((self.capacity, obs_dim), dtype=np.float32)
                self.actions = np.zeros(self.capacity, dtype=np.int64)
                self.rewards = np.zeros(self.capacity, dtype=np.float32)
                self.next_obs = np.zeros((self.capacity, obs_dim), dtype=np.float32)
                self.terminated = np.zeros(self.capacity, dtype=np.float32)
                self.truncated = np.zeros(self.capacity, dtype=np.float32)
                self.size = 0
                self.pos = 0
                self.rng = np.random.default_rng(seed)

            def __len__(self):
                return self.size

            def contents(self):
                return {key: getattr(self, key)[: self.size].copy() for key in self.FIELDS}

            def add(self, obs, action, reward, next_obs, terminated, truncated):
                values = (obs, action, reward, next_obs, terminated, truncated)
                for key, value in zip(self.FIELDS, values):
                    getattr(self, key)[self.pos] = value
                self.pos += 1
                if self.pos == self.capacity:
                    self.pos = 0
                if self.size < self.capacity:
                    self.size += 1

            def sample(self, batch_size):
                idx = self.rng.choice(self.size, size=batch_size, replace=True)
                return dict(zip(self.FIELDS, (getattr(self, key).take(idx, axis=0)
                                              for key in self.FIELDS)))
    """,
    "linear_epsilon": """
        def linear_epsilon(step, eps_start, eps_end, decay_steps):
            return float(np.interp(step, [0, decay_steps], [eps_start, eps_end]))
    """,
    "make_q_network": """
        def make_q_network(obs_dim, n_actions, hidden_sizes):
            inputs = keras.Input(shape=(obs_dim,), name="observation")
            h = inputs
            for i, units in enumerate(hidden_sizes):
                h = keras.layers.Dense(units, name=f"hidden_{i}")(h)
                h = keras.layers.ReLU()(h)
            q = keras.layers.Dense(n_actions, activation="linear", name="q_values")(h)
            return keras.Model(inputs, q)
    """,
    "dqn_targets": """
        def dqn_targets(rewards, next_q_target, terminated, truncated, gamma):
            bootstrap = rewards + gamma * tf.math.reduce_max(next_q_target, axis=-1)
            return tf.where(tf.cast(terminated, tf.bool), tf.cast(rewards, bootstrap.dtype),
                            bootstrap)
    """,
    "double_dqn_targets": """
        def double_dqn_targets(rewards, next_q_online, next_q_target, terminated, truncated, gamma):
            n_actions = tf.shape(next_q_online)[-1]
            pick = tf.one_hot(tf.argmax(next_q_online, axis=-1), n_actions,
                              dtype=next_q_target.dtype)
            value = tf.reduce_sum(pick * next_q_target, axis=-1)
            return rewards + gamma * value * (1.0 - terminated)
    """,
    "huber_loss": """
        def huber_loss(td_errors, delta):
            a = tf.abs(td_errors)
            return tf.where(a <= delta, 0.5 * td_errors * td_errors, delta * (a - 0.5 * delta))
    """,
    "td_loss": """
        def td_loss(online, target, batch, gamma, double, huber_delta):
            n_actions = online.output_shape[-1]
            mask = tf.one_hot(batch["actions"], n_actions)
            q_taken = tf.reduce_sum(online(batch["obs"]) * mask, axis=1)
            next_target = tf.stop_gradient(target(batch["next_obs"]))
            if double:
                next_online = tf.stop_gradient(online(batch["next_obs"]))
                y = double_dqn_targets(batch["rewards"], next_online, next_target,
                                       batch["terminated"], batch["truncated"], gamma)
            else:
                y = dqn_targets(batch["rewards"], next_target, batch["terminated"],
                                batch["truncated"], gamma)
            return tf.reduce_mean(huber_loss(q_taken - y, huber_delta))
    """,
    "train_step": """
        @tf.function(reduce_retracing=True)
        def train_step(online, target, optimizer, batch, gamma, double, huber_delta):
            variables = online.trainable_weights
            with tf.GradientTape(persistent=False) as tape:
                loss = td_loss(online, target, batch, gamma, double, huber_delta)
            optimizer.apply(tape.gradient(loss, variables), variables)
            return loss
    """,
    "polyak_update": """
        def polyak_update(target_weights, online_weights, tau):
            return [np.add(t, tau * (np.asarray(o) - t)) for t, o in zip(target_weights,
                                                                         online_weights)]
    """,
}
