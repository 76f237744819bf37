"""The cost of grading, side by side: one entry point, a table of medians.

    python benchmarks/run.py                       # every assignment, 3 repeats
    python benchmarks/run.py -a bandits --repeats 5 --paths rlgrade,nbgrader,otter
    python benchmarks/run.py --write               # also write benchmarks/RESULTS.md

For each assignment and grading path it runs the real command on the reference
and on the released skeleton and reports the median wall time, CPU seconds
(grader and sandbox child together) and peak resident memory of the whole
process tree (sampled every 20 ms), against Gradescope's default container:
half a CPU, 768 MB, 10 minutes.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from autograder.config import load_config  # noqa: E402

GRADESCOPE = {"cpu_seconds": 300, "memory_mb": 768}


def measure(cmd: list[str], cwd: Path) -> dict:
    """Wall, CPU (tree) and peak RSS (sum over the tree) of one command."""
    started = time.monotonic()
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    peak, cpu_by_pid = 0, {}
    while proc.poll() is None:
        rss = 0
        for p in [proc, *proc.children(recursive=True)]:
            try:
                rss += p.memory_info().rss
                t = p.cpu_times()
                cpu_by_pid[p.pid] = t.user + t.system + t.children_user + t.children_system
            except psutil.Error:
                continue
        peak = max(peak, rss)
        time.sleep(0.02)
    wall = time.monotonic() - started
    return {
        "wall": wall,
        "cpu": sum(cpu_by_pid.values()),
        "rss_mb": peak / 2**20,
        "ok": proc.returncode in (0, 1),
    }


def rlgrade_cmd(notebook: Path, assignment: str) -> tuple[list[str], Path]:
    return [
        sys.executable,
        "-m",
        "autograder.cli",
        "grade",
        str(notebook),
        "-a",
        assignment,
        "--format",
        "json",
    ], REPO


def nbgrader_cmd(notebook: Path, assignment: str) -> tuple[list[str], Path]:
    course = Path(tempfile.mkdtemp(prefix="bench-nbgrader-"))
    shutil.copytree(REPO / "solutions" / assignment, course / "solutions" / assignment)
    shutil.copy(REPO / "nbgrader_config.py", course)
    nbg = [sys.executable, "-m", "nbgrader"]
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(
        [*nbg, "generate_assignment", assignment, "--force"],
        cwd=course,
        capture_output=True,
        check=True,
        env=env,
    )
    subprocess.run(
        [*nbg, "db", "student", "add", "s1"], cwd=course, capture_output=True, check=True
    )
    (course / "submitted" / "s1" / assignment).mkdir(parents=True)
    shutil.copy(notebook, course / "submitted" / "s1" / assignment / f"{assignment}.ipynb")
    return [*nbg, "autograde", assignment, "--force"], course


def otter_cmd(notebook: Path, assignment: str) -> tuple[list[str], Path]:
    from autograder.export.otter import export_otter

    work = Path(tempfile.mkdtemp(prefix="bench-otter-"))
    zip_path = export_otter(assignment, work / "build")
    shutil.copy(notebook, work / f"{assignment}.ipynb")
    return [
        sys.executable,
        "-m",
        "otter",
        "run",
        "-a",
        str(zip_path),
        "-o",
        str(work),
        "--no-logo",
        str(work / f"{assignment}.ipynb"),
    ], work


PATHS = {"rlgrade": rlgrade_cmd, "nbgrader": nbgrader_cmd, "otter": otter_cmd}


def bandit_testbed_ratio(n_bandits: int = 2000, steps: int = 1000) -> dict:
    """Vectorized testbed against a per-bandit Python loop, same work, same run."""
    import numpy as np

    def vectorized():
        rng = np.random.default_rng(0)
        q = rng.normal(size=(n_bandits, 10))
        Q, N = np.zeros((n_bandits, 10)), np.zeros((n_bandits, 10))
        rows = np.arange(n_bandits)
        for _ in range(steps):
            greedy = Q == Q.max(1, keepdims=True)
            probs = 0.01 + 0.9 * greedy / greedy.sum(1, keepdims=True)
            a = (probs.cumsum(1) > rng.random((n_bandits, 1))).argmax(1)
            r = rng.normal(q[rows, a], 1.0)
            N[rows, a] += 1
            Q[rows, a] += (r - Q[rows, a]) / N[rows, a]

    def looped():
        rng = np.random.default_rng(0)
        for _ in range(n_bandits):
            q = rng.normal(size=10)
            Q, N = np.zeros(10), np.zeros(10)
            for _ in range(steps):
                greedy = np.flatnonzero(Q == Q.max())
                a = rng.integers(10) if rng.random() < 0.1 else rng.choice(greedy)
                r = rng.normal(q[a], 1.0)
                N[a] += 1
                Q[a] += (r - Q[a]) / N[a]

    timings = {}
    for name, fn in (("vectorized", vectorized), ("python loop", looped)):
        started = time.perf_counter()
        fn()
        timings[name] = time.perf_counter() - started
    timings["ratio"] = timings["python loop"] / timings["vectorized"]
    return timings


def batch_throughput(assignment: str, submissions: int, jobs: int) -> dict:
    """`rlgrade batch` on copies of the reference: submissions per minute, and per core."""
    folder = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    (folder / "in").mkdir()
    for i in range(submissions):
        shutil.copy(
            REPO / "solutions" / assignment / f"{assignment}.ipynb",
            folder / "in" / f"student{i:03d}.ipynb",
        )
    cmd = [
        sys.executable,
        "-m",
        "autograder.cli",
        "batch",
        str(folder / "in"),
        "-a",
        assignment,
        "-j",
        str(jobs),
        "--out",
        str(folder / "out"),
    ]
    result = measure(cmd, REPO)
    per_minute = submissions / result["wall"] * 60
    return {
        "assignment": assignment,
        "submissions": submissions,
        "jobs": jobs,
        "wall": result["wall"],
        "per_minute": per_minute,
        "per_core": per_minute / jobs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-a", "--assignment", action="append")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--paths", default="rlgrade")
    parser.add_argument("--no-testbed", action="store_true")
    parser.add_argument("--batch", default="", help="e.g. bandits,q_learning: batch throughput")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    args = parser.parse_args()

    config = load_config()
    assignments = args.assignment or list(config.assignments)
    rows = []
    for assignment in assignments:
        for path in args.paths.split(","):
            for label, notebook in (
                ("reference", REPO / "solutions" / assignment / f"{assignment}.ipynb"),
                ("skeleton", REPO / "assignments" / assignment / f"{assignment}.ipynb"),
            ):
                runs = [measure(*PATHS[path](notebook, assignment)) for _ in range(args.repeats)]
                rows.append(
                    {
                        "assignment": assignment,
                        "path": path,
                        "notebook": label,
                        "wall": statistics.median(r["wall"] for r in runs),
                        "cpu": statistics.median(r["cpu"] for r in runs),
                        "rss_mb": statistics.median(r["rss_mb"] for r in runs),
                        "ok": all(r["ok"] for r in runs),
                    }
                )

    table = Table(
        title=f"Cost of grading (median of {args.repeats}; limits: "
        f"{GRADESCOPE['cpu_seconds']} CPU-s, {GRADESCOPE['memory_mb']} MB)"
    )
    for col in (
        "assignment",
        "path",
        "notebook",
        "wall s",
        "CPU s",
        "peak MB",
        "CPU / limit",
        "MB / limit",
    ):
        table.add_column(col, justify="right" if col[0].isupper() or " " in col else "left")
    lines = [
        "| assignment | path | notebook | wall s | CPU s | peak MB | CPU / 300 s | MB / 768 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        cells = [
            r["assignment"],
            r["path"],
            r["notebook"],
            f"{r['wall']:.1f}",
            f"{r['cpu']:.1f}",
            f"{r['rss_mb']:.0f}",
            f"{r['cpu'] / GRADESCOPE['cpu_seconds']:.0%}",
            f"{r['rss_mb'] / GRADESCOPE['memory_mb']:.0%}",
        ]
        table.add_row(*cells)
        lines.append("| " + " | ".join(cells) + " |")
    console = Console()
    console.print(table)

    if not args.no_testbed:
        t = bandit_testbed_ratio()
        console.print(
            f"bandit testbed 2000 x 1000: vectorized {t['vectorized']:.2f} s, per-bandit "
            f"python loop {t['python loop']:.1f} s, ratio {t['ratio']:.0f}x"
        )
        lines += [
            "",
            f"Bandit testbed, 2000 bandits x 1000 steps, epsilon-greedy: vectorized "
            f"{t['vectorized']:.2f} s, per-bandit Python loop {t['python loop']:.1f} s "
            f"(ratio {t['ratio']:.0f}x, same run).",
        ]
    for assignment in filter(None, args.batch.split(",")):
        jobs = os.cpu_count() or 1
        b = batch_throughput(assignment, args.batch_size, jobs)
        text = (
            f"rlgrade batch {assignment}: {b['submissions']} submissions, -j {jobs}: "
            f"{b['wall']:.0f} s, {b['per_minute']:.1f} submissions/min, "
            f"{b['per_core']:.1f} per core"
        )
        console.print(text)
        lines += ["", text + "."]
    if args.write:
        header = [
            "# Benchmark results",
            "",
            f"{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
            f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}."
            f" Command: `python benchmarks/run.py {' '.join(sys.argv[1:])}`",
            "",
        ]
        (REPO / "benchmarks" / "RESULTS.md").write_text("\n".join(header + lines) + "\n")


if __name__ == "__main__":
    main()
