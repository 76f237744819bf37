"""The notebook's own test cells: `check_here` runs a check in the kernel, with the
grader's messages."""
