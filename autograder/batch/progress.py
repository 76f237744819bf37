"""The batch's progress bar: done, failed and running counts, and the time left (rich)."""

from __future__ import annotations

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class BatchProgress:
    """One line that says how far the class is: rows done, rows not graded, tasks running."""

    def __init__(self, console: Console, assignment: str, total: int):
        self.progress = Progress(
            TextColumn("grading {task.fields[assignment]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "done {task.fields[done]} · failed {task.fields[failed]} · "
                "running {task.fields[running]}"
            ),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
        )
        self.task = self.progress.add_task(
            "grading", total=total, assignment=assignment, done=0, failed=0, running=0
        )
        self.done = self.failed = 0

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def result(self, record: dict, cached: bool) -> None:
        """A row arrived: print it above the bar, and count it."""
        note = " (already graded)" if cached else ""
        status = "" if record["status"] == "graded" else f" [{record['status']}]"
        reason = f": {record['reason']}" if record.get("reason") else ""
        self.progress.console.print(
            f"{record['student']}: {record['score']:g}/{record['max_score']:g}"
            f"{status}{note}{reason}",
            highlight=False,
            markup=False,
        )
        if record["status"] == "graded":
            self.done += 1
        else:
            self.failed += 1
        self.progress.update(self.task, advance=1, done=self.done, failed=self.failed)

    def running(self, count: int) -> None:
        self.progress.update(self.task, running=count)

    def cluster(self, client) -> None:
        """Say where the work runs, and the dashboard's address when there is one."""
        where = client.scheduler.address if client.scheduler else "?"
        line = f"Dask scheduler {where}"
        link = getattr(client, "dashboard_link", None) if _has_dashboard(client) else None
        if link:
            line += f"; dashboard {link}"
        self.progress.console.print(line, highlight=False, markup=False)


def _has_dashboard(client) -> bool:
    try:
        return "dashboard" in client.scheduler_info().get("services", {})
    except Exception:  # noqa: BLE001 - the address is a courtesy
        return False
