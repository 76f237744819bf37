"""Sections of benchmarks/RESULTS.md, one file per benchmark script.

Each benchmark that takes long (learning speed, threshold reliability, TensorFlow
footprint) writes its own section to benchmarks/results/<name>.md when given
``--write``: the date, the load, the exact command and its table. ``run.py --write``
then assembles RESULTS.md from its own table and these sections, so every figure in
RESULTS.md comes with the command that measured it.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
REPO = RESULTS.parents[1]
# The order of the sections in RESULTS.md (by name prefix): the cost of grading first, then
# each assignment's own benchmarks (benchmarks/<assignment>_*.py, in grading.yml's order),
# then what concerns every assignment. No assignment is named here.
FIRST = (
    "grading_cost",  # benchmarks/run.py: its table
    "gradescope_bundle",  # benchmarks/gradescope_bundle.py: in the bundle's own venv
    "gradescope_container",  # benchmarks/gradescope_container.py: under cgroup limits
    "batch_throughput",  # benchmarks/batch_throughput.py: rlgrade batch on Dask
)
LAST = (
    "numeric_variants",  # benchmarks/numeric_variants.py: which knobs change the bits
    "threshold_reliability",  # one file per assignment: threshold_reliability_<assignment>
    "tf_footprint",
)


def assignment_names() -> list[str]:
    """The assignments, in grading.yml's order."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from autograder.config import load_config

    return load_config(REPO / "grading.yml").names


def load_note() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) at the end"


def command() -> str:
    script = Path(sys.argv[0]).resolve()
    try:
        shown = script.relative_to(Path.cwd())
    except ValueError:
        shown = script
    return " ".join(["python", str(shown), *sys.argv[1:]])


def write_section(name: str, title: str, lines: list[str], started: datetime) -> Path:
    """Write one section: a heading, when and how it was measured, then ``lines``."""
    RESULTS.mkdir(exist_ok=True)
    now = datetime.now(timezone.utc)
    minutes = (now - started).total_seconds() / 60
    head = [
        f"## {title}",
        "",
        f"Measured {started:%Y-%m-%d %H:%M}-{now:%H:%M} UTC ({minutes:.0f} min), "
        f"{load_note()}. Command: `{command()}`",
        "",
    ]
    path = RESULTS / f"{name}.md"
    path.write_text("\n".join(head + lines).rstrip() + "\n")
    return path


def read_sections() -> list[str]:
    """The sections that exist, in the order above, then any others."""
    if not RESULTS.is_dir():
        return []

    names = assignment_names()

    def assignment_index(name: str) -> int:
        """Where the assignment a section name starts with stands in grading.yml."""
        found = [i for i, a in enumerate(names) if name == a or name.startswith(f"{a}_")]
        return found[0] if found else len(names)

    def rank(path: Path) -> tuple[int, int, int, str]:
        stem = path.stem
        for i, prefix in enumerate(FIRST):
            if stem.startswith(prefix):
                return (0, i, 0, stem)
        for i, prefix in enumerate(LAST):  # e.g. threshold_reliability_<assignment>_<tag>
            if stem.startswith(prefix):
                return (2, i, assignment_index(stem[len(prefix) :].lstrip("_")), stem)
        if assignment_index(stem) < len(names):  # an assignment's own: <assignment>_*
            return (1, assignment_index(stem), 0, stem)
        return (3, 0, 0, stem)

    return [p.read_text().rstrip() for p in sorted(RESULTS.glob("*.md"), key=rank)]
