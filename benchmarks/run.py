"""The cost of grading, side by side: one entry point, a table of medians.

    python benchmarks/run.py                       # every assignment and path
    python benchmarks/run.py -a <assignment> --repeats 5 --paths rlgrade
    python benchmarks/run.py --write               # also write benchmarks/RESULTS.md
    python benchmarks/run.py --assemble            # only gather benchmarks/results/ into it

For each assignment and grading path (rlgrade, nbgrader autograde, otter run) it runs
the real command on the reference and on the released skeleton and reports the median
wall time, CPU seconds (the whole process tree: grader, sandbox child, Jupyter kernel)
and peak resident memory of the whole process tree (summed, sampled every 20 ms),
against Gradescope's default container: 300 CPU-s, 768 MB. nbgrader and otter on the
TensorFlow assignments (grading.yml: ``needs_tensorflow``) run ``--slow-repeats`` times
(default 1): each run costs minutes. The skeleton must fail fast: its rlgrade run is
flagged if it takes 30 s or more.

With ``--write``, this table goes to
benchmarks/results/grading_cost.md, and benchmarks/RESULTS.md is assembled from the
machine's description and every section in benchmarks/results/, including those the
other benchmarks write with their own ``--write`` (learning speed, threshold
reliability, TensorFlow footprint, an assignment's own ``<a>_*.py``; see sections.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sections import read_sections, write_section  # noqa: E402

from autograder.config import load_config  # noqa: E402

GRADESCOPE = {"cpu_seconds": 300, "memory_mb": 768}
# nbgrader and otter on the TensorFlow assignments take minutes each: fewer repeats there
SLOW = {
    (path, name)
    for name, spec in load_config().assignments.items()
    if spec.needs_tensorflow
    for path in ("nbgrader", "otter")
}
SKELETON_WALL_LIMIT = 30.0


def children_cpu() -> float:
    usage = psutil.Process().cpu_times()
    return usage.children_user + usage.children_system


def venv_on_path() -> dict[str, str]:
    """os.environ with this venv's bin first on PATH: nbgrader runs `alembic` from PATH."""
    return dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")


def measure(cmd: list[str], cwd: Path, score=None) -> dict:
    """Wall, CPU (tree) and peak RSS (sum over the tree) of one command.

    CPU is the user + system time of every reaped descendant (the grader waits for its
    sandbox child, Jupyter for its kernel), or the sampled sum of each process's own
    time if that is larger (never a process's own plus its reaped children's: that
    would count a sandbox child twice, once as itself and once in its parent).
    """
    started, cpu_before = time.monotonic(), children_cpu()
    env = venv_on_path()
    out = tempfile.TemporaryFile()
    proc = psutil.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, env=env)
    peak, cpu_by_pid = 0, {}
    while proc.poll() is None:
        rss = 0
        for p in [proc, *proc.children(recursive=True)]:
            try:
                rss += p.memory_info().rss
                t = p.cpu_times()
                cpu_by_pid[p.pid] = t.user + t.system
            except psutil.Error:
                continue
        peak = max(peak, rss)
        time.sleep(0.02)
    wall = time.monotonic() - started
    out.seek(0)
    stdout = out.read().decode("utf-8", "replace")
    out.close()
    try:
        scored = score(stdout, cwd) if score else ""
    except Exception as exc:  # noqa: BLE001  (a missing score is shown, not fatal)
        scored = f"? ({type(exc).__name__})"
    return {
        "wall": wall,
        "cpu": max(children_cpu() - cpu_before, sum(cpu_by_pid.values())),
        "rss_mb": peak / 2**20,
        "ok": proc.returncode in (0, 1),
        "score": scored,
    }


def rlgrade_score(stdout: str, cwd: Path) -> str:
    report = json.loads(stdout[stdout.index("{") :])
    text = f"{report['score']:g}/{report['max_score']:g}"
    lost = [f"{r['id']} {r['status']}" for r in report["results"] if r["status"] != "passed"]
    if lost and report["score"] > 0:  # a reference short of full marks: say which checks
        text += f" ({', '.join(lost)})"
    return text


def nbgrader_score(stdout: str, cwd: Path) -> str:
    from nbgrader.api import Gradebook

    assignment = next((cwd / "submitted" / "s1").iterdir()).name
    with Gradebook(f"sqlite:///{cwd / 'gradebook.db'}") as gradebook:
        submission = gradebook.find_submission(assignment, "s1")
        return f"{submission.score:g}/{submission.max_score:g}"


def otter_score(stdout: str, cwd: Path) -> str:
    results = json.loads((cwd / "results.json").read_text())
    tests = results["tests"]
    got = sum(t.get("score", 0) or 0 for t in tests)
    out_of = sum(t.get("max_score", 0) or 0 for t in tests)
    lost = [t["name"] for t in tests if (t.get("score") or 0) < (t.get("max_score") or 0)]
    return f"{got:g}/{out_of:g}" + (f" (lost: {', '.join(lost)})" if lost and got > 0 else "")


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
    env = venv_on_path()
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
SCORES = {"rlgrade": rlgrade_score, "nbgrader": nbgrader_score, "otter": otter_score}


def measure_path(path: str, notebook: Path, assignment: str) -> dict:
    """One run of one grading path; its scratch folder (course, otter build) is removed."""
    cmd, cwd = PATHS[path](notebook, assignment)
    try:
        return measure(cmd, cwd, score=SCORES[path])
    finally:
        if cwd != REPO:
            shutil.rmtree(cwd, ignore_errors=True)


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({model}, {platform.machine()}), "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB RAM, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


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
    try:
        result = measure(cmd, REPO)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
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
    parser.add_argument(
        "--slow-repeats",
        type=int,
        default=1,
        help="repeats of nbgrader and otter on the TensorFlow assignments (minutes per run)",
    )
    parser.add_argument("--paths", default="rlgrade,nbgrader,otter")
    parser.add_argument("--batch", default="", help="comma-separated assignments: batch throughput")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--write", action="store_true", help="write benchmarks/RESULTS.md")
    parser.add_argument(
        "--assemble", action="store_true", help="only rebuild RESULTS.md from benchmarks/results"
    )
    args = parser.parse_args()
    if args.assemble:
        assemble()
        return

    config = load_config()
    assignments = args.assignment or list(config.assignments)
    started, load_before = datetime.now(timezone.utc), load()
    rows = []
    for assignment in assignments:
        for path in args.paths.split(","):
            repeats = args.slow_repeats if (path, assignment) in SLOW else args.repeats
            for label, notebook in (
                ("reference", REPO / "solutions" / assignment / f"{assignment}.ipynb"),
                ("skeleton", REPO / "assignments" / assignment / f"{assignment}.ipynb"),
            ):
                runs = [measure_path(path, notebook, assignment) for _ in range(repeats)]
                row = {
                    "assignment": assignment,
                    "path": path,
                    "notebook": label,
                    "runs": repeats,
                    "wall": statistics.median(r["wall"] for r in runs),
                    "cpu": statistics.median(r["cpu"] for r in runs),
                    "rss_mb": statistics.median(r["rss_mb"] for r in runs),
                    "ok": all(r["ok"] for r in runs),
                    "score": ", ".join(sorted({r["score"] for r in runs})),
                }
                rows.append(row)
                print(
                    f"{assignment} {path} {label}: {row['wall']:.1f} s, {row['cpu']:.1f} CPU-s, "
                    f"{row['rss_mb']:.0f} MB, score {row['score']} ({repeats} runs, load "
                    f"{load()})",
                    flush=True,
                )

    title = (
        f"Cost of grading (median of {args.repeats} runs, {args.slow_repeats} for nbgrader and "
        f"otter on the TensorFlow assignments; limits: {GRADESCOPE['cpu_seconds']} CPU-s, "
        f"{GRADESCOPE['memory_mb']} MB)"
    )
    table = Table(title=title)
    columns = (
        "assignment",
        "path",
        "notebook",
        "runs",
        "score",
        "wall s",
        "CPU s",
        "peak MB",
        "CPU / limit",
        "MB / limit",
    )
    for col in columns:
        table.add_column(
            col, justify="left" if col in ("assignment", "path", "notebook") else "right"
        )
    lines = [
        "| assignment | path | notebook | runs | score | wall s | CPU s | peak MB | CPU / 300 s "
        "| MB / 768 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        cells = [
            r["assignment"],
            r["path"],
            r["notebook"],
            str(r["runs"]),
            r["score"] if r["ok"] else f"{r['score']} (exit code!)",
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
    slow = [
        f"{r['assignment']} ({r['wall']:.0f} s)"
        for r in rows
        if r["path"] == "rlgrade"
        and r["notebook"] == "skeleton"
        and r["wall"] >= SKELETON_WALL_LIMIT
    ]
    fast = (
        f"Skeletons under rlgrade fail fast: every one within {SKELETON_WALL_LIMIT:.0f} s wall."
        if not slow
        else f"SLOW SKELETONS (rlgrade, >= {SKELETON_WALL_LIMIT:.0f} s wall): {', '.join(slow)}."
    )
    if any(r["path"] == "rlgrade" and r["notebook"] == "skeleton" for r in rows):
        console.print(fast)
        lines += ["", fast]

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
        intro = [
            f"Load average {load_before} (1/5/15 min) at the start; the machine was shared "
            "with other jobs, so wall times are pessimistic (CPU seconds and memory are not "
            "affected). Score: as each path reports it (reference full marks, skeleton zero).",
            "",
            title + ".",
            "",
        ]
        write_section("grading_cost", "Cost of grading", intro + lines, started)
        assemble()


def assemble() -> None:
    """RESULTS.md: the machine, then every section in benchmarks/results/."""
    header = [
        "# Benchmark results",
        "",
        "Every figure below was measured by the command given with it: each section is "
        "written by its benchmark's `--write` to benchmarks/results/<name>.md, and "
        "`python benchmarks/run.py --write` (or `--assemble`, which measures nothing) "
        "gathers them here. CPU seconds and peak memory do not depend on the machine's "
        "load; wall times do.",
        "",
        f"Machine: {machine()}.",
        "",
    ]
    text = "\n".join(header) + "\n" + "\n\n".join(read_sections()) + "\n"
    (REPO / "benchmarks" / "RESULTS.md").write_text(text)
    print(f"wrote {REPO / 'benchmarks' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
