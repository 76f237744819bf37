"""Run a submission in a child process under limits; JSON + ``.npy`` on the wire.

A regular package (not a namespace one), so that ``pip install .`` ships it and tools that
read the import graph (import-linter, tests/test_layers.py) see it.
"""
