"""Grading as Gradescope's image would: a venv holding only the bundle's requirements.

Why: the repository's own venv also holds nbgrader and otter (and with them pandas and
IPython, which Keras imports whenever they are installed), so it overstates the memory
a Gradescope run needs. This builds a venv from `rlgrade export gradescope`'s pinned
requirements.txt alone, grades each reference with it, and measures wall, CPU and peak
memory of the whole process tree (sandbox child included) with run.py's `measure`.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from run import GRADESCOPE, REPO, measure, rlgrade_score
from sections import write_section

from autograder.config import load_config
from autograder.export.gradescope import export_gradescope


def bundle_venv(assignment: str, folder: Path) -> Path:
    """A venv with exactly what the Gradescope bundle of ``assignment`` pins."""
    zip_path = export_gradescope(assignment, folder / "build")
    requirements = folder / "requirements.txt"
    requirements.write_bytes(zipfile.ZipFile(zip_path).read("requirements.txt"))
    venv = folder / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([base, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, "-r", str(requirements)], check=True, capture_output=True)
    return venv


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-a", "--assignment", action="append")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    rows = []
    config = load_config()
    tensorflow = [n for n, spec in config.assignments.items() if spec.needs_tensorflow]
    for assignment in args.assignment or tensorflow:
        folder = Path(tempfile.mkdtemp(prefix="bench-bundle-"))
        folder.chmod(0o755)  # the sandbox child (nobody) runs this venv's interpreter
        try:
            python = bundle_venv(assignment, folder) / "bin" / "python"
            notebook = REPO / "solutions" / assignment / f"{assignment}.ipynb"
            cmd = [str(python), "-m", "autograder.cli", "grade", str(notebook), "-a", assignment]
            runs = [
                measure([*cmd, "--format", "json"], REPO, score=rlgrade_score)
                for _ in range(args.repeats)
            ]
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        row = (
            f"| {assignment} | {len(runs)} | {', '.join(sorted({r['score'] for r in runs}))} | "
            f"{statistics.median(r['wall'] for r in runs):.1f} | "
            f"{statistics.median(r['cpu'] for r in runs):.1f} | "
            f"{statistics.median(r['rss_mb'] for r in runs):.0f} | "
            f"{statistics.median(r['rss_mb'] for r in runs) / GRADESCOPE['memory_mb']:.0%} |"
        )
        print(row, flush=True)
        rows.append(row)
    lines = [
        "`rlgrade grade` of each reference in a venv holding only the Gradescope bundle's "
        "requirements.txt (no nbgrader, otter, pandas or IPython), as `setup.sh` builds it; "
        f"medians of {args.repeats} runs, the sandbox child included. Limits: "
        f"{GRADESCOPE['cpu_seconds']} CPU-s, {GRADESCOPE['memory_mb']} MB.",
        "",
        "| assignment | runs | score | wall s | CPU s | peak MB | MB / 768 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    print("\n".join(lines))
    if args.write:
        write_section(
            "gradescope_bundle", "Grading in the Gradescope bundle's environment", lines, started
        )


if __name__ == "__main__":
    main()
