"""Which knobs really change the floating-point numbers, and the CPU variants built of them.

Another CPU rounds differently because numpy, OpenBLAS and TensorFlow pick their SIMD
kernels at run time by what the CPU offers. On one machine, capping those choices at an
older instruction set emulates an older CPU. This script measures, knob by knob, whether
the bits change: a fingerprint (sha256) of numpy's transcendental functions, reductions
and matrix product, and of the weights of the DQN network after 300 Adam steps, each in a
fresh interpreter with the sandbox child's environment plus the knob.

    python benchmarks/numeric_variants.py --write

``VARIANTS`` (the emulated CPUs) is what threshold_reliability.py grades under; the
sandbox passes these variables to the child (autograder/sandbox/numerics.py).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sections import write_section  # noqa: E402

from autograder.sandbox.process import CHILD_ENV  # noqa: E402

# The emulated CPUs: this machine as it is, an AVX-only CPU (Sandy Bridge: no AVX2/FMA)
# and an SSE4.1 CPU (Nehalem). numpy's X86_V3 group is AVX2 + FMA3 + F16C + BMI.
VARIANTS: dict[str, dict[str, str]] = {
    "native": {},
    "avx": {
        "ONEDNN_MAX_CPU_ISA": "AVX",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3",
        "OPENBLAS_CORETYPE": "Sandybridge",
    },
    "sse41": {
        "ONEDNN_MAX_CPU_ISA": "SSE41",
        "NPY_DISABLE_CPU_FEATURES": "X86_V3",
        "OPENBLAS_CORETYPE": "Nehalem",
    },
}

# One knob at a time (and the settings the notebooks fix, to show they change nothing).
KNOBS: dict[str, dict[str, str]] = {
    "none (the sandbox's environment)": {},
    "NPY_DISABLE_CPU_FEATURES=X86_V3": {"NPY_DISABLE_CPU_FEATURES": "X86_V3"},
    "OPENBLAS_CORETYPE=Sandybridge": {"OPENBLAS_CORETYPE": "Sandybridge"},
    "OPENBLAS_CORETYPE=Nehalem": {"OPENBLAS_CORETYPE": "Nehalem"},
    "ONEDNN_MAX_CPU_ISA=AVX2": {"ONEDNN_MAX_CPU_ISA": "AVX2"},
    "ONEDNN_MAX_CPU_ISA=AVX": {"ONEDNN_MAX_CPU_ISA": "AVX"},
    "ONEDNN_MAX_CPU_ISA=SSE41": {"ONEDNN_MAX_CPU_ISA": "SSE41"},
    "TF_ENABLE_ONEDNN_OPTS=1": {"TF_ENABLE_ONEDNN_OPTS": "1"},
    "TensorFlow intra-op threads 2": {"PROBE_TF_THREADS": "2"},
    "initial weights one ulp up": {"PROBE_ULP": "1"},
    **{f"variant {name}": env for name, env in VARIANTS.items() if env},
}

PROBE = r"""
import hashlib, json, os
import numpy as np

def fingerprint(*arrays):
    h = hashlib.sha256()
    for a in arrays:
        h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()[:12]

rng = np.random.default_rng(0)
x32 = rng.standard_normal((1000, 257)).astype(np.float32)
x64 = x32.astype(np.float64)
numpy_fp = fingerprint(np.exp(x32), np.log1p(np.abs(x32)), np.tanh(x32), np.sin(x64),
                       np.exp(x64), x32.sum(axis=0), x64.sum(axis=1), x64 @ x64.T)

import tensorflow as tf, keras
tf.config.threading.set_intra_op_parallelism_threads(int(os.environ.get("PROBE_TF_THREADS", 1)))
tf.config.threading.set_inter_op_parallelism_threads(1)
tf.config.experimental.enable_op_determinism()
keras.utils.set_random_seed(0)
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(256, activation="relu"),
                        keras.layers.Dense(256, activation="relu"), keras.layers.Dense(2)])
if os.environ.get("PROBE_ULP"):
    w = net.layers[0].kernel
    w.assign(np.nextafter(w.numpy(), np.float32(np.inf)))
opt = keras.optimizers.Adam(2.3e-3, global_clipnorm=10.0)
X = tf.constant(rng.standard_normal((64, 4)).astype(np.float32))
Y = tf.constant(rng.standard_normal((64, 2)).astype(np.float32))

@tf.function
def step():
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(net(X) - Y))
    grads = tape.gradient(loss, net.trainable_variables)
    opt.apply_gradients(zip(grads, net.trainable_variables))

for _ in range(300):
    step()
print(json.dumps({"numpy": numpy_fp, "tensorflow": fingerprint(*net.get_weights())}))
"""


def probe(extra_env: dict[str, str]) -> dict[str, str]:
    """Fingerprints of numpy and TensorFlow results in a fresh child-like interpreter."""
    env = {**CHILD_ENV, "HOME": "/tmp", **extra_env}
    done = subprocess.run(
        [sys.executable, "-I", "-c", PROBE], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"probe failed under {extra_env}: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line),
        "unknown CPU",
    )
    base = probe({})
    lines = [
        f"On {cpu}. Each row is a fresh interpreter with the sandbox child's environment "
        "plus the knob; a fingerprint is the sha256 of the results (numpy: exp, log1p, tanh, "
        "sin, sums and a matrix product; TensorFlow: the DQN network's weights after 300 "
        "Adam steps). 'changed' = bits differ from the first row.",
        "",
        "| knob | numpy | changed | TensorFlow | changed |",
        "|---|---|---|---|---|",
    ]
    for name, env in KNOBS.items():
        got = base if not env else probe(env)
        lines.append(
            f"| {name} | `{got['numpy']}` | {'yes' if got['numpy'] != base['numpy'] else 'no'} "
            f"| `{got['tensorflow']}` | "
            f"{'yes' if got['tensorflow'] != base['tensorflow'] else 'no'} |"
        )
        print(lines[-1], flush=True)
    variants = "; ".join(
        f"`{name}` = {' '.join(f'{k}={v}' for k, v in env.items()) or '(nothing set)'}"
        for name, env in VARIANTS.items()
    )
    lines += ["", f"The emulated CPUs that threshold_reliability.py grades under: {variants}."]
    if args.write:
        write_section(
            "numeric_variants", "Numeric variants: which knobs change the numbers", lines, started
        )


if __name__ == "__main__":
    main()
