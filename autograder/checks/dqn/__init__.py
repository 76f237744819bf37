"""Checks of the DQN assignment (ids as in grading.yml).

public.py: hand-computed cases (inputs in cases.py, the values of the larger ones in
expected.py). hidden.py: random cases against oracle.py. threshold.py: train, then the
grader evaluates; grading.yml makes it hidden, so like hidden.py and oracle.py it is
absent from the student starter.

Every module here marks its checks with @check or @threshold_check
(autograder/checks/registry.py finds them; nothing is re-exported).
"""
