"""The grader's numeric settings, the only part of its environment the child inherits.

The child's environment is fixed (process.CHILD_ENV) so that a submission computes the
same numbers every time. These variables select *which* floating-point kernels numpy,
OpenBLAS and TensorFlow use; they are the grader's choice, never the student's, and
passing them through lets an instructor (or benchmarks/threshold_reliability.py)
emulate an older CPU on this one, e.g. ``ONEDNN_MAX_CPU_ISA=AVX`` (TensorFlow's matrix
products go through oneDNN's sgemm even with ``TF_ENABLE_ONEDNN_OPTS=0``, and it picks its
kernel by the CPU) or ``NPY_DISABLE_CPU_FEATURES=X86_V3``. What each knob really changes
is measured by benchmarks/numeric_variants.py (RESULTS.md, "Numeric variants"); the
thread count and ``TF_ENABLE_ONEDNN_OPTS`` are not here: the notebooks set them, and on
these networks they change no bit.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

NUMERIC_KNOBS = (
    "NPY_DISABLE_CPU_FEATURES",  # numpy's runtime SIMD dispatch (exp, log, sin, ...)
    "NPY_ENABLE_CPU_FEATURES",
    "OPENBLAS_CORETYPE",  # OpenBLAS's kernels (numpy's matmul)
    "ONEDNN_MAX_CPU_ISA",  # the newest instruction set oneDNN (TensorFlow's sgemm) may use
)


def numeric_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The numeric knobs set in the grader's environment, to pass on to the child."""
    environ = os.environ if environ is None else environ
    return {key: environ[key] for key in NUMERIC_KNOBS if key in environ}
