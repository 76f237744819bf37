"""Checks of the tabular Q-learning assignment (ids as in grading.yml).

public.py: hand-computed cases; training.py: the training loop's contract and the
time-limit probe; thresholds.py: Q-learning's greedy path on the cliff (all public).
hidden.py: random cases against oracle.py and the learned policies measured against
the optimum (both absent from the student starter).

Every module here marks its checks with @check or @threshold_check
(autograder/checks/registry.py finds them; nothing is re-exported).
"""
