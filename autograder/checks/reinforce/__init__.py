"""Checks of the REINFORCE assignment (ids as in grading.yml).

public.py: hand-computed cases; threshold.py: train, then the grader evaluates (both
public); hidden.py: random cases against oracle.py (absent from the student starter).
"""

from autograder.checks.reinforce.public import (  # noqa: F401
    advantages_public,
    log_prob_public,
    policy_gradient_public,
    policy_loss_public,
    policy_network_public,
    returns_public,
    sample_action_public,
    train_step_public,
)
from autograder.checks.reinforce.threshold import cartpole_threshold  # noqa: F401

try:  # hidden checks are left out of the students' copy
    from autograder.checks.reinforce.hidden import (  # noqa: F401
        advantages_hidden,
        log_prob_hidden,
        policy_gradient_hidden,
        returns_hidden,
    )
except ImportError:
    pass
