"""Do the threshold checks pass the reference whatever the grader's seeds? (issue 7)

Grades the reference notebook of each assignment with the real engine
(``autograder.grade.grade_notebook``: sandboxed child, the checks of
autograder/checks/<assignment>/) on a copy of grading.yml restricted to its threshold
checks, once per seed set: set k replaces every threshold's ``seeds`` by the original
seeds + 100 k (set 0 is grading.yml itself). Everything else (budget, evaluation
episodes, hyper-parameters, time limits, memory) is the graded contract. Reports, per
check, how many sets reach the threshold (must be all of them) and the margin: the
lowest metric seen minus the threshold (positive = every set passed with room).

    python benchmarks/threshold_reliability.py --assignments bandits q_learning reinforce
    python benchmarks/threshold_reliability.py --assignments dqn --sets 3
    python benchmarks/threshold_reliability.py --assignments q_learning \
        --checks frozenlake_optimal --sets 50
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sections import write_section  # noqa: E402

from autograder.config import GradingConfig, load_config  # noqa: E402
from autograder.grade import grade_notebook  # noqa: E402

ASSIGNMENTS = ("bandits", "q_learning", "dqn", "reinforce")


def seed_set_config(
    config: GradingConfig, assignment: str, k: int, step: int, only: list[str] | None = None
) -> GradingConfig:
    """grading.yml with only the threshold checks of ``assignment``, seeds shifted by step k."""
    spec = config.assignments[assignment]
    checks = []
    for check in spec.checks:
        if check.threshold is None or (only and check.id not in only):
            continue
        seeds = [s + step * k for s in check.threshold.seeds]
        threshold = check.threshold.model_copy(update={"seeds": seeds})
        checks.append(check.model_copy(update={"threshold": threshold}))
    spec = spec.model_copy(update={"checks": checks})
    return config.model_copy(update={"assignments": {assignment: spec}})


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def reliability(
    config: GradingConfig, assignment: str, sets: int, step: int, after_set=None, only=None
) -> list[dict]:
    """One row per threshold check: every set's metric and status.

    ``after_set(rows)`` runs after each set (the section is rewritten, so an interrupted
    run keeps the sets it finished).
    """
    notebook = REPO / "solutions" / assignment / f"{assignment}.ipynb"
    rows: dict[str, dict] = {}
    for k in range(sets):
        restricted = seed_set_config(config, assignment, k, step, only)
        cpu, wall = children_cpu(), time.monotonic()
        report = grade_notebook(notebook, assignment, restricted)
        cpu, wall = children_cpu() - cpu, time.monotonic() - wall
        shown = []
        for result in report.results:
            check = restricted.assignments[assignment].check(result.id)
            t = check.threshold
            row = rows.setdefault(
                result.id,
                {
                    "id": result.id,
                    "threshold": t.threshold,
                    "better": t.higher_is_better,
                    "sets": [],
                },
            )
            row["sets"].append(
                {
                    "k": k,
                    "seeds": t.seeds,
                    "metric": result.metric,
                    "passed": result.status == "passed",
                    "status": result.status,
                    "message": result.message,
                }
            )
            value = "no metric" if result.metric is None else f"{result.metric:.3f}"
            shown.append(f"{result.id} {value}{'' if result.status == 'passed' else ' FAILED'}")
            if result.status != "passed":
                print(f"    {result.id}, seeds {t.seeds}: {result.message[:600]}", flush=True)
        print(
            f"  {assignment} set {k}: {'; '.join(shown)} ({cpu:.0f} CPU-s, {wall:.0f} s)",
            flush=True,
        )
        if after_set:
            after_set(list(rows.values()))
    return list(rows.values())


def margin(row: dict) -> tuple[float | None, dict | None]:
    """Lowest metric (highest if lower is better) minus the threshold, and its set."""
    seen = [s for s in row["sets"] if s["metric"] is not None]
    if not seen:
        return None, None
    if row["better"]:
        worst = min(seen, key=lambda s: s["metric"])
        return worst["metric"] - row["threshold"], worst
    worst = max(seen, key=lambda s: s["metric"])
    return row["threshold"] - worst["metric"], worst


def table(assignment: str, rows: list[dict], step: int) -> list[str]:
    lines = []
    for row in rows:
        m, worst = margin(row)
        passed = sum(s["passed"] for s in row["sets"])
        n = len(row["sets"])
        metrics = [s["metric"] for s in row["sets"] if s["metric"] is not None]
        lines.append(
            f"| {assignment} | {row['id']} | {passed}/{n} ({passed / n:.0%}) | "
            f"{row['threshold']:g} | "
            + (
                f"{worst['metric']:.3f} (set {worst['k']}, seeds {worst['seeds']}) | "
                f"{statistics.median(metrics):.3f} | {m:+.3f} |"
                if worst
                else "no metric | | |"
            )
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignments", nargs="+", choices=ASSIGNMENTS, default=list(ASSIGNMENTS))
    parser.add_argument("--sets", type=int, default=10, help="seed sets per assignment")
    parser.add_argument("--step", type=int, default=100, help="set k adds step * k to the seeds")
    parser.add_argument("--checks", nargs="+", help="only these threshold checks (ids)")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()

    config = load_config()
    head = [
        "| assignment | check | sets passed | threshold | lowest metric (set, seeds) | "
        "median | margin |",
        "|---|---|---:|---:|---|---:|---:|",
    ]
    for assignment in args.assignments:
        started, cpu = datetime.now(timezone.utc), children_cpu()

        def summary(rows: list[dict], assignment=assignment, started=started, cpu=cpu):
            done = len(rows[0]["sets"]) if rows else 0
            lines = head + table(assignment, rows, args.step)
            failures = [
                f"- FAILED: {assignment} {row['id']}, set {s['k']} (seeds {s['seeds']}): "
                f"{s['status']}, metric {s['metric']}"
                for row in rows
                for s in row["sets"]
                if not s["passed"]
            ]
            used = children_cpu() - cpu
            body = [
                f"Reference `solutions/{assignment}/{assignment}.ipynb`, threshold checks "
                f"only, {done} seed sets (set k = grading.yml's seeds + {args.step} k; set 0 "
                f"is grading.yml's), graded by `grade_notebook` in the sandbox; {used:.0f} "
                f"CPU-s in all ({used / max(done, 1):.0f} per set). Margin = lowest metric "
                "minus the threshold.",
                "",
                *lines,
                *([""] + failures if failures else []),
            ]
            return lines, failures, body

        def after_set(rows: list[dict], assignment=assignment, started=started, summary=summary):
            if args.write:
                write_section(
                    f"threshold_reliability_{assignment}"
                    + "".join(f"_{c}" for c in args.checks or []),
                    f"Threshold reliability: {assignment}"
                    + (f" ({', '.join(args.checks)}, more sets)" if args.checks else ""),
                    summary(rows)[2],
                    started,
                )

        print(f"{assignment}: {args.sets} seed sets (set k: grading.yml seeds + {args.step} k)")
        rows = reliability(config, assignment, args.sets, args.step, after_set, args.checks)
        lines, failures, _ = summary(rows)
        print("\n".join(lines) + "\n", flush=True)
        if failures:
            print("\n".join(failures) + "\n")


if __name__ == "__main__":
    main()
