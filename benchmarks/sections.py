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
# the order of the sections in RESULTS.md
ORDER = (
    "grading_cost",  # benchmarks/run.py: its table and the bandit testbed ratio
    "gradescope_bundle",  # benchmarks/gradescope_bundle.py: in the bundle's own venv
    "gradescope_container",  # benchmarks/gradescope_container.py: under cgroup limits
    "batch_throughput",  # benchmarks/batch_throughput.py: rlgrade batch on Dask
    "q_learning_learning_speed",
    "dqn_learning_speed",
    "reinforce_learning_speed",
    "numeric_variants",  # benchmarks/numeric_variants.py: which knobs change the bits
    "threshold_reliability",  # one file per assignment: threshold_reliability_<assignment>
    "tf_footprint",
)


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
    """The sections that exist, in ORDER (by name prefix), then any others."""
    if not RESULTS.is_dir():
        return []

    def rank(path: Path) -> tuple[int, str]:
        prefix = [i for i, name in enumerate(ORDER) if path.stem.startswith(name)]
        return (prefix[0] if prefix else len(ORDER), path.stem)

    return [p.read_text().rstrip() for p in sorted(RESULTS.glob("*.md"), key=rank)]
