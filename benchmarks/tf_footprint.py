"""What TensorFlow costs the sandboxed child, and which settings bring it down (issue 8).

Gradescope's default container has 768 MB; grading DQN peaks near 700 MB, most of it the
sandbox child's TensorFlow. This starts a fresh child per setting with the environment
the sandbox gives its child (autograder/sandbox/process.py, ``Sandbox.start``) plus the
setting's variables, runs a workload in it and reports:

- peak RSS: the child's own high-water mark (VmHWM, exact), what the sandbox's memory
  watchdog and ``benchmarks/run.py`` add up;
- peak anon: the highest anonymous resident memory sampled every 20 ms (RssAnon: heap,
  thread stacks, TensorFlow's allocations). The rest of RSS is file-backed (the pages of
  libtensorflow_cc.so and friends that were touched): clean pages a memory cgroup can
  reclaim, unlike anonymous ones;
- CPU seconds (user + system) and the child's thread count at the end.

Workloads: ``numpy``: import numpy and gymnasium (a TensorFlow-free child);
``tf``: ``import tensorflow``; ``tf+keras``: also ``import keras``; ``dqn``: the reference
DQN notebook's graded cells (what the sandbox loads: imports, one-thread settings,
definitions) then ``train_dqn`` for 3 000 CartPole steps (1 000 gradient steps, 2 greedy
evaluations).

Settings: allocator and thread variables (MALLOC_ARENA_MAX, TF_NUM_INTEROP_THREADS /
TF_NUM_INTRAOP_THREADS, malloc trim thresholds, PYTHONMALLOC), TensorFlow's log level and
oneDNN switch, and two that are not variables: a child that cannot import pandas and
IPython (and matplotlib), which Keras 3 imports at ``import tensorflow`` whenever they are
installed (they are, for nbgrader and otter, in the grader's environment).

    python benchmarks/tf_footprint.py              # every setting, 2 repeats (medians)
    python benchmarks/tf_footprint.py --repeats 1 --settings sandbox arena2
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sections import write_section  # noqa: E402

from autograder.sandbox.process import CHILD_ENV  # noqa: E402

# The child's environment as autograder/sandbox/process.py builds it (Sandbox.start),
# without the per-run HOME/TMPDIR/marker.
SANDBOX_ENV = dict(CHILD_ENV)
THREADS = {"TF_NUM_INTEROP_THREADS": "1", "TF_NUM_INTRAOP_THREADS": "1"}
TRIM = {"MALLOC_TRIM_THRESHOLD_": "131072", "MALLOC_MMAP_THRESHOLD_": "131072"}
# name: (what, variables added to (or, with None, removed from) the sandbox's environment)
SETTINGS: dict[str, tuple[str, dict[str, str | None]]] = {
    "sandbox": ("the sandbox's environment variables, no import refused", {}),
    "arena2": ("MALLOC_ARENA_MAX=2", {"MALLOC_ARENA_MAX": "2"}),
    "arena1": ("MALLOC_ARENA_MAX=1", {"MALLOC_ARENA_MAX": "1"}),
    "threads1": ("TF_NUM_INTEROP_THREADS=1, TF_NUM_INTRAOP_THREADS=1", THREADS),
    "trim": ("MALLOC_TRIM_THRESHOLD_=MALLOC_MMAP_THRESHOLD_=131072", TRIM),
    "arena2+threads1": (
        "MALLOC_ARENA_MAX=2 + TF_NUM_*_THREADS=1",
        {"MALLOC_ARENA_MAX": "2"} | THREADS,
    ),
    "all": (
        "MALLOC_ARENA_MAX=2 + TF_NUM_*_THREADS=1 + trim",
        {"MALLOC_ARENA_MAX": "2"} | THREADS | TRIM,
    ),
    "log0": ("TF_CPP_MIN_LOG_LEVEL=0 (TensorFlow's default)", {"TF_CPP_MIN_LOG_LEVEL": "0"}),
    "onednn": ("TF_ENABLE_ONEDNN_OPTS unset (oneDNN on)", {"TF_ENABLE_ONEDNN_OPTS": None}),
    "pymalloc-off": ("PYTHONMALLOC=malloc", {"PYTHONMALLOC": "malloc"}),
    # Not environment variables of TensorFlow: the child is made unable to import these
    # packages (see CHILD), as if the sandbox's Python did not have them. Keras 3 imports
    # each of them at `import keras` when it can (try: import pandas / except ImportError).
    "no-pandas-ipython": (
        "child cannot import pandas, IPython",
        {"TF_FOOTPRINT_HIDE": "pandas IPython"},
    ),
    "no-optional": (
        "child cannot import pandas, IPython, matplotlib",
        {"TF_FOOTPRINT_HIDE": "pandas IPython matplotlib"},
    ),
    # What the sandbox child does today: autograder/sandbox/lean_imports.py imports
    # TensorFlow with the optional extras refused, then allows them again.
    "lean": (
        "the sandbox child today: lean_imports (pandas, IPython, matplotlib, h5py refused)",
        {"TF_FOOTPRINT_LEAN": str(REPO / "autograder" / "sandbox")},
    ),
}
# for the import-only workloads: the settings that could matter before any op runs
IMPORT_SETTINGS = (
    "sandbox",
    "arena2",
    "threads1",
    "all",
    "no-pandas-ipython",
    "no-optional",
    "lean",
)
WORKLOADS = ("numpy", "tf", "tf+keras", "dqn")

CHILD = r"""
import json, os, resource, sys
mode, cells = sys.argv[1], sys.argv[2]
HIDDEN = set(os.environ.pop("TF_FOOTPRINT_HIDE", "").split())
class Hide:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in HIDDEN:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
if HIDDEN:
    sys.meta_path.insert(0, Hide())
LEAN = os.environ.pop("TF_FOOTPRINT_LEAN", "")
import numpy, gymnasium
if LEAN and mode != "numpy":
    sys.path.insert(0, LEAN)
    from lean_imports import import_tensorflow_lean
    import_tensorflow_lean()
if mode in ("tf", "tf+keras"):
    import tensorflow
if mode == "tf+keras":
    import keras
if mode == "dqn":
    import contextlib, io, linecache
    namespace = {"__name__": "__main__"}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in json.load(open(cells)):
            name = f"<cell {cell['index']}>"
            linecache.cache[name] = (len(cell["source"]), None,
                                     cell["source"].splitlines(True), name)
            exec(compile(cell["source"], name, "exec"), namespace)
        namespace["train_dqn"]("CartPole-v1", 0, 3000, eval_every=1000, eval_episodes=5)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "hwm_kb": int(status["VmHWM"].split()[0]),
    "threads": int(status["Threads"]),
    "modules": len(sys.modules),
    "cpu": usage.ru_utime + usage.ru_stime,
}))
"""


def dqn_cells() -> str:
    """The reference DQN cells the sandbox would run, as JSON in a temporary file."""
    from autograder.notebook.loader import load_submission_code

    cells = load_submission_code(REPO / "solutions" / "dqn" / "dqn.ipynb")
    handle, path = tempfile.mkstemp(suffix=".json", prefix="tf-footprint-")
    with os.fdopen(handle, "w") as f:
        json.dump(cells, f)
    return path


def status_kb(pid: int) -> dict[str, int]:
    try:
        with open(f"/proc/{pid}/status") as f:
            return {
                k: int(v.split()[0])
                for k, v in (line.split(":", 1) for line in f)
                if k in ("VmRSS", "RssAnon", "RssFile")
            }
    except (OSError, ValueError):
        return {}


def run_child(workload: str, setting: str, cells: str) -> dict:
    env = dict(SANDBOX_ENV)
    for key, value in SETTINGS[setting][1].items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    workdir = tempfile.mkdtemp(prefix="tf-footprint-")
    env.update(HOME=workdir, TMPDIR=workdir)
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-c", CHILD, workload, cells],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak_anon = peak_rss = 0
    while proc.poll() is None:
        s = status_kb(proc.pid)
        peak_anon = max(peak_anon, s.get("RssAnon", 0))
        peak_rss = max(peak_rss, s.get("VmRSS", 0))
        time.sleep(0.02)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{workload} / {setting} failed:\n{err[-2000:]}")
    child = json.loads(out.strip().splitlines()[-1])
    return {
        "rss_mb": child["hwm_kb"] / 1024,
        "anon_mb": peak_anon / 1024,
        "sampled_mb": peak_rss / 1024,
        "cpu": child["cpu"],
        "wall": time.monotonic() - started,
        "threads": child["threads"],
        "modules": child["modules"],
    }


def reading(results: dict[tuple[str, str], dict]) -> list[str]:
    """What the table says, in words (derived from the measured rows)."""
    out = []
    base = {w: r for (w, setting), r in results.items() if setting == "sandbox"}
    if "numpy" in base and "tf" in base:
        tf, np_ = base["tf"], base["numpy"]
        out.append(
            f"- `import tensorflow` adds {tf['rss_mb'] - np_['rss_mb']:.0f} MB of peak RSS to "
            f"a numpy-only child ({tf['anon_mb'] - np_['anon_mb']:.0f} MB anonymous, the rest "
            f"file-backed library pages) and {tf['cpu'] - np_['cpu']:.1f} CPU-s; Keras 3 is "
            "imported with it (tf+keras costs the same)."
        )
    for workload in ("tf", "dqn"):
        if workload not in base:
            continue
        env_rows = {
            setting: r
            for (w, setting), r in results.items()
            if w == workload
            and setting not in ("sandbox", "lean")
            and not setting.startswith("no-")
        }
        if env_rows:
            delta = max(abs(r["rss_mb"] - base[workload]["rss_mb"]) for r in env_rows.values())
            out.append(
                f"- {workload}: none of the environment settings ({', '.join(env_rows)}) "
                f"changes peak RSS by more than {delta:.0f} MB."
            )
        for setting in ("no-pandas-ipython", "no-optional", "lean"):
            r = results.get((workload, setting))
            if r:
                b = base[workload]
                out.append(
                    f"- {workload}, {SETTINGS[setting][0]}: {b['rss_mb'] - r['rss_mb']:.0f} MB "
                    f"less peak RSS ({b['anon_mb'] - r['anon_mb']:.0f} MB less anonymous), "
                    f"{b['cpu'] - r['cpu']:.1f} CPU-s less (CPU is noisy under load)."
                )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--settings", nargs="+", choices=list(SETTINGS), default=list(SETTINGS))
    parser.add_argument("--workloads", nargs="+", choices=WORKLOADS, default=list(WORKLOADS))
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)

    cells = dqn_cells()
    results: dict[tuple[str, str], dict] = {}
    lines = [
        "| workload | setting | peak RSS MB | peak anon MB | CPU s | threads | modules |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    print("\n".join(lines), flush=True)
    try:
        for workload in args.workloads:
            # a TensorFlow-free child does not care about TensorFlow's variables
            settings = ["sandbox"] if workload == "numpy" else args.settings
            if workload == "tf+keras":  # `import tensorflow` already imports keras 3
                settings = [s for s in settings if s == "sandbox"]
            if workload == "tf":
                settings = [s for s in settings if s in IMPORT_SETTINGS]
            for setting in settings:
                runs = [run_child(workload, setting, cells) for _ in range(args.repeats)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results[workload, setting] = med
                line = (
                    f"| {workload} | {SETTINGS[setting][0]} | {med['rss_mb']:.0f} | "
                    f"{med['anon_mb']:.0f} | {med['cpu']:.1f} | {med['threads']:.0f} | "
                    f"{med['modules']:.0f} |"
                )
                print(line, flush=True)
                lines.append(line)
    finally:
        os.unlink(cells)
    print("\n".join(reading(results)))
    if args.write:
        body = [
            f"A fresh child per row, with the sandbox child's environment plus the setting; "
            f"medians of {args.repeats} runs. Peak RSS is the child's VmHWM (what the "
            "watchdog counts); peak anon is the highest RssAnon sampled every 20 ms (the "
            "rest is file-backed pages of the TensorFlow libraries, reclaimable by a "
            "memory cgroup). `dqn`: the reference notebook's graded cells, then "
            "`train_dqn('CartPole-v1', 0, 3000)`.",
            "",
            *lines,
            "",
            "Reading:",
            "",
            *reading(results),
        ]
        write_section("tf_footprint", "TensorFlow memory footprint", body, started)


if __name__ == "__main__":
    main()
