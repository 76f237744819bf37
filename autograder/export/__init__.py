"""Instructors' verb: package the grader for other platforms (Gradescope, otter)."""
