"""How fast the reference DQN learns CartPole-v1: environment steps to a solved greedy policy.

For each of 10 training seeds, the reference notebook's own ``train_dqn`` (its code cells,
loaded as the grader loads a submission, but in this process) trains for at most 50 000
environment steps; every 1 000 steps the greedy policy plays 20 seeded evaluation episodes
(capped at 500 steps, on separate environments that do not disturb training) and the run
stops at the first evaluation whose mean return is at least 475. Evaluation steps are not
counted. The table gives, per seed, the steps to that threshold, and the median and worst
over seeds, beside the published budgets (RL Baselines3 Zoo's tuned DQN: 5e4 steps;
CleanRL's default ``dqn.py``: 5e5 steps).

    python benchmarks/dqn_learning_speed.py                 # Double DQN, the graded variant
    python benchmarks/dqn_learning_speed.py --variant dqn   # plain DQN targets
"""

from __future__ import annotations

import argparse
import contextlib
import io
import linecache
import os
import resource
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from sections import write_section

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "solutions" / "dqn" / "dqn.ipynb"


def load_reference() -> dict:
    """Execute the reference notebook's graded code cells (no tests, no experiments)."""
    from autograder.notebook.loader import load_submission_code

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    namespace: dict = {"__name__": "dqn_reference"}
    with contextlib.redirect_stdout(io.StringIO()):  # the notebook's demo prints
        for cell in load_submission_code(NOTEBOOK):
            name, source = f"<dqn cell {cell['index']}>", cell["source"]
            # AutoGraph reads the source of tf.functions through linecache
            linecache.cache[name] = (len(source), None, source.splitlines(True), name)
            exec(compile(source, name, "exec"), namespace)  # noqa: S102
    return namespace


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(10)))
    parser.add_argument("--budget", type=int, default=50_000)
    parser.add_argument("--eval-every", type=int, default=1_000)
    parser.add_argument("--eval-episodes", type=int, default=20)
    parser.add_argument("--threshold", type=float, default=475.0)
    parser.add_argument("--variant", choices=["double", "dqn"], default="double")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)

    ref = load_reference()
    rows = []
    print(
        f"CartPole-v1, reference {'Double DQN' if args.variant == 'double' else 'DQN'}: steps "
        f"to a mean greedy return >= {args.threshold:g} over {args.eval_episodes} seeded "
        f"episodes, evaluated every {args.eval_every} steps, budget {args.budget} steps\n"
    )
    print(f"{'seed':>4}  {'steps to threshold':>18}  {'best eval':>9}  {'CPU s':>6}  {'wall s':>6}")
    for seed in args.seeds:
        cpu, wall = cpu_seconds(), time.perf_counter()
        agent = ref["train_dqn"](
            "CartPole-v1",
            seed,
            args.budget,
            double=args.variant == "double",
            eval_every=args.eval_every,
            eval_episodes=args.eval_episodes,
            stop_return=args.threshold,
        )
        h = agent.history
        reached = next(
            (
                int(s)
                for s, r in zip(h["eval_step"], h["eval_return"], strict=True)
                if r >= args.threshold
            ),
            None,
        )
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
        rows.append((seed, reached, max(h["eval_return"]), cpu, wall))
        shown = f"{reached:,}" if reached else f"> {args.budget:,}"
        print(
            f"{seed:>4}  {shown:>18}  {max(h['eval_return']):>9.1f}  {cpu:>6.1f}  {wall:>6.1f}",
            flush=True,
        )

    solved = [r[1] for r in rows if r[1] is not None]
    n = len(rows)
    median = statistics.median([r[1] if r[1] is not None else float("inf") for r in rows])
    worst = max(solved) if len(solved) == n else None
    fmt = lambda v: f"{v:,.0f}" if v is not None and v != float("inf") else f"> {args.budget:,}"  # noqa: E731
    table = [
        "| | steps to a mean greedy return >= 475 | seeds |",
        "|---|---:|---|",
        f"| this reference, median | {fmt(median)} | {len(solved)}/{n} solved within "
        f"{args.budget:,} |",
        f"| this reference, worst | {fmt(worst)} | |",
        "| RL Baselines3 Zoo, tuned DQN (budget) | 50,000 | |",
        "| CleanRL dqn.py, default (budget) | 500,000 | |",
    ]
    cpu = (
        f"CPU per seed: median {statistics.median(r[3] for r in rows):.1f} s, "
        f"max {max(r[3] for r in rows):.1f} s (TensorFlow single-threaded); total CPU "
        f"{cpu_seconds():.0f} s"
    )
    print("\n" + "\n".join(table) + "\n\n" + cpu)
    if args.write:
        per_seed = [
            f"| {seed} | {f'{reached:,}' if reached else f'> {args.budget:,}'} | {best:.1f} "
            f"| {c:.1f} |"
            for seed, reached, best, c, _ in rows
        ]
        body = [
            *table,
            "",
            cpu + ".",
            "",
            "| seed | steps to threshold | best eval | CPU s |",
            "|---:|---:|---:|---:|",
            *per_seed,
        ]
        write_section("dqn_learning_speed", "DQN: learning speed", body, started)


if __name__ == "__main__":
    main()
