"""A second correct REINFORCE, written differently from the reference.

Each entry replaces the TODO cell that defines the function (tests/notebook_variants.py).
Differences from the reference: a functional-API network with a zero-initialized output
layer; log-probabilities from logsumexp and a one-hot mask; sampling by the Gumbel-max
trick (other random numbers, drawn differently); returns by the plain backward
recursion; advantages with explicit branches on arrays; the entropy from logsumexp;
gradients applied with ``optimizer.apply``. It must pass every check, the threshold
included, on every grader seed.
"""

ALT_CELLS = {
    "policy_network": """
        def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
            inputs = keras.Input(shape=(obs_dim,), dtype="float32")
            x = inputs
            for i, units in enumerate(hidden_sizes):
                x = keras.layers.Dense(units, activation=tf.tanh, name=f"hidden_{i}")(x)
            logits = keras.layers.Dense(n_actions, kernel_initializer="zeros", name="logits")(x)
            return keras.Model(inputs, logits)
    """,
    "log_prob_of_actions": """
        def log_prob_of_actions(logits, actions):
            logits = tf.convert_to_tensor(logits, dtype=tf.float32)
            mask = tf.one_hot(actions, depth=tf.shape(logits)[-1], dtype=logits.dtype)
            chosen = tf.reduce_sum(mask * logits, axis=-1)
            return chosen - tf.reduce_logsumexp(logits, axis=-1)
    """,
    "sample_action": """
        def sample_action(logits):
            logits = tf.convert_to_tensor(logits, dtype=tf.float32)
            u = tf.random.uniform(tf.shape(logits), minval=1e-12, maxval=1.0)
            gumbel = -tf.math.log(-tf.math.log(u))
            actions = tf.cast(tf.argmax(logits + gumbel, axis=-1), tf.int32)
            return actions, log_prob_of_actions(logits, actions)
    """,
    "returns_to_go": """
        def returns_to_go(rewards, dones, gamma):
            G = np.empty(len(rewards), dtype=np.float64)
            future = 0.0
            for t in range(len(rewards) - 1, -1, -1):
                future = float(rewards[t]) + (0.0 if dones[t] else gamma * future)
                G[t] = future
            return G
    """,
    "compute_advantages": """
        def compute_advantages(batch, returns, baseline, normalize):
            returns = np.array(returns, dtype=np.float64)
            baselines = {
                "none": np.zeros_like(returns),
                "mean": np.full_like(returns, returns.mean()),
            }
            if baseline == "value":
                baselines["value"] = np.asarray(batch["values"], dtype=np.float64)
            adv = returns - baselines[baseline]
            if normalize:
                centred = adv - adv.mean()
                adv = centred / (np.sqrt(np.mean(centred**2)) + 1e-8)
            return adv.astype(np.float32)
    """,
    "policy_loss": """
        def policy_loss(logits, actions, advantages, entropy_coef):
            logits = tf.convert_to_tensor(logits, dtype=tf.float32)
            advantages = tf.stop_gradient(tf.convert_to_tensor(advantages, dtype=tf.float32))
            pi = tf.nn.softmax(logits)
            entropy = tf.reduce_logsumexp(logits, axis=-1) - tf.reduce_sum(pi * logits, axis=-1)
            surrogate = tf.reduce_mean(advantages * log_prob_of_actions(logits, actions))
            return -(surrogate + entropy_coef * tf.reduce_mean(entropy))
    """,
    "train_step": """
        @tf.function(reduce_retracing=True)
        def train_step(model, optimizer, obs, actions, advantages, entropy_coef):
            variables = model.trainable_variables
            with tf.GradientTape() as tape:
                loss = policy_loss(model(obs), actions, advantages, entropy_coef)
            optimizer.apply(tape.gradient(loss, variables), variables)
            return loss
    """,
}
