"""Glue for other graders' own pipelines (nbgrader preprocessors)."""
