"""Gradescope autograder zip: setup.sh, run_autograder and the engine, no solutions.

Gradescope unzips the bundle into /autograder/source, runs setup.sh once when
building the image, then run_autograder per submission. The root (/autograder)
can be moved with RLGRADE_AUTOGRADER_ROOT so a test can lay it out in a folder.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from autograder.export.bundle import copy_engine
from autograder.export.requirements import SUPPORTED_PYTHONS

SETUP_SH = (
    """#!/usr/bin/env bash
# Runs once when Gradescope builds the image: a venv with the dependencies pinned for this
# image's Python (requirements.txt has a pin per supported Python version).
set -euo pipefail
cd /autograder/source
PYV=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case " """
    + " ".join(SUPPORTED_PYTHONS)
    + """ " in
  *" $PYV "*) ;;
  *) echo "rlgrade: this bundle supports Python """
    + ", ".join(SUPPORTED_PYTHONS)
    + """; the image has $PYV. Choose another base image." >&2; exit 1 ;;
esac
if ! python3 -m venv --help >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-venv
fi
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet --upgrade pip
/autograder/venv/bin/pip install --quiet -r requirements.txt
/autograder/venv/bin/pip install --quiet --no-deps -e .
"""
)

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Grades /autograder/submission/*.ipynb into /autograder/results/results.json.
ROOT="${{RLGRADE_AUTOGRADER_ROOT:-/autograder}}"
PY="${{RLGRADE_PYTHON:-$ROOT/venv/bin/python}}"
export PYTHONPATH="$ROOT/source${{PYTHONPATH:+:$PYTHONPATH}}"
exec "$PY" -m autograder.cli run-gradescope --assignment {assignment} --root "$ROOT"
"""


def export_gradescope(assignment: str, out_dir: Path) -> Path:
    """Write ``out_dir/gradescope_<assignment>.zip`` and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        source = copy_engine(Path(tmp) / "source", assignment)
        for name, text in (
            ("setup.sh", SETUP_SH),
            ("run_autograder", RUN_AUTOGRADER.format(assignment=assignment)),
        ):
            (source / name).write_text(text)
            (source / name).chmod(0o755)
        archive = shutil.make_archive(str(out_dir / f"gradescope_{assignment}"), "zip", source)
    return Path(archive)
