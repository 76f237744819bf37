"""Turning a submitted notebook into the code the sandbox runs."""
