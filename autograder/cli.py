"""``rlgrade``: a thin command line over the engine (one verb, one module)."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click
from rich.console import Console

from autograder.config import ConfigError, load_config
from autograder.config.load import CONFIG_ENV, REPO_ROOT

console = Console(width=None if sys.stdout.isatty() else 160)

# Exit codes of `check`, `grade` and `batch` (README, "Exit codes").
EXIT_ALL_PASSED = 0
EXIT_SOME_FAILED = 1
EXIT_INPUT_BROKEN = 2  # the notebook, the class folder, grading.yml or the command line
EXIT_CLUSTER = 3  # `batch`: the Dask cluster failed; what finished is saved


class InputError(click.ClickException):
    """The input or the grading contract is broken: exit code 2, like a usage error."""

    exit_code = EXIT_INPUT_BROKEN


def _config(path: str | None):
    try:
        return load_config(path)
    except ConfigError as exc:
        raise InputError(str(exc)) from None


def _assignment(config, name: str) -> None:
    if name not in config.assignments:
        raise InputError(f"unknown assignment '{name}'. Known: {', '.join(config.assignments)}.")


CONFIG_OPTION = click.option(
    "--config", envvar=CONFIG_ENV, help="grading.yml to use [default: the repository's]"
)


def _use_config(path: str | None):
    """Validate ``path`` and make it the file every later step reads (and ships)."""
    cfg = _config(path)
    if path:
        os.environ[CONFIG_ENV] = str(Path(path).resolve())
    return cfg


def _exit_code(report) -> int:
    if report.notebook_error:
        return EXIT_INPUT_BROKEN
    full = report.score >= round(report.max_score, 6)
    return EXIT_ALL_PASSED if full else EXIT_SOME_FAILED


def _progress(result) -> None:
    mark = {"passed": "[green]✔[/]", "failed": "[red]✘[/]"}.get(result.status, "[magenta]![/]")
    console.print(
        f"  {mark} {result.id} ({result.score:g}/{result.max_score:g}, {result.seconds:.1f} s)",
        highlight=False,
    )


def _exit_on_sigterm(signum, frame) -> None:
    """Turn SIGTERM into SystemExit so that sandboxes are killed on the way out."""
    sys.exit(128 + signum)


@click.group()
@click.version_option(package_name="rl-course-autograder", prog_name="rlgrade")
def main() -> None:
    """Grade the reinforcement-learning course's notebooks."""
    signal.signal(signal.SIGTERM, _exit_on_sigterm)


@main.command()
@click.argument("assignment")
@click.argument("notebook", required=False, type=click.Path(dir_okay=False))
@click.option("--config", envvar=CONFIG_ENV, help="grading.yml to use [default: the repository's]")
def check(assignment: str, notebook: str | None, config: str | None) -> None:
    """Run the public checks of ASSIGNMENT on your NOTEBOOK (students)."""
    from autograder.grade import grade_notebook
    from autograder.reports import print_table

    cfg = _config(config)
    _assignment(cfg, assignment)
    notebook = notebook or str(
        REPO_ROOT / "assignments" / assignment / cfg.assignments[assignment].notebook
    )
    report = grade_notebook(notebook, assignment, cfg, public_only=True, progress=_progress)
    print_table(report, console)
    sys.exit(_exit_code(report))


FORMATS = ("table", "gradescope", "classroom", "junit", "json", "markdown", "html", "html-public")


@main.command()
@click.argument("notebook", type=click.Path(dir_okay=False))
@click.option("--assignment", "-a", required=True)
@click.option(
    "--format",
    "formats",
    type=click.Choice(FORMATS),
    multiple=True,
    help="report format; repeat it with --out to write several reports from one grading "
    "[default: table]",
)
@click.option(
    "--out",
    "outs",
    type=click.Path(dir_okay=False),
    multiple=True,
    help="write the report here (atomically); the n-th --out takes the n-th --format",
)
@click.option("--config", envvar=CONFIG_ENV, help="grading.yml to use [default: the repository's]")
def grade(
    notebook: str,
    assignment: str,
    formats: tuple[str, ...],
    outs: tuple[str, ...],
    config: str | None,
) -> None:
    """Grade NOTEBOOK on every check of the assignment (public and hidden).

    Exit code 0: every check passed; 1: some check did not; 2: the notebook could not be
    read, or the command or grading.yml is wrong.
    """
    from autograder.grade import grade_notebook
    from autograder.reports import print_table, render, write_atomic

    formats = formats or ("table",)
    if outs and len(outs) != len(formats):
        raise InputError(
            f"{len(formats)} --format for {len(outs)} --out: give one --format per --out, "
            "in the same order (e.g. --format junit --out r.xml --format markdown --out r.md)."
        )
    if not outs and len(formats) > 1:
        raise InputError("several --format need as many --out: only one report can go to stdout.")
    cfg = _config(config)
    _assignment(cfg, assignment)
    table = formats == ("table",) and not outs
    report = grade_notebook(notebook, assignment, cfg, progress=_progress if table else None)
    if "table" in formats:
        print_table(report, console)
    for fmt, out in zip(formats, outs, strict=True) if outs else ():
        write_atomic(out, render(report, "json" if fmt == "table" else fmt))
        console.print(f"wrote {fmt} report: {out}", highlight=False)
    if not outs and formats != ("table",):
        click.echo(render(report, formats[0]))
    sys.exit(_exit_code(report))


@main.command()
@click.argument("names", nargs=-1)
@click.option(
    "--check",
    "only_check",
    is_flag=True,
    help="do not write: fail if assignments/ is out of sync, leaks solutions, or if a test "
    "cell's nbgrader points disagree with grading.yml",
)
@CONFIG_OPTION
def release(names: tuple[str, ...], only_check: bool, config: str | None) -> None:
    """Generate assignments/ from solutions/ with nbgrader (instructors)."""
    from autograder.release.generate import (
        ReleaseError,
        assignment_names,
        diff_release,
        generate,
        solution_leaks,
    )
    from autograder.release.points import points_mismatches

    cfg = _use_config(config)
    selected = list(names) or assignment_names()
    for name in selected:
        _assignment(cfg, name)
    try:
        if only_check:
            problems = (
                points_mismatches(selected, cfg, REPO_ROOT)
                + diff_release(selected)
                + solution_leaks(selected)
            )
            if problems:
                raise click.ClickException(
                    "release check failed:\n  "
                    + "\n  ".join(problems)
                    + "\nFix: run `rlgrade release` and commit assignments/."
                )
            console.print(f"release in sync and clean: {', '.join(selected)}")
            return
        generate(selected, REPO_ROOT)
        leaks = solution_leaks(selected)
        if leaks:
            raise click.ClickException("released files leak solutions:\n  " + "\n  ".join(leaks))
        console.print(f"released: {', '.join(selected)} -> {Path('assignments')}/")
    except ReleaseError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--assignment", "-a", required=True)
@click.option(
    "--jobs", "-j", default=2, show_default=True, help="workers of the embedded local cluster"
)
@click.option("--out", default=None, type=click.Path(), help="default: FOLDER/../gradebook-<a>")
@click.option("--config", envvar=CONFIG_ENV, help="grading.yml to use [default: the repository's]")
@click.option(
    "--scheduler",
    default=None,
    help="address of an existing Dask scheduler (tcp://HOST:PORT or tls://HOST:PORT) "
    "[default: a local cluster of --jobs workers on 127.0.0.1]",
)
@click.option("--tls-ca-file", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--tls-cert", type=click.Path(exists=True, dir_okay=False), default=None)
@click.option("--tls-key", type=click.Path(exists=True, dir_okay=False), default=None)
def batch(
    folder: str,
    assignment: str,
    jobs: int,
    out: str | None,
    config: str | None,
    scheduler: str | None,
    tls_ca_file: str | None,
    tls_cert: str | None,
    tls_key: str | None,
) -> None:
    """Grade every notebook in FOLDER on Dask; interrupt and rerun to resume (instructors).

    Exit code 0: every student has full marks; 1: some do not; 2: some entry of FOLDER is
    missing, unreadable or ambiguous (listed at the end), or the command or grading.yml
    is wrong; 3: the cluster failed (unreachable, workers of another version, gone
    mid-batch): every result that arrived is saved, and a rerun grades the rest.
    """
    from autograder.batch.cluster import ClusterError, Tls
    from autograder.batch.gradebook import (
        BatchStopped,
        find_submissions,
        grade_folder,
        needs_attention,
    )
    from autograder.batch.progress import BatchProgress

    cfg = _config(config)
    _assignment(cfg, assignment)
    spec = cfg.assignments[assignment]
    folder_path = Path(folder)
    out_path = Path(out) if out else folder_path.resolve().parent / f"gradebook-{assignment}"
    total = len(find_submissions(folder_path, spec.notebook))
    try:
        with BatchProgress(console, assignment, total) as progress:
            records = grade_folder(
                folder_path,
                assignment,
                out_path,
                jobs,
                progress.result,
                spec.notebook,
                spec.max_score,
                str(Path(config).resolve()) if config else None,
                scheduler=scheduler,
                tls=Tls(tls_ca_file, tls_cert, tls_key),
                on_running=progress.running,
                on_cluster=progress.cluster,
            )
    except (ClusterError, BatchStopped) as exc:
        console.print(f"rlgrade batch: {exc}", highlight=False, markup=False)
        sys.exit(EXIT_CLUSTER)
    counts: dict[str, int] = {}
    for record in records:
        counts[record["status"]] = counts.get(record["status"], 0) + 1
    console.print(
        f"{len(records)} students: "
        + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        + f"; gradebook: {out_path}/gradebook.csv and .json; feedback pages: {out_path}/feedback/"
    )
    attention = needs_attention(records)
    if attention:
        console.print(f"{len(attention)} need your attention:", highlight=False)
        for record in attention:
            line = f"  {record['student']} [{record['status']}]: {record['reason']}"
            console.print(line, highlight=False, markup=False)
        sys.exit(EXIT_INPUT_BROKEN)
    full = all(r["score"] >= round(r["max_score"], 6) for r in records)
    sys.exit(EXIT_ALL_PASSED if full else EXIT_SOME_FAILED)


@main.group()
def export() -> None:
    """Package an assignment's grader for another platform (instructors)."""


@export.command("gradescope")
@click.argument("assignment")
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path())
@CONFIG_OPTION
def export_gradescope_cmd(assignment: str, out_dir: str, config: str | None) -> None:
    """Write build/gradescope_<ASSIGNMENT>.zip (setup.sh, run_autograder, engine)."""
    from autograder.export.gradescope import export_gradescope

    _assignment(_use_config(config), assignment)
    console.print(f"wrote {export_gradescope(assignment, Path(out_dir))}")


@export.command("otter")
@click.argument("assignment")
@click.option("--out", "out_dir", default="build", show_default=True, type=click.Path())
@CONFIG_OPTION
def export_otter_cmd(assignment: str, out_dir: str, config: str | None) -> None:
    """Write otter test files and an autograder zip made by `otter generate`."""
    from autograder.export.otter import export_otter

    _assignment(_use_config(config), assignment)
    console.print(f"wrote {export_otter(assignment, Path(out_dir))}")


@export.command("classroom")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--assignment", "-a", "names", multiple=True, help="default: every assignment")
@CONFIG_OPTION
def export_classroom_cmd(dest: str, names: tuple[str, ...], config: str | None) -> None:
    """Write a GitHub Classroom starter repository (skeletons, public checks) to DEST."""
    from autograder.export.classroom import ClassroomExportError, export_classroom

    cfg = _use_config(config)
    selected = list(names) or list(cfg.assignments)
    for name in selected:
        _assignment(cfg, name)
    try:
        console.print(f"wrote {export_classroom(Path(dest), selected)}")
    except ClassroomExportError as exc:
        raise click.ClickException(str(exc)) from None


@export.command("grades")
@click.argument("gradebooks", nargs=-1, required=True, type=click.Path(file_okay=False))
@click.option(
    "--lms", type=click.Choice(["canvas", "moodle", "plain"]), default="plain", show_default=True
)
@click.option(
    "--roster",
    type=click.Path(dir_okay=False),
    help="CSV of every student (e.g. the LMS's own gradebook export); needed for canvas",
)
@click.option(
    "--id-column",
    help="the roster column that holds the students' folder names "
    "[default: canvas 'SIS Login ID', moodle 'Username', plain 'student']",
)
@click.option("--out", required=True, type=click.Path(dir_okay=False))
def export_grades_cmd(
    gradebooks: tuple[str, ...], lms: str, roster: str | None, id_column: str | None, out: str
) -> None:
    """One CSV for Canvas or Moodle from the GRADEBOOKS `rlgrade batch` wrote (instructors).

    Every roster student gets a row (0 if they submitted nothing, and they are listed);
    exit code 2 if a graded student is not on the roster.
    """
    from autograder.batch.lms import GradesError, lms_grades, read_gradebook
    from autograder.reports import write_atomic

    try:
        books = [read_gradebook(Path(g)) for g in gradebooks]
        grades = lms_grades(books, lms, Path(roster) if roster else None, id_column)
    except GradesError as exc:
        raise InputError(str(exc)) from None
    write_atomic(out, grades.text)
    console.print(f"wrote {lms} grades for {', '.join(b.assignment for b in books)}: {out}")
    for assignment, students in grades.no_submission.items():
        if students:
            console.print(
                f"{assignment}: {len(students)} submitted nothing (0 points): "
                + ", ".join(students),
                highlight=False,
            )
    for assignment, students in grades.not_on_roster.items():
        console.print(
            f"[red]{assignment}: {len(students)} graded but not on the roster (not in {out}):[/] "
            + ", ".join(students)
            + ". Fix: correct the folder names or the roster, or pass --id-column.",
            highlight=False,
        )
    if grades.not_on_roster:
        sys.exit(EXIT_INPUT_BROKEN)


@main.command("run-gradescope")
@click.option("--assignment", "-a", required=True)
@click.option("--root", default="/autograder", show_default=True, type=click.Path())
def run_gradescope_cmd(assignment: str, root: str) -> None:
    """Grade ROOT/submission/*.ipynb into ROOT/results/results.json (inside the bundle)."""
    from autograder.run.gradescope import run_gradescope

    report = run_gradescope(Path(root), assignment)
    console.print(f"{assignment}: {report.score:g} / {report.max_score:g}")


if __name__ == "__main__":
    main()
