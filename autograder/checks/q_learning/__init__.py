"""Checks of the tabular Q-learning assignment (ids as in grading.yml).

public.py: hand-computed cases; training.py: the training loop's contract and the
time-limit probe; thresholds.py: Q-learning's greedy path on the cliff (all public).
hidden.py: random cases against oracle.py and the learned policies measured against
the optimum (both absent from the student starter).
"""

from autograder.checks.q_learning.public import (  # noqa: F401
    epsilon_greedy_public,
    expected_sarsa_target_public,
    linear_schedule_public,
    q_learning_target_public,
    sarsa_target_public,
    td_update_public,
)
from autograder.checks.q_learning.thresholds import cliff_q_learning_path  # noqa: F401
from autograder.checks.q_learning.training import (  # noqa: F401
    time_limit_bootstrap,
    train_public,
)

try:  # hidden checks are left out of the students' copy
    from autograder.checks.q_learning.hidden import (  # noqa: F401
        cliff_sarsa_epsilon_greedy,
        epsilon_greedy_hidden,
        expected_sarsa_target_hidden,
        frozenlake_optimal,
        linear_schedule_hidden,
        q_learning_target_hidden,
        sarsa_target_hidden,
        taxi_expected_sarsa,
        td_update_hidden,
    )
except ImportError:
    pass
