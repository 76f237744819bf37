"""The terminal report: one row per check, with the teaching message."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.grade.results import GradeReport
from autograder.reports.format import points

STYLE = {"passed": "green", "failed": "red", "error": "magenta", "timeout": "yellow"}


def print_table(report: GradeReport, console: Console | None = None) -> None:
    console = console or Console()
    if report.notebook_error:
        console.print(Text(f"Your notebook could not be read: {report.notebook_error}", "red"))
    table = Table(title=f"{report.assignment}: {report.notebook}", show_lines=True)
    table.add_column("check")
    table.add_column("visibility")
    table.add_column("status")
    table.add_column("points", justify="right")
    table.add_column("message", overflow="fold")
    for r in report.results:
        message = r.message if len(r.message) < 1500 else r.message[:1500] + " ..."
        table.add_row(
            r.id,
            r.visibility,
            f"[{STYLE[r.status]}]{r.status}[/]",
            f"{points(r.score)}/{points(r.max_score)}",
            Text(message),
        )
    console.print(table)
    for warning in report.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    console.print(
        f"[bold]Score: {points(report.score)} / {points(report.max_score)}[/]"
        f"  ({report.seconds:.1f} s)"
    )
