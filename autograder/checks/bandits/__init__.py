"""Checks of the bandits assignment (ids as in grading.yml).

public.py: hand-computed cases; testbed.py: threshold checks (both public);
hidden.py: random cases against oracle.py (absent from the student starter).
"""

from autograder.checks.bandits.public import (  # noqa: F401
    constant_step_public,
    epsilon_greedy_public,
    gradient_bandit_public,
    incremental_update_public,
    sample_average_public,
    softmax_public,
    ucb_public,
)
from autograder.checks.bandits.testbed import (  # noqa: F401
    testbed_epsilon_greedy,
    testbed_gradient_bandit,
    testbed_ucb,
)

try:  # hidden checks are left out of the students' copy
    from autograder.checks.bandits.hidden import (  # noqa: F401
        epsilon_greedy_hidden,
        gradient_bandit_hidden,
        sample_average_hidden,
        ucb_hidden,
    )
except ImportError:
    pass
