"""Instructors' verb: generate assignments/ from solutions/ with nbgrader, and verify it."""
