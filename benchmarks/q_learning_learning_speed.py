"""How fast the tabular reference learns FrozenLake and Taxi: episodes to the graded threshold.

For each of 10 training seeds, the reference notebook's own ``train`` (its code cells,
loaded as the grader loads a submission, but in this process) runs exactly the training
of the hidden checks ``frozenlake_optimal`` (Q-learning, 5 000 episodes) and
``taxi_expected_sarsa`` (Expected SARSA, 3 000 episodes): algorithm, budget and every
hyper-parameter come from grading.yml, so the step-size and exploration schedules are
the graded ones. Every 100 episodes the greedy policy of the current Q-table is evaluated
exactly as the grader evaluates it (``greedy_policy`` and ``run_episodes`` of
autograder/checks/q_learning/thresholds.py: ties to the lowest action, the grader's own
environment, ``eval_episodes`` episodes seeded with 10 000 + seed), on an environment
separate from the training one, so training is the same run the grader sees. The run
stops at the first evaluation at or above the threshold (the per-seed value; the grader
compares the mean over its seeds). Evaluation episodes are not counted.

    python benchmarks/q_learning_learning_speed.py
    python benchmarks/q_learning_learning_speed.py --checks frozenlake_optimal --eval-every 50
"""

from __future__ import annotations

import argparse
import contextlib
import io
import resource
import statistics
import sys
import types
from datetime import datetime, timezone
from pathlib import Path

import gymnasium as gym

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
NOTEBOOK = REPO / "solutions" / "q_learning" / "q_learning.ipynb"
CHECKS = ("frozenlake_optimal", "taxi_expected_sarsa")

from sections import write_section  # noqa: E402


class Reached(Exception):
    """Raised from inside ``train`` to stop at the first evaluation above the threshold."""


def load_reference() -> dict:
    """Execute the reference notebook's graded code cells (no tests, no experiments)."""
    from autograder.notebook.loader import load_submission_code

    namespace: dict = {"__name__": "q_learning_reference"}
    with contextlib.redirect_stdout(io.StringIO()):
        for cell in load_submission_code(NOTEBOOK):
            exec(compile(cell["source"], f"<q_learning cell {cell['index']}>", "exec"), namespace)  # noqa: S102
    return namespace


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def episodes_to_threshold(ref: dict, spec, seed: int, every: int) -> dict:
    """Train as the grader's check does; evaluate the greedy policy every ``every`` episodes."""
    from autograder.checks.q_learning.oracle import optimal_q
    from autograder.checks.q_learning.thresholds import evaluate as grader_evaluate
    from autograder.checks.q_learning.thresholds import resolve_env_id
    from autograder.checks.q_learning.training import call_train

    t = spec.threshold
    env_id = resolve_env_id(t.env)
    table: dict = {}  # the Q array that train updates in place (captured from td_update)
    evals: list[tuple[int, float]] = []

    def evaluate(episodes: int) -> float:
        value = float(grader_evaluate(table["Q"], env_id, t, seed).mean())
        evals.append((episodes, value))
        return value

    original_update = ref["td_update"]

    def td_update(Q, *args):
        table["Q"] = Q
        return original_update(Q, *args)

    class EvaluateOnReset(gym.Wrapper):
        """Before each new episode, every ``every`` finished ones: evaluate, maybe stop."""

        finished = -1

        def reset(self, **kwargs):
            self.finished += 1
            if (
                self.finished
                and self.finished % every == 0
                and evaluate(self.finished) >= t.threshold
            ):
                raise Reached
            return self.env.reset(**kwargs)

    shim = types.SimpleNamespace(make=lambda *a, **k: EvaluateOnReset(gym.make(*a, **k)))
    saved = {"gym": ref["gym"], "td_update": original_update}
    ref.update(gym=shim, td_update=td_update)
    reached = None
    try:
        Q, _, _ = call_train(
            types.SimpleNamespace(train=ref["train"]), env_id, t.budget, seed, spec.params["train"]
        )
        table["Q"] = Q
        if not evals or evals[-1][0] != t.budget:
            if evaluate(t.budget) >= t.threshold:
                reached = t.budget
    except Reached:
        reached = evals[-1][0]
    finally:
        ref.update(saved)
    optimum = optimal_q(env_id, spec.params["train"]["gamma"])
    return {
        "reached": reached,
        "best": max(v for _, v in evals),
        "final": evals[-1][1],
        "optimum": float(grader_evaluate(optimum, env_id, t, seed).mean()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(range(10)))
    parser.add_argument("--eval-every", type=int, default=100)
    parser.add_argument("--checks", nargs="+", choices=CHECKS, default=list(CHECKS))
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    per_seed: list[str] = []  # the per-seed tables, for the written section

    def show(line: str = "") -> None:
        print(line, flush=True)
        per_seed.append(line)

    from autograder.checks.q_learning.thresholds import resolve_env_id
    from autograder.config import load_config

    spec_of = load_config().assignments["q_learning"]
    ref = load_reference()
    summary = []
    for check in args.checks:
        spec = spec_of.check(check)
        t = spec.threshold
        env_id = resolve_env_id(t.env)
        train = spec.params["train"]
        show(
            f"\n{check}: {env_id}, reference {train['algorithm']}, budget {t.budget} episodes; "
            f"greedy {t.metric.split(' of the greedy policy')[0]} over {t.eval_episodes} seeded "
            f"episodes >= {t.threshold:g}, evaluated every {args.eval_every} episodes"
        )
        show(
            f"{'seed':>4}  {'episodes to threshold':>21}  {'best eval':>9}  {'optimal policy':>14}"
            f"  {'CPU s':>6}"
        )
        rows = []
        for seed in args.seeds:
            cpu = cpu_seconds()
            r = episodes_to_threshold(ref, spec, seed, args.eval_every)
            r["cpu"] = cpu_seconds() - cpu
            rows.append(r)
            shown = f"{r['reached']:,}" if r["reached"] else f"> {t.budget:,}"
            show(
                f"{seed:>4}  {shown:>21}  {r['best']:>9.3f}  {r['optimum']:>14.3f}  "
                f"{r['cpu']:>6.1f}"
            )
        reached = [r["reached"] if r["reached"] else float("inf") for r in rows]
        summary.append((check, env_id, t, rows, statistics.median(reached), max(reached)))

    table = [
        "| check | environment | threshold | episodes to threshold, median | worst | seeds "
        "reaching it | published figure |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for check, env_id, t, rows, median, worst in summary:
        fmt = lambda v, t=t: f"{v:,.0f}" if v != float("inf") else f"> {t.budget:,}"  # noqa: E731
        solved = sum(1 for r in rows if r["reached"])
        registered = gym.spec(env_id).reward_threshold
        table.append(
            f"| {check} | {env_id} | {t.threshold:g} | {fmt(median)} | {fmt(worst)} | "
            f"{solved}/{len(rows)} within {t.budget:,} | none known for this setting "
            f"(Gymnasium's reward_threshold: {registered}) |"
        )
    total = f"Total CPU {cpu_seconds():.0f} s, seeds {args.seeds[0]}-{args.seeds[-1]}."
    print("\n" + "\n".join(table) + "\n\n" + total)
    if args.write:
        lines = [
            "The reference's own `train`, run with the graded budget and hyper-parameters "
            f"(grading.yml); the greedy policy is evaluated every {args.eval_every} episodes "
            "with the grader's own functions (autograder/checks/q_learning/thresholds.py), "
            "and the run stops at the first evaluation at or above the threshold (per seed).",
            "",
            *table,
            "",
            total + " Per seed:",
            "",
            "```",
            *[line.strip("\n") for line in per_seed if line.strip()],
            "```",
        ]
        write_section("q_learning_learning_speed", "Q-learning: learning speed", lines, started)


if __name__ == "__main__":
    main()
