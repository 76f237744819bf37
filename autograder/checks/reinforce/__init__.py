"""Checks of the REINFORCE assignment (ids as in grading.yml).

public.py: hand-computed cases; threshold.py: train, then the grader evaluates (both
public); hidden.py: random cases against oracle.py (absent from the student starter).

Every module here marks its checks with @check or @threshold_check
(autograder/checks/registry.py finds them; nothing is re-exported).
"""
