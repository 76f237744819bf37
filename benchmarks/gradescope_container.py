"""Grade each reference under Gradescope's default container limits, enforced by the kernel.

Why: a sum of resident-set sizes overstates what a memory limit refuses (TensorFlow's
shared libraries are file-backed pages the kernel can drop and read again), and a
quiet 2-core machine hides what half a CPU costs in wall time. Gradescope runs each
submission in a container whose memory cgroup is capped at 768 MB, with half a vCPU
and 10 minutes. This benchmark does the same with the kernel's own cgroup (v1)
controllers: it builds the Gradescope bundle (`rlgrade export gradescope`) and a venv
from its requirements.txt alone (as `setup.sh` does), lays out a folder like
`/autograder/`, and runs the bundle's `run_autograder` inside a fresh cgroup with

- `memory.limit_in_bytes` (and, where swap accounting exists, `memsw`) at the limit,
- `cpu.cfs_quota_us / cpu.cfs_period_us` = 0.5 (half a CPU),
- a 600 s wall limit,

then reads the score from results.json, the cgroup's own peak charge
(`memory.max_usage_in_bytes`, page cache included), how often the limit was hit
(`failcnt`: the kernel reclaimed pages to stay under it), OOM kills, and CPU time
(`cpuacct.usage`). Lower limits than 768 MB show how much room there is to spare: the
lowest limit that still gives full marks is the real requirement.

Needs root and writable cgroup v1 `memory`, `cpu` and `cpuacct` hierarchies (it says
so and stops otherwise).

    python benchmarks/gradescope_container.py --write
    python benchmarks/gradescope_container.py -a dqn --limits 768 512 384
    python benchmarks/gradescope_container.py -a dqn --paths bundle otter --limits 768
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from gradescope_bundle import bundle_venv
from run import GRADESCOPE, REPO, otter_cmd, otter_score, venv_on_path
from sections import write_section

from autograder.config import load_config

CGROUP = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "cpu", "cpuacct")
WALL_LIMIT_S = 600  # Gradescope's default timeout
CPU_SHARE = 0.5  # Gradescope's default: half a vCPU
# memory limits (MB) to grade each assignment under: TensorFlow alone is ~600 MB resident
DEFAULT_LIMITS = {
    name: [768, 512, 448] if spec.needs_tensorflow else [768, 256]
    for name, spec in load_config().assignments.items()
}


def cgroups_available() -> str:
    """'' if the cgroup v1 controllers can be used here, else why not."""
    if os.geteuid() != 0:
        return "needs root (it creates cgroups)"
    for name in CONTROLLERS:
        if not (CGROUP / name / "tasks").exists():
            return f"no cgroup v1 '{name}' hierarchy at {CGROUP / name}"
    return ""


class Container:
    """One fresh cgroup per run in each controller, removed afterwards."""

    def __init__(self, memory_mb: int, cpu_share: float):
        self.name = f"rlgrade-bench-{os.getpid()}-{time.monotonic_ns()}"
        self.dirs = {c: CGROUP / c / self.name for c in CONTROLLERS}
        for folder in self.dirs.values():
            folder.mkdir()
        limit = str(memory_mb * 2**20)
        (self.dirs["memory"] / "memory.limit_in_bytes").write_text(limit)
        memsw = self.dirs["memory"] / "memory.memsw.limit_in_bytes"
        if memsw.exists():  # no swapping past the limit either, as in a container
            memsw.write_text(limit)
        period = 100_000
        (self.dirs["cpu"] / "cpu.cfs_period_us").write_text(str(period))
        (self.dirs["cpu"] / "cpu.cfs_quota_us").write_text(str(int(period * cpu_share)))

    def enter_command(self) -> list[str]:
        """A shell prefix that moves itself into the cgroups and then execs the command."""
        moves = "; ".join(f"echo $$ > {d / 'tasks'}" for d in self.dirs.values())
        return ["sh", "-c", f'{moves}; exec "$@"', "sh"]

    def read(self, controller: str, name: str) -> str:
        return (self.dirs[controller] / name).read_text()

    def stats(self) -> dict:
        oom = dict(line.split() for line in self.read("memory", "memory.oom_control").splitlines())
        return {
            "peak_mb": int(self.read("memory", "memory.max_usage_in_bytes")) / 2**20,
            "failcnt": int(self.read("memory", "memory.failcnt")),
            "oom_kills": int(oom.get("oom_kill", 0)),
            "cpu_s": int(self.read("cpuacct", "cpuacct.usage")) / 1e9,
        }

    def remove(self) -> None:
        for controller, folder in self.dirs.items():
            for _ in range(50):  # the kernel refuses while a task is still leaving
                try:
                    tasks = (folder / "tasks").read_text().split()
                    for pid in tasks:  # anything left behind (it should not be)
                        try:
                            os.kill(int(pid), 9)
                        except ProcessLookupError:
                            pass
                    folder.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                print(f"warning: could not remove {folder} ({controller})", file=sys.stderr)


def drop_page_cache() -> None:
    """Start cold, so the run's cgroup is charged for every library page it reads."""
    os.sync()
    try:
        Path("/proc/sys/vm/drop_caches").write_text("1")
    except OSError as exc:
        print(f"note: page cache not dropped ({exc}); later runs start warm", file=sys.stderr)


def autograder_root(assignment: str, scratch: Path) -> Path:
    """A folder laid out like Gradescope's /autograder, with the bundle and its venv."""
    root = scratch / "autograder"
    root.mkdir()
    bundle_venv(assignment, scratch)  # scratch/venv; run_autograder is told its python
    zip_path = next((scratch / "build").glob(f"gradescope_{assignment}.zip"))
    with zipfile.ZipFile(zip_path) as bundle:
        bundle.extractall(root / "source")
    for name in ("run_autograder", "setup.sh"):
        (root / "source" / name).chmod(0o755)
    return root


def run_in_container(cmd: list[str], cwd: Path, env: dict, memory_mb: int) -> dict:
    """Run ``cmd`` in a fresh cgroup capped like Gradescope's container; its usage."""
    drop_page_cache()
    container = Container(memory_mb, CPU_SHARE)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [*container.enter_command(), *cmd],
            cwd=cwd,
            env=env,
            capture_output=True,
            timeout=WALL_LIMIT_S,
        )
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired:
        status = f"over {WALL_LIMIT_S} s"
    wall = time.monotonic() - started
    stats = container.stats()
    container.remove()
    return dict(stats, wall=wall, status=status, limit_mb=memory_mb)


def grade_with_bundle(scratch: Path, assignment: str, memory_mb: int) -> dict:
    """The Gradescope bundle's run_autograder on the reference, in its own venv."""
    root = scratch / "autograder"
    if not root.exists():
        root = autograder_root(assignment, scratch)
    submission = root / "submission"
    shutil.rmtree(submission, ignore_errors=True)
    submission.mkdir()
    shutil.copy(REPO / "solutions" / assignment / f"{assignment}.ipynb", submission)
    results = root / "results" / "results.json"
    results.unlink(missing_ok=True)
    env = dict(
        os.environ,
        RLGRADE_AUTOGRADER_ROOT=str(root),
        RLGRADE_PYTHON=str(scratch / "venv" / "bin" / "python"),
    )
    run = run_in_container([str(root / "source" / "run_autograder")], root, env, memory_mb)
    return dict(run, score=otter_score("", results.parent))  # reads <dir>/results.json


def grade_with_otter(scratch: Path, assignment: str, memory_mb: int) -> dict:
    """`otter run` of the otter zip (which Gradescope also accepts) on the reference."""
    notebook = REPO / "solutions" / assignment / f"{assignment}.ipynb"
    cmd, work = otter_cmd(notebook, assignment)
    try:
        run = run_in_container(cmd, work, venv_on_path(), memory_mb)
        return dict(run, score=otter_score("", work))
    finally:
        shutil.rmtree(work, ignore_errors=True)


PATHS = {"bundle": grade_with_bundle, "otter": grade_with_otter}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-a", "--assignment", action="append")
    parser.add_argument("--limits", type=int, nargs="+", help="memory limits in MB")
    parser.add_argument("--paths", nargs="+", choices=list(PATHS), default=["bundle"])
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    why_not = cgroups_available()
    if why_not:
        sys.exit(f"gradescope_container.py cannot run here: {why_not}.")
    started = datetime.now(timezone.utc)
    rows = []
    for assignment in args.assignment or list(DEFAULT_LIMITS):
        scratch = Path(tempfile.mkdtemp(prefix="bench-container-"))
        scratch.chmod(0o755)  # the sandbox child (nobody) runs the venv's interpreter
        try:
            for path in args.paths:
                # the bundle is swept down to its floor; otter at Gradescope's default only
                limits = args.limits or (
                    DEFAULT_LIMITS[assignment] if path == "bundle" else [GRADESCOPE["memory_mb"]]
                )
                for limit in limits:
                    run = PATHS[path](scratch, assignment, limit)
                    row = (
                        f"| {assignment} | {path} | {limit} | {run['score']} | {run['status']} | "
                        f"{run['wall']:.0f} | {run['cpu_s']:.0f} | {run['peak_mb']:.0f} | "
                        f"{run['failcnt']} | {run['oom_kills']} |"
                    )
                    print(row, flush=True)
                    rows.append(row)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    lines = [
        "Each reference graded inside a fresh cgroup per run (path `bundle`: the Gradescope "
        "bundle's own `run_autograder`, in a venv holding only the bundle's requirements.txt; "
        "path `otter`: `otter run` of `rlgrade export otter`'s zip, in the project's venv): "
        "memory "
        f"capped at the limit (swap too), {CPU_SHARE} CPU (CFS quota), {WALL_LIMIT_S} s wall "
        f"(Gradescope's defaults: {GRADESCOPE['memory_mb']} MB, 0.5 vCPU, 10 min). Peak = the "
        "cgroup's `memory.max_usage_in_bytes` (grader, sandbox child and page cache); "
        "limit hits = `memory.failcnt` (times the kernel reclaimed pages to stay under the "
        "limit); CPU = `cpuacct.usage`. One run per row.",
        "",
        "| assignment | path | memory limit MB | score | exit | wall s | CPU s | peak MB | "
        "limit hits | OOM kills |",
        "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    print("\n".join(lines))
    if args.write:
        write_section(
            "gradescope_container",
            "Grading under Gradescope's default limits (kernel-enforced)",
            lines,
            started,
        )


if __name__ == "__main__":
    main()
