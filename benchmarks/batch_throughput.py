"""rlgrade batch on Dask: throughput with 1 and 2 workers, and Dask's per-task overhead.

A class folder of N copies of an assignment's reference is graded by ``rlgrade batch``
on the embedded LocalCluster with 1 and then 2 workers (a fresh output folder each time,
so nobody is skipped), ``--repeats`` times each; the same notebook is graded in this
process with ``grade_notebook`` for the per-task cost without Dask. The table gives the
medians, submissions per minute and the ratio; the section ends with a projection for a
class of 400 submissions of the costliest assignment (grading.yml's time limits) on 50
workers, from its reference's measured grading cost (results/grading_cost.md), with its
arithmetic.

    python benchmarks/batch_throughput.py --assignment bandits --students 8 --write
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO))

from sections import write_section  # noqa: E402

from autograder.config import load_config  # noqa: E402
from autograder.grade import grade_notebook  # noqa: E402

GRADING_COST = REPO / "benchmarks" / "results" / "grading_cost.md"


def costliest_assignment() -> str:
    """The assignment whose grading may take longest: the sum of its checks' time limits."""
    config = load_config()
    return max(config.names, key=lambda a: sum(c.time_limit for c in config.assignments[a].checks))


def measured_cpu_seconds(assignment: str) -> float:
    """CPU seconds of ``rlgrade grade`` on the reference, as benchmarks/run.py measured it."""
    lines = GRADING_COST.read_text().splitlines() if GRADING_COST.exists() else []
    for line in lines:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[:3] == [assignment, "rlgrade", "reference"]:
            return float(cells[6])  # assignment, path, notebook, runs, score, wall s, CPU s
    raise SystemExit(
        f"{GRADING_COST} has no rlgrade reference row for {assignment}: run "
        f"`python benchmarks/run.py -a {assignment} --paths rlgrade --write` first, or pass "
        "--project-cpu-seconds"
    )


def batch_seconds(folder: Path, assignment: str, workers: int, config: Path) -> float:
    out = folder.parent / f"out-{workers}-{time.monotonic_ns()}"
    command = [sys.executable, "-m", "autograder.cli", "batch", str(folder), "-a", assignment]
    command += ["-j", str(workers), "--out", str(out), "--config", str(config)]
    started = time.monotonic()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if done.returncode not in (0, 1):
        raise SystemExit(done.stdout + done.stderr)
    shutil.rmtree(out)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default=load_config().names[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--project", help="the projection's assignment (default: costliest)")
    parser.add_argument("--project-cpu-seconds", type=float, help="default: measured")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    project = args.project or costliest_assignment()
    cpu = args.project_cpu_seconds
    if cpu is None:
        cpu = measured_cpu_seconds(project)
    started = datetime.now(timezone.utc)
    a = args.assignment
    reference = REPO / "solutions" / a / f"{a}.ipynb"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "class")
        folder.mkdir()
        for i in range(args.students):
            shutil.copy(reference, folder / f"student{i:03d}.ipynb")
        config = Path(tmp, "grading.yml")
        config.write_text(load_config().subset(a).to_yaml())
        inline = []
        for _ in range(args.repeats):
            t = time.monotonic()
            grade_notebook(reference, a, load_config(config))
            inline.append(time.monotonic() - t)
        walls = {
            w: [batch_seconds(folder, a, w, config) for _ in range(args.repeats)] for w in (1, 2)
        }
    one, two, alone = (
        statistics.median(walls[1]),
        statistics.median(walls[2]),
        statistics.median(inline),
    )
    n = args.students
    per_task = one / n - alone
    rows = [
        f"| batch, 1 worker | {one:.1f} | {60 * n / one:.1f} | 1.00 |",
        f"| batch, 2 workers | {two:.1f} | {60 * n / two:.1f} | {one / two:.2f} |",
        f"| in process, one notebook | {alone:.2f} | {60 / alone:.1f} | |",
    ]
    minutes = 400 * cpu / 50 / 60
    lines = [
        f"{n} copies of the {a} reference, `rlgrade batch` on the embedded LocalCluster "
        f"(wall seconds, median of {args.repeats}; the cluster's start is included).",
        "",
        "| run | wall s | submissions / min | speed-up |",
        "| --- | ---: | ---: | ---: |",
        *rows,
        "",
        f"Per-task cost of Dask and the batch around grading: {one:.1f} s / {n} - {alone:.2f} s "
        f"= {per_task:.2f} s per submission with 1 worker (the cluster's start, about a few "
        "seconds, is spread over the class).",
        "",
        f"Projection, 400 {project} submissions on 50 single-core workers (its reference "
        f"costs {cpu:g} CPU-s to grade: cost of grading): 400 x {cpu:g} CPU-s / 50 workers = "
        f"{400 * cpu / 50:.0f} s = {minutes:.0f} min of grading, plus "
        f"{max(per_task, 0):.2f} s x 400 / 50 = {max(per_task, 0) * 8:.0f} s of overhead "
        "(8 waves of 50); on one 2-core machine the same class takes "
        f"400 x {cpu:g} / 2 = {400 * cpu / 2 / 3600:.1f} h.",
    ]
    print("\n".join(lines))
    if args.write:
        write_section("batch_throughput", "rlgrade batch on Dask: throughput", lines, started)


if __name__ == "__main__":
    main()
