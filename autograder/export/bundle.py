"""Copy the engine and one assignment's checks and config into a folder to ship.

Only what grading that assignment needs goes in: never solutions/, never other
assignments' checks; ``public_only`` also drops hidden checks from grading.yml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from autograder.config import load_config
from autograder.config.load import REPO_ROOT
from autograder.export.requirements import pinned_requirements


def copy_engine(dest: Path, assignment: str, public_only: bool = False) -> Path:
    """Write dest/autograder (engine + this assignment's checks), grading.yml, pyproject."""
    config = load_config()
    spec = config.assignments[assignment]
    package = REPO_ROOT / "autograder"
    checks = package / "checks"

    def ignore(folder: str, names: list[str]) -> list[str]:
        skipped = [n for n in names if n == "__pycache__" or n.endswith(".pyc")]
        if Path(folder) == checks:
            skipped += [n for n in names if (checks / n).is_dir() and n != assignment]
        return skipped

    shutil.copytree(package, dest / "autograder", ignore=ignore)
    shutil.copy(REPO_ROOT / "pyproject.toml", dest)
    shipped = config.public_only(assignment) if public_only else config.subset(assignment)
    (dest / "grading.yml").write_text(shipped.to_yaml())
    (dest / "requirements.txt").write_text(pinned_requirements(spec.extra_requirements))
    return dest
