"""Do the threshold checks pass correct code on any machine, and fail the bugs? (issue 12)

A *condition* is a seed set and an emulated CPU: set k replaces every threshold's
``seeds`` by grading.yml's seeds + step * k (set 0 is grading.yml itself), and the
variant (numeric_variants.VARIANTS: native, avx, sse41) sets the knobs that make numpy,
OpenBLAS and TensorFlow's sgemm round as an older CPU does. Each condition grades a
notebook with the real engine (``grade_notebook``: sandboxed child, the checks of
autograder/checks/<assignment>/) on grading.yml restricted to its threshold checks;
everything else (budget, evaluation episodes, hyper-parameters, time limits, memory) is
the graded contract.

Graded, per assignment: the reference (solutions/), the second implementation of
tests/<assignment>_alt.py where there is one, and with ``--bugs`` the catalogue's
threshold bugs (the ``BUGS`` entries of tests/test_<assignment>.py with a
``threshold_update``, under their cheaper
setting with the same seed shift), which must fail in every condition. Reports, per
check, the pass rate over the conditions, the lowest metric with its condition and the
margin (lowest metric minus the threshold; for bugs, the highest metric against the
bar it must stay under).

    python benchmarks/threshold_reliability.py --assignments bandits q_learning --sets 10
    python benchmarks/threshold_reliability.py --assignments dqn --sets 10 --bugs --jobs 2
"""

from __future__ import annotations

import argparse
import importlib
import resource
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from numeric_variants import VARIANTS  # noqa: E402
from sections import write_section  # noqa: E402

from autograder.config import GradingConfig, load_config  # noqa: E402
from autograder.grade import grade_notebook  # noqa: E402


@dataclass
class Subject:
    """One notebook graded under every condition: the reference, the alternative or a bug."""

    name: str
    notebook: Path
    threshold_update: dict = field(default_factory=dict)  # a bug's cheaper setting
    metric_below: float | None = None  # a bug: the metric must stay under this

    @property
    def is_bug(self) -> bool:
        return self.name.startswith("bug ")


def subjects(assignment: str, bugs: bool, workdir: Path) -> list[Subject]:
    """The reference, the second implementation in tests/ (if any), the threshold bugs."""
    from notebook_variants import make_variant, solution_notebook

    reference = solution_notebook(assignment)
    found = [Subject("reference", reference)]
    try:
        alt = importlib.import_module(f"{assignment}_alt")
        cells = alt.ALT_CELLS
        path = make_variant(reference, workdir / "alternative" / f"{assignment}.ipynb", cells)
        found.append(Subject("alternative", path))
    except ModuleNotFoundError:
        pass
    if bugs:
        from bug_catalogue import catalogue

        for bug in catalogue():
            if bug.assignment == assignment and bug.threshold_update is not None:
                path = make_variant(
                    reference, workdir / bug.name / f"{assignment}.ipynb", bug.replace
                )
                found.append(
                    Subject(f"bug {bug.name}", path, bug.threshold_update, bug.metric_below)
                )
    return found


def condition_config(
    config: GradingConfig, assignment: str, subject: Subject, k: int, step: int, only=None
) -> GradingConfig:
    """grading.yml with only the threshold checks, the subject's setting, seeds + step k."""
    return config.subset(
        assignment,
        lambda c: c.threshold is not None and (not only or c.id in only),
        lambda t: {
            **subject.threshold_update,
            "seeds": [s + step * k for s in subject.threshold_update.get("seeds", t.seeds)],
        },
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def grade_condition(
    config: GradingConfig, assignment: str, subject: Subject, k: int, variant: str, args
) -> list[dict]:
    """Grade one subject under one condition: a row per threshold check."""
    restricted = condition_config(config, assignment, subject, k, args.step, args.checks)
    wall = time.monotonic()
    report = grade_notebook(subject.notebook, assignment, restricted, child_env=VARIANTS[variant])
    wall = time.monotonic() - wall
    rows = []
    for result in report.results:
        t = restricted.assignments[assignment].check(result.id).threshold
        reached = result.status == "passed"
        if subject.is_bug:  # success = the bug lost the points and learned little
            ok = not reached and (
                subject.metric_below is None
                or (result.metric is not None and result.metric < subject.metric_below)
            )
        else:
            ok = reached
        rows.append(
            {
                "subject": subject.name,
                "check": result.id,
                "threshold": t.threshold,
                "better": t.higher_is_better,
                "bar": subject.metric_below,
                "k": k,
                "variant": variant,
                "seeds": t.seeds,
                "metric": result.metric,
                "ok": ok,
                "status": result.status,
                "message": result.message,
            }
        )
        value = "no metric" if result.metric is None else f"{result.metric:.3f}"
        detail = result.message[result.message.find("(") :][:300] if ok else result.message
        print(
            f"  {assignment} {subject.name} set {k} {variant}: {result.id} {value} "
            f"{'ok' if ok else 'NOT OK'} {detail[:700]} ({wall:.0f} s)",
            flush=True,
        )
    return rows


def summary_lines(assignment: str, rows: list[dict]) -> list[str]:
    """The table: one line per (subject, check)."""
    lines = [
        "| assignment | graded | check | conditions as expected | threshold | "
        "lowest metric (set, variant, seeds) | median | margin | per variant |",
        "|---|---|---|---:|---:|---|---:|---:|---|",
    ]
    groups: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row["subject"], row["check"]), []).append(row)
    for (subject, check), group in groups.items():
        group.sort(key=lambda r: (r["k"], r["variant"]))
        first = group[0]
        ok = sum(r["ok"] for r in group)
        seen = [r for r in group if r["metric"] is not None]
        per_variant = ", ".join(
            f"{v} {sum(r['ok'] for r in group if r['variant'] == v)}/"
            f"{sum(r['variant'] == v for r in group)}"
            for v in VARIANTS
            if any(r["variant"] == v for r in group)
        )
        if not seen:
            lines.append(
                f"| {assignment} | {subject} | {check} | {ok}/{len(group)} | "
                f"{first['threshold']:g} | no metric | | | {per_variant} |"
            )
            continue
        bug = subject.startswith("bug ")
        # a correct subject: its worst is its lowest; a bug: its best is its highest
        pick = max if bug == first["better"] else min
        worst = pick(seen, key=lambda r: r["metric"])
        if bug:
            bar = first["bar"] if first["bar"] is not None else first["threshold"]
            margin = (bar - worst["metric"]) if first["better"] else (worst["metric"] - bar)
            label = f"highest {worst['metric']:.3f}"
            limit = f"under {bar:g}"
        else:
            margin = (worst["metric"] - first["threshold"]) * (1 if first["better"] else -1)
            label = f"{worst['metric']:.3f}"
            limit = f"{first['threshold']:g}"
        lines.append(
            f"| {assignment} | {subject} | {check} | {ok}/{len(group)} "
            f"({ok / len(group):.0%}) | {limit} | {label} (set {worst['k']}, "
            f"{worst['variant']}, seeds {worst['seeds']}) | "
            f"{statistics.median(r['metric'] for r in seen):.3f} | {margin:+.3f} | "
            f"{per_variant} |"
        )
    return lines


def main() -> None:
    config = load_config()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--assignments",
        nargs="+",
        choices=list(config.assignments),
        default=list(config.assignments),
    )
    parser.add_argument("--sets", type=int, default=10, help="seed sets per variant")
    parser.add_argument("--first-set", type=int, default=0, help="start at set k (resume)")
    parser.add_argument("--step", type=int, default=100, help="set k adds step * k to the seeds")
    parser.add_argument("--variants", nargs="+", choices=list(VARIANTS), default=list(VARIANTS))
    parser.add_argument(
        "--variant-sets",
        type=int,
        default=0,
        help="grade the variants other than native on the first N sets only (where they "
        "change no bit of the metrics, as on the numpy assignments)",
    )
    parser.add_argument("--subjects", nargs="+", help="only these (reference, alternative)")
    parser.add_argument("--bugs", action="store_true", help="also the catalogue's threshold bugs")
    parser.add_argument("--checks", nargs="+", help="only these threshold checks (ids)")
    parser.add_argument("--tag", help="a second section for this assignment (e.g. dqn_bugs)")
    parser.add_argument("--bugs-only", action="store_true", help="only the threshold bugs")
    parser.add_argument("--jobs", type=int, default=1, help="conditions graded at once")
    parser.add_argument("--write", action="store_true", help="write benchmarks/results/*.md")
    args = parser.parse_args()

    for assignment in args.assignments:
        started, cpu = datetime.now(timezone.utc), children_cpu()
        workdir = Path(tempfile.mkdtemp(prefix=f"reliability-{assignment}-"))
        graded = [
            s
            for s in subjects(assignment, args.bugs, workdir)
            if (s.is_bug or not args.subjects or s.name in args.subjects)
            and (s.is_bug or not args.bugs_only)
        ]
        conditions = [
            (k, v)
            for k in range(args.first_set, args.sets)
            for v in args.variants
            if v == "native" or not args.variant_sets or k < args.variant_sets
        ]
        tasks = [(s, k, v) for s in graded for k, v in conditions]
        print(
            f"{assignment}: {', '.join(s.name for s in graded)}; {len(conditions)} "
            f"conditions each ({len(tasks)} gradings, {args.jobs} at a time)",
            flush=True,
        )
        rows: list[dict] = []
        lock = threading.Lock()

        n_conditions = len(conditions)

        def section(rows=rows, assignment=assignment, started=started, cpu=cpu, n=n_conditions):
            used = children_cpu() - cpu
            failures = [
                f"- NOT AS EXPECTED: {r['subject']} {r['check']}, set {r['k']} {r['variant']} "
                f"(seeds {r['seeds']}): {r['status']}, metric {r['metric']}"
                for r in rows
                if not r["ok"]
            ]
            return [
                f"Threshold checks of `{assignment}` graded by `grade_notebook` in the sandbox "
                f"under {n} conditions: {args.sets} seed sets (set k = grading.yml's seeds + "
                f"{args.step} k) on the emulated CPUs {', '.join(args.variants)} "
                "(numeric_variants.py"
                + (
                    f"; the variants other than native on sets 0-{args.variant_sets - 1} only"
                    if args.variant_sets
                    else ""
                )
                + "), "
                f"{len(rows)} rows, {used:.0f} CPU-s in all. As expected = full credit for "
                "correct code; for a bug, no full credit and its metric under the bar. Margin "
                "= lowest metric minus the threshold (bugs: the bar minus their highest).",
                "",
                *summary_lines(assignment, sorted(rows, key=lambda r: r["subject"] != "reference")),
                *([""] + failures if failures else []),
            ]

        def run(
            task, rows=rows, lock=lock, assignment=assignment, section=section, started=started
        ):
            subject, k, variant = task
            got = grade_condition(config, assignment, subject, k, variant, args)
            with lock:
                rows.extend(got)
                if args.write:
                    write_section(
                        f"threshold_reliability_{assignment}"
                        + (f"_{args.tag}" if args.tag else ""),
                        f"Threshold reliability: {assignment}"
                        + (f" ({args.tag.replace('_', ' ')})" if args.tag else ""),
                        section(),
                        started,
                    )

        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(run, tasks))
        print("\n".join(section()) + "\n", flush=True)


if __name__ == "__main__":
    main()
