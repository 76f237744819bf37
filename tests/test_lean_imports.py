"""The sandbox child imports TensorFlow without Keras's optional extras, and only then.

Proof for autograder/sandbox/lean_imports.py: in a child that loads a TensorFlow
notebook, pandas, IPython, matplotlib and h5py are not imported by TensorFlow (the
memory it saves is in benchmarks/RESULTS.md), yet a graded function that imports
matplotlib itself still gets it; a notebook without TensorFlow is left alone.
"""

from __future__ import annotations

from autograder.sandbox.lean_imports import OPTIONAL_EXTRAS, uses_tensorflow
from autograder.sandbox.limits import Limits
from autograder.sandbox.process import Sandbox
from autograder.sandbox.submission import RemoteSubmission

PROBES = f"""
import sys

def extras_loaded():
    return sorted(m for m in {OPTIONAL_EXTRAS!r} if m in sys.modules)

def tensorflow_loaded():
    return "tensorflow" in sys.modules

def student_imports_matplotlib():
    import matplotlib
    return matplotlib.__name__
"""


def loaded_child(*sources: str):
    sandbox = Sandbox(Limits(memory_mb=2048, cpu_seconds=120))
    sandbox.start()
    cells = [{"index": i, "source": s} for i, s in enumerate([*sources, PROBES])]
    return sandbox, RemoteSubmission(sandbox, cells, load_seconds=120)


def test_tensorflow_notebook_gets_tensorflow_without_the_extras():
    sandbox, child = loaded_child("import numpy as np\nimport tensorflow as tf\n")
    try:
        assert child.tensorflow_loaded()
        assert child.extras_loaded() == []  # each would be loaded by a plain import
        assert child.student_imports_matplotlib() == "matplotlib"  # the refusal was lifted
    finally:
        sandbox.close()


def test_notebook_without_tensorflow_does_not_import_it():
    sandbox, child = loaded_child("import numpy as np\n# tensorflow is only mentioned here\n")
    try:
        assert not child.tensorflow_loaded()
    finally:
        sandbox.close()


def test_only_import_statements_count_as_using_tensorflow():
    assert uses_tensorflow(["import os\nimport tensorflow as tf\n"])
    assert uses_tensorflow(["from keras import layers\n"])
    assert uses_tensorflow(["    import tensorflow  # inside a function\n"])
    assert not uses_tensorflow(["# we could use tensorflow here\nx = 'import tensorflow'\n"])
    assert not uses_tensorflow(["import tensorflow_probability\n"])
