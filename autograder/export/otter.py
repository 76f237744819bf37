"""otter-grader: exception-based test files that call the shared checks, zipped by otter.

Each check of grading.yml becomes one otter test file with one ``@test_case``
(same points, hidden flag from visibility). The test calls the same check as
every other front end. Otter test cases are pass/fail, so a threshold check's
partial credit under rlgrade is all-or-nothing under otter.

Before otter executes a submission, the plugin ``SkipUngradedCells`` drops the
cells rlgrade does not run either: the autograder test cells (each calls
``check_here``, which would run every check a second time inside the kernel:
a DQN training run) and the ``experiment`` cells (figures, minutes of training).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder.config import load_config
from autograder.export.bundle import copy_engine
from autograder.notebook.cells import OTTER_IGNORE_TAG, is_experiment, is_test_cell
from autograder.sandbox.lean_imports import uses_tensorflow

# Put first in a TensorFlow submission: Keras then skips its optional extras (about 60 MB
# less memory under Gradescope's 768 MB; autograder/sandbox/lean_imports.py).
LEAN_TENSORFLOW_CELL = (
    "from autograder.sandbox.lean_imports import import_tensorflow_lean  # added by the grader\n"
    "import_tensorflow_lean()\n"
)
# Gradescope unzips an otter autograder into /autograder/source; `otter generate` puts
# the files it is given under files/. The engine is pip-installed from there, so that
# the test files and the plugin can import it in otter's environment.
ENGINE_IN_CONTAINER = "/autograder/source/files/support"

TEST_FILE = '''"""{description}"""

from otter.test_files import test_case

OK_FORMAT = False

name = "{check_id}"
points = {points}


@test_case(points={points}, hidden={hidden})
def test_{check_id}(env):
    from autograder.test_cells.check_here import require_full_credit

    require_full_credit("{assignment}", "{check_id}", env)
'''


class SkipUngradedCells:
    """An otter plugin (``before_execution``): the submission without test and experiment cells.

    Otter grades with its own test files after the notebook has run, so the
    notebook's test cells add nothing but time; with them gone otter executes
    the same cells as ``rlgrade grade`` (autograder.notebook.loader).
    """

    def __init__(self, submission_path=None, submission_metadata=None, plugin_config=None):
        self.submission_path = submission_path

    @staticmethod
    def graded_here(cell) -> bool:
        nbgrader = cell.get("metadata", {}).get("nbgrader", {})
        tags = cell.get("metadata", {}).get("tags", [])
        return not (is_test_cell(nbgrader) or is_experiment(tags) or OTTER_IGNORE_TAG in tags)

    def before_execution(self, submission):
        if isinstance(submission, str):  # a .py submission: nothing to skip
            return submission
        submission.cells = [c for c in submission.cells if self.graded_here(c)]
        if uses_tensorflow([c.source for c in submission.cells if c.cell_type == "code"]):
            submission.cells.insert(0, nbformat.v4.new_code_cell(LEAN_TENSORFLOW_CELL))
        return submission


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
    with (work / "support" / "requirements.txt").open("a") as requirements:
        requirements.write(f"{ENGINE_IN_CONTAINER}\n")
    plugin = f"{SkipUngradedCells.__module__}.{SkipUngradedCells.__qualname__}"
    (work / "otter_config.json").write_text(json.dumps({"plugins": [plugin]}, indent=2))
    zip_path = out_dir.resolve() / f"otter_{assignment}.zip"
    support = ["support/autograder", "support/grading.yml", "support/pyproject.toml"]
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
            "--config",
            "otter_config.json",
            *support,
        ],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"otter generate failed:\n{done.stdout}\n{done.stderr}")
    return zip_path
