"""What produced a score: the CPU, the numeric libraries and the settings of the child.

A trained agent depends on the CPU's floating-point kernels, so a disputed score is
reproduced on the same kind of machine with the same versions and knobs: every report
(JSON, Gradescope's ``extra_data``) records them. Read without importing TensorFlow.
"""

from __future__ import annotations

import platform
import re
from importlib import metadata

from autograder.sandbox.numerics import numeric_env
from autograder.sandbox.process import CHILD_ENV

PACKAGES = ("numpy", "tensorflow", "tensorflow-cpu", "keras", "gymnasium", "rl-course-autograder")
# the CPU flags that decide which SIMD kernels numpy, OpenBLAS and oneDNN pick
SIMD_FLAG = re.compile(r"^(sse\d?(_\d)?|ssse3|avx.*|fma|f16c|amx.*|neon|asimd.*|sve.*)$")
THREAD_KEYS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_DETERMINISTIC_OPS",
    "TF_ENABLE_ONEDNN_OPTS",
)


def _cpu() -> tuple[str, list[str]]:
    model, flags = platform.processor() or platform.machine(), []
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                key, _, value = line.partition(":")
                key = key.strip()
                if key in ("model name", "Model") and model in ("", platform.machine()):
                    model = value.strip()
                elif key in ("flags", "Features") and not flags:
                    flags = sorted(f for f in value.split() if SIMD_FLAG.match(f))
    except OSError:
        pass
    return model, flags


def _versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def platform_info(child_env: dict[str, str] | None = None) -> dict:
    """The machine and settings a report was graded with (JSON-serializable)."""
    model, flags = _cpu()
    child = {**CHILD_ENV, **numeric_env(), **(child_env or {})}
    return {
        "cpu": model,
        "cpu_simd_flags": flags,
        "machine": platform.machine(),
        "python": platform.python_version(),
        "packages": _versions(),
        "threads": {key: child[key] for key in THREAD_KEYS if key in child}
        | {"tensorflow_intra_op": "1 (set by the notebook)"},
        "numeric_knobs": numeric_env(child),
    }
