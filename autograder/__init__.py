"""rlgrade: the autograder of the reinforcement-learning course."""

from __future__ import annotations


def check_here(assignment: str, check_id: str, namespace: dict) -> float:
    """Run one check on a notebook's own namespace (public test cells, nbgrader)."""
    from autograder.test_cells.check_here import check_here as _check_here

    return _check_here(assignment, check_id, namespace)


__all__ = ["check_here"]
