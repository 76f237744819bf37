"""The check library: one module per assignment, one function per check id.

A check takes ``(submission, spec)``: ``submission`` has the student's functions as
attributes (a sandbox proxy, or a notebook's own namespace), ``spec`` is the
check's entry in grading.yml. It raises AssertionError with a teaching message,
returns None for full credit, or returns a :class:`~autograder.checks.common.Metric`
that the runner scores against the threshold in grading.yml.
"""
