"""How fast the REINFORCE reference learns CartPole-v1, and what grading it costs.

    python benchmarks/reinforce_learning_speed.py             # learning speed, 10 seeds
    python benchmarks/reinforce_learning_speed.py --grading   # cost of `rlgrade grade`

Learning speed: the reference notebook's own code (solutions/reinforce, the cells the
grader loads) trains with its default hyper-parameters on seeds 0-9 until the
100-episode moving average of the training returns reaches 475 (Gymnasium's "solved"),
at most 1,000 episodes; the table gives that episode per seed, then the median and the
worst beside the published figure for a plain numpy REINFORCE (median about 400
episodes, up to 1,500). Targets (issue 5): median <= 300, worst <= 600.

Grading cost: runs `rlgrade grade` on the reference and samples the resident memory of
the grader and its sandboxed child together (psutil, every 50 ms); CPU seconds are the
children's user + system time. Targets: <= 300 CPU-seconds, <= 768 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import linecache
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from sections import write_section

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "solutions" / "reinforce" / "reinforce.ipynb"
PUBLISHED = {"median": 400, "worst": 1500}
TARGET = {"median": 300, "worst": 600}
BUDGET = {"cpu_seconds": 300, "peak_mb": 768}


def load_reference() -> dict:
    """Execute the reference notebook's graded code cells (experiments skipped)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")  # as in the sandbox: same numerics
    os.environ.setdefault("TF_DETERMINISTIC_OPS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from autograder.notebook.loader import load_submission_code

    namespace: dict = {"__name__": "__reference__"}
    for cell in load_submission_code(NOTEBOOK):
        name, source = f"<reference cell {cell['index']}>", cell["source"]
        # as the sandbox does: autograph reads the source of functions it converts
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        with contextlib.redirect_stdout(io.StringIO()):  # the demo cells' prints
            exec(compile(source, name, "exec"), namespace)
    return namespace


def learning_speed(seeds: list[int], max_episodes: int, write: bool = False) -> None:
    started = datetime.now(timezone.utc)
    ns = load_reference()
    print(f"REINFORCE reference ({NOTEBOOK.relative_to(REPO)}), default hyper-parameters")
    print(f"{'seed':>4}  {'episodes to MA100 >= 475':>24}  {'env steps':>9}  {'CPU s':>6}")
    solved = []
    for seed in seeds:
        start = time.process_time()
        agent = ns["train_reinforce"](
            seed=seed, n_episodes=max_episodes, solved_return=475.0, solved_window=100
        )
        returns = agent.episode_returns()
        reached = len(returns) >= 100 and returns[-100:].mean() >= 475.0
        episodes = len(returns) if reached else None
        solved.append(episodes if reached else float("inf"))
        shown = str(episodes) if reached else f"> {max_episodes}"
        print(
            f"{seed:>4}  {shown:>24}  {int(returns.sum()):>9}  {time.process_time() - start:>6.1f}",
            flush=True,
        )
    median, worst = statistics.median(solved), max(solved)
    if write:
        shown = lambda v: f"{v:g}" if v != float("inf") else f"> {max_episodes}"  # noqa: E731
        body = [
            "| episodes to a 100-episode moving average of 475 | median | worst |",
            "|---|---:|---:|",
            f"| REINFORCE reference (TensorFlow), seeds {seeds[0]}-{seeds[-1]} | "
            f"{shown(median)} | {shown(worst)} |",
            f"| published: plain numpy REINFORCE | {PUBLISHED['median']} | "
            f"{PUBLISHED['worst']:,} |",
            f"| target (issue 5) | {TARGET['median']} | {TARGET['worst']} |",
            "",
            "Per seed: " + ", ".join(shown(v) for v in solved) + " episodes.",
        ]
        write_section("reinforce_learning_speed", "REINFORCE: learning speed", body, started)
    print()
    print(f"{'episodes to a 100-episode moving average of 475':<48} {'median':>7} {'worst':>7}")
    print(
        f"{'REINFORCE reference (TensorFlow), seeds ' + str(seeds[0]) + '-' + str(seeds[-1]):<48}"
        f" {median:>7g} {worst:>7g}"
    )
    print(
        f"{'published: plain numpy REINFORCE':<48} {PUBLISHED['median']:>7} {PUBLISHED['worst']:>7}"
    )
    print(f"{'target (issue 5)':<48} {TARGET['median']:>7} {TARGET['worst']:>7}")
    ok = median <= TARGET["median"] and worst <= TARGET["worst"]
    print("targets met" if ok else "TARGETS MISSED")


def grading_cost() -> None:
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = Path("/tmp") / f"reinforce-grade-{os.getpid()}.json"
    cmd = [
        str(Path(sys.executable).with_name("rlgrade")),
        "grade",
        str(NOTEBOOK),
        "-a",
        "reinforce",
        "--format",
        "json",
        "--out",
        str(out),
    ]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO)
    peak = 0
    root = psutil.Process(proc.pid)
    while proc.poll() is None:
        rss = 0
        try:
            for p in [root, *root.children(recursive=True)]:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, rss)
        time.sleep(0.05)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report = json.loads(out.read_text())
    out.unlink()
    print(
        f"rlgrade grade {NOTEBOOK.relative_to(REPO)}: score {report['score']:g}/"
        f"{report['max_score']:g}"
    )
    print(f"{'':<32} {'measured':>9} {'budget':>7}")
    print(f"{'wall-clock seconds':<32} {wall:>9.1f} {'':>7}")
    print(f"{'CPU seconds (grader + sandbox)':<32} {cpu:>9.1f} {BUDGET['cpu_seconds']:>7}")
    print(f"{'peak resident MB (both, summed)':<32} {peak / 2**20:>9.0f} {BUDGET['peak_mb']:>7}")
    for row in report["results"]:
        if row["metric"] is not None:
            print(f"{row['id']}: {row['message']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grading", action="store_true", help="measure `rlgrade grade`")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--max-episodes", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    if args.grading:
        grading_cost()
    else:
        learning_speed(list(range(args.seeds)), args.max_episodes, args.write)


if __name__ == "__main__":
    main()
