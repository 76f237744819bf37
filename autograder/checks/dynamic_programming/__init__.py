"""Checks of the dynamic-programming assignment (ids as in grading.yml).

mdps.py: the MDPs the checks pose (S&B's 4x4 gridworld, a hand-sized chain, random
MDPs, the gambler's problem, FrozenLake's table) as P[s][a] lists; public.py:
hand-computed cases; frozenlake.py: the public FrozenLake check (the grader judges the
planned policy exactly, from the model); hidden.py: random MDPs against
oracle.py, and policy iteration on FrozenLake (both absent from the student starter).

Every module here marks its checks with @check or @threshold_check
(autograder/checks/registry.py finds them; nothing is re-exported).
"""
