"""otter-grader: exception-based test files that call the shared checks, zipped by otter.

Each check of grading.yml becomes one otter test file with one ``@test_case``
(same points, hidden flag from visibility). The test calls the same check as
every other front end. Otter test cases are pass/fail, so a threshold check's
partial credit under rlgrade is all-or-nothing under otter.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from autograder.config import load_config
from autograder.export.bundle import copy_engine

TEST_FILE = '''"""{description}"""

from otter.test_files import test_case

OK_FORMAT = False

name = "{check_id}"
points = {points}


@test_case(points={points}, hidden={hidden})
def test_{check_id}(env):
    from autograder.check.in_notebook import require_full_credit

    require_full_credit("{assignment}", "{check_id}", env)
'''


def write_test_files(assignment: str, tests_dir: Path) -> list[Path]:
    spec = load_config().assignments[assignment]
    tests_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for check in spec.checks:
        path = tests_dir / f"{check.id}.py"
        path.write_text(
            TEST_FILE.format(
                description=check.description or f"{assignment}: {check.id}",
                check_id=check.id,
                points=check.points,
                hidden=check.visibility == "hidden",
                assignment=assignment,
            )
        )
        written.append(path)
    return written


def export_otter(assignment: str, out_dir: Path) -> Path:
    """Write out_dir/otter_<a>/tests/*.py and out_dir/otter_<a>.zip via `otter generate`."""
    work = out_dir / f"otter_{assignment}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    write_test_files(assignment, work / "tests")
    copy_engine(work / "support", assignment)
    zip_path = out_dir.resolve() / f"otter_{assignment}.zip"
    support = ["support/autograder", "support/grading.yml"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "otter",
            "generate",
            "-t",
            "tests",
            "-o",
            str(zip_path),
            "-r",
            "support/requirements.txt",
            "--no-environment",
            "--no-config",
            *support,
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"otter generate failed:\n{done.stdout}\n{done.stderr}")
    return zip_path
