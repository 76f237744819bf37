"""Proof for the REINFORCE assignment beyond the template (test_assignments.py: reference
and second implementation full marks on every grader seed, skeleton zero, public
literals): a catalogue of bugs each caught by exactly its checks.

Training costs about 5-10 CPU-seconds per seed (training stops once solved), so the
reference and the alternative implementation are graded in full; the catalogue
(``BUGS``, run by tests/test_bug_catalogue.py with every assignment's) is graded on the
numerical checks alone, and the one bug that a learned policy exposes best
(``threshold_update``) is graded with the threshold check too.
"""

from __future__ import annotations

from bug_catalogue import Entry
from helpers import failed, messages
from notebook_variants import make_variant, skeleton_notebook, solution_notebook

from autograder.grade import grade_notebook

THRESHOLD = "cartpole_threshold"


def restricted(config, keep, threshold_update: dict | None = None):
    return config.subset("reinforce", keep, threshold_update)


def test_skeleton_threshold_row_names_the_first_todo_training_needs(config):
    """The proof template (test_assignments.py) has the skeleton's zero; here: which TODO."""
    report = grade_notebook(
        skeleton_notebook("reinforce"), "reinforce", restricted(config, lambda c: c.id == THRESHOLD)
    )
    (threshold_row,) = report.results
    assert "`policy_network`" in threshold_row.message  # the first TODO the loop needs


PYTORCH_STYLE_NETWORK = """
def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
    # torch.nn.Linear's biases: uniform in +-1/sqrt(fan_in), here on every layer
    def bias(fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return keras.initializers.RandomUniform(-bound, bound)

    layers, fan_in = [keras.Input(shape=(obs_dim,))], obs_dim
    for units in hidden_sizes:
        layers.append(keras.layers.Dense(units, activation="tanh", bias_initializer=bias(fan_in)))
        fan_in = units
    small = keras.initializers.RandomNormal(stddev=0.01)
    layers.append(
        keras.layers.Dense(n_actions, kernel_initializer=small, bias_initializer=bias(fan_in))
    )
    return keras.Sequential(layers)
"""


def test_a_network_with_pytorch_style_biases_passes(config, tmp_path):
    """Issue 14 item 6: the docstring fixes the output kernel only, so biases (any constant
    start) must not matter; before, such a network's logits spread 0.499 of a 0.5 limit."""
    notebook = make_variant(
        solution_notebook("reinforce"),
        tmp_path / "reinforce.ipynb",
        {"policy_network": PYTORCH_STYLE_NETWORK},
    )
    subset = config.subset("reinforce", lambda c: c.id == "policy_network_public")
    report = grade_notebook(notebook, "reinforce", subset)
    assert failed(report) == set(), messages(report)


LOSS_CHECKS = {
    "policy_loss_public",
    "policy_gradient_public",
    "policy_gradient_hidden",
    "train_step_public",
}
LOG_PROB_CHECKS = {"log_prob_public", "log_prob_hidden", "sample_action_public"} | LOSS_CHECKS
RETURNS_CHECKS = {"returns_public", "returns_hidden"}
ADVANTAGE_CHECKS = {"advantages_public", "advantages_hidden"}

# name: Entry(replaced cells, checks it must lose, words the diagnosis must contain)
BUGS = {
    "returns_accumulated_forwards": Entry(
        {
            "returns_to_go": """
            def returns_to_go(rewards, dones, gamma):
                G = np.zeros(len(rewards))
                running = 0.0
                for t in range(len(rewards)):
                    running = rewards[t] + gamma * running
                    G[t] = running
                    if dones[t]:
                        running = 0.0
                return G
        """
        },
        RETURNS_CHECKS,
        "accumulated",
    ),
    "returns_leak_across_episodes": Entry(
        {
            "returns_to_go": """
            def returns_to_go(rewards, dones, gamma):
                G = np.zeros(len(rewards))
                running = 0.0
                for t in reversed(range(len(rewards))):
                    running = rewards[t] + gamma * running
                    G[t] = running
                return G
        """
        },
        RETURNS_CHECKS,
        "leak across",
    ),
    "returns_without_discount": Entry(
        {
            "returns_to_go": """
            def returns_to_go(rewards, dones, gamma):
                G = np.zeros(len(rewards))
                running = 0.0
                for t in reversed(range(len(rewards))):
                    running = rewards[t] + (0.0 if dones[t] else running)
                    G[t] = running
                return G
        """
        },
        RETURNS_CHECKS,
        "no discount",
    ),
    "baseline_depends_on_the_action": Entry(
        {
            "compute_advantages": """
            def compute_advantages(batch, returns, baseline, normalize):
                returns = np.asarray(returns, dtype=np.float64)
                actions = batch["actions"]
                if baseline == "none":
                    b = 0.0
                elif baseline == "mean":  # the mean return of each action: b(s, a)
                    b = np.array([returns[actions == a].mean() for a in actions])
                else:
                    b = np.asarray(batch["values"], dtype=np.float64)
                adv = returns - b
                if normalize:
                    adv = (adv - adv.mean()) / (adv.std() + 1e-8)
                return adv.astype(np.float32)
        """
        },
        ADVANTAGE_CHECKS,
        "depends on the action",
    ),
    "returns_written_into_rewards": Entry(  # the backward pass reuses the rewards array
        {
            "returns_to_go": """
            def returns_to_go(rewards, dones, gamma):
                G = rewards
                for t in reversed(range(len(G) - 1)):
                    if not dones[t]:
                        G[t] += gamma * G[t + 1]
                return G
        """
        },
        RETURNS_CHECKS,
        "changed its input `rewards` in place",
    ),
    "advantages_normalized_in_place": Entry(  # returns -= ..., so the caller's returns move
        {
            "compute_advantages": """
            def compute_advantages(batch, returns, baseline, normalize):
                adv = returns
                if baseline == "mean":
                    adv -= adv.mean()
                elif baseline == "value":
                    adv -= batch["values"]
                if normalize:
                    adv -= adv.mean()
                    adv /= adv.std() + 1e-8
                return adv.astype(np.float32)
        """
        },
        ADVANTAGE_CHECKS,
        "changed its input `returns` in place",
    ),
    "normalization_forgets_the_mean": Entry(
        {
            "compute_advantages": """
            def compute_advantages(batch, returns, baseline, normalize):
                returns = np.asarray(returns, dtype=np.float64)
                b = {"none": 0.0, "mean": returns.mean()}.get(baseline)
                if baseline == "value":
                    b = np.asarray(batch["values"], dtype=np.float64)
                adv = returns - b
                if normalize:
                    adv = adv / (adv.std() + 1e-8)
                return adv.astype(np.float32)
        """
        },
        ADVANTAGE_CHECKS,
        "without subtracting the mean",
    ),
    "loss_sign_flipped": Entry(
        {
            "policy_loss": """
            def policy_loss(logits, actions, advantages, entropy_coef):
                log_pi = tf.nn.log_softmax(logits, axis=-1)
                entropy = -tf.reduce_sum(tf.exp(log_pi) * log_pi, axis=-1)
                log_probs = log_prob_of_actions(logits, actions)
                advantages = tf.cast(advantages, log_probs.dtype)
                return tf.reduce_mean(log_probs * advantages) + entropy_coef * tf.reduce_mean(
                    entropy)
        """
        },
        LOSS_CHECKS,
        "sign is flipped",
    ),
    "entropy_bonus_with_the_wrong_sign": Entry(
        {
            "policy_loss": """
            def policy_loss(logits, actions, advantages, entropy_coef):
                log_pi = tf.nn.log_softmax(logits, axis=-1)
                entropy = -tf.reduce_sum(tf.exp(log_pi) * log_pi, axis=-1)
                log_probs = log_prob_of_actions(logits, actions)
                advantages = tf.cast(advantages, log_probs.dtype)
                return -tf.reduce_mean(log_probs * advantages) + entropy_coef * tf.reduce_mean(
                    entropy)
        """
        },
        LOSS_CHECKS,
        "wrong sign",
    ),
    "loss_sums_over_the_batch": Entry(
        {
            "policy_loss": """
            def policy_loss(logits, actions, advantages, entropy_coef):
                log_pi = tf.nn.log_softmax(logits, axis=-1)
                entropy = -tf.reduce_sum(tf.exp(log_pi) * log_pi, axis=-1)
                log_probs = log_prob_of_actions(logits, actions)
                advantages = tf.cast(advantages, log_probs.dtype)
                return -tf.reduce_sum(log_probs * advantages) - entropy_coef * tf.reduce_sum(
                    entropy)
        """
        },
        LOSS_CHECKS,
        "sum over the batch",
    ),
    "log_prob_of_the_greedy_action": Entry(
        {
            "log_prob_of_actions": """
            def log_prob_of_actions(logits, actions):
                return tf.reduce_max(tf.nn.log_softmax(logits, axis=-1), axis=-1)
        """
        },
        LOG_PROB_CHECKS,
        "greedy",
    ),
    "softmax_normalized_over_the_batch": Entry(
        {
            "log_prob_of_actions": """
            def log_prob_of_actions(logits, actions):
                log_pi = tf.nn.log_softmax(logits, axis=0)
                return tf.gather(log_pi, actions, axis=1, batch_dims=1)
        """
        },
        LOG_PROB_CHECKS,
        "BATCH axis",
    ),
    "log_of_softmax_underflows": Entry(
        {
            "log_prob_of_actions": """
            def log_prob_of_actions(logits, actions):
                log_pi = tf.math.log(tf.nn.softmax(logits, axis=-1))
                return tf.gather(log_pi, actions, axis=1, batch_dims=1)
        """
        },
        {"log_prob_public", "log_prob_hidden"},
        "underflows",
    ),
    "greedy_instead_of_sampled_actions": Entry(
        {
            "sample_action": """
            def sample_action(logits):
                actions = tf.argmax(logits, axis=-1, output_type=tf.int32)
                return actions, log_prob_of_actions(logits, actions)
        """
        },
        {"sample_action_public"},
        "argmax",
    ),
    "probabilities_passed_as_logits": Entry(
        {
            "sample_action": """
            def sample_action(logits):
                probs = tf.nn.softmax(logits)
                actions = tf.random.categorical(probs, 1, dtype=tf.int32)[:, 0]
                return actions, log_prob_of_actions(logits, actions)
        """
        },
        {"sample_action_public"},
        "takes LOGITS",
    ),
    "policy_ends_with_a_softmax": Entry(
        {
            "policy_network": """
            def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
                layers = [keras.Input(shape=(obs_dim,))]
                layers += [keras.layers.Dense(units, activation="tanh") for units in hidden_sizes]
                layers.append(keras.layers.Dense(n_actions, activation="softmax"))
                return keras.Sequential(layers)
        """
        },
        {"policy_network_public"},
        "remove the softmax",
    ),
    "policy_hidden_layers_without_activation": Entry(  # Dense(units) is linear by default
        {
            "policy_network": """
            def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
                small = keras.initializers.RandomNormal(stddev=0.01)
                layers = [keras.Input(shape=(obs_dim,))]
                layers += [keras.layers.Dense(units) for units in hidden_sizes]
                layers.append(keras.layers.Dense(n_actions, kernel_initializer=small))
                return keras.Sequential(layers)
        """
        },
        {"policy_network_public"},
        "no activation on the hidden layers",
    ),
    "policy_ignores_hidden_sizes": Entry(  # one hidden layer of 32 whatever is asked
        {
            "policy_network": """
            def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
                small = keras.initializers.RandomNormal(stddev=0.01)
                layers = [keras.Input(shape=(obs_dim,)), keras.layers.Dense(32, activation="tanh")]
                layers.append(keras.layers.Dense(n_actions, kernel_initializer=small))
                return keras.Sequential(layers)
        """
        },
        {"policy_network_public"},
        "should have 435 parameters",
    ),
    "policy_starts_far_from_uniform": Entry(
        {
            "policy_network": """
            def policy_network(obs_dim, n_actions, hidden_sizes=(32,)):
                layers = [keras.Input(shape=(obs_dim,))]
                layers += [keras.layers.Dense(units, activation="tanh") for units in hidden_sizes]
                layers.append(keras.layers.Dense(n_actions))
                return keras.Sequential(layers)
        """
        },
        {"policy_network_public"},
        "close to uniform",
    ),
    "train_step_ascends_the_loss": Entry(
        {
            "train_step": """
            @tf.function(reduce_retracing=True)
            def train_step(model, optimizer, obs, actions, advantages, entropy_coef):
                with tf.GradientTape() as tape:
                    loss = policy_loss(model(obs, training=True), actions, advantages,
                                       entropy_coef)
                grads = tape.gradient(loss, model.trainable_variables)
                optimizer.apply_gradients(zip([-g for g in grads], model.trainable_variables))
                return loss
        """
        },
        {"train_step_public"},
        "went UP the loss",
        # also trained, on one seed and 150 episodes: the agent unlearns balancing
        threshold_update={"seeds": [1], "budget": 150},
        metric_below=30.0,
    ),
}

# BUGS is run by tests/test_bug_catalogue.py, with every other assignment's.
