"""Checks of the DQN assignment (ids as in grading.yml).

public.py: hand-computed cases (inputs in cases.py, the values of the larger ones in
expected.py). hidden.py: random cases against oracle.py. threshold.py: train, then the
grader evaluates; grading.yml makes it hidden, so like hidden.py and oracle.py it is
absent from the student starter.
"""

from autograder.checks.dqn.public import (  # noqa: F401
    double_dqn_targets_public,
    dqn_targets_public,
    epsilon_schedule_public,
    huber_loss_public,
    polyak_update_public,
    q_network_public,
    replay_buffer_public,
    td_loss_public,
    train_step_public,
)

try:  # hidden checks are left out of the students' copy
    from autograder.checks.dqn.hidden import (  # noqa: F401
        double_dqn_targets_hidden,
        dqn_targets_hidden,
        epsilon_schedule_hidden,
        huber_loss_hidden,
        q_network_hidden,
        replay_buffer_hidden,
        td_loss_hidden,
    )
    from autograder.checks.dqn.threshold import cartpole_threshold  # noqa: F401
except ImportError:
    pass
