"""Instructors' verb: grade a class folder in parallel, resumably, into a gradebook."""
