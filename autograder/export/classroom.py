"""A GitHub Classroom starter repository: skeletons, the engine, public checks only.

Left out: solutions/, every assignment's hidden.py and oracle.py, hidden checks
in grading.yml. An assignment whose remaining check files still import the
oracle cannot be exported (that would ship the truth): the error says which file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from autograder.config.load import REPO_ROOT

SECRET_FILES = {"hidden.py", "oracle.py"}
IMPORTS_SECRET = re.compile(r"^\s*(from|import)\s.*\b(oracle|hidden)\b", re.M)

WORKFLOW = """name: autograding
on: [push, workflow_dispatch]
permissions:
  contents: read
  checks: write
jobs:
  public-checks:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install
        run: ./scripts/install.sh
      - name: Public checks
        run: |
          mkdir -p reports
          status=0
          for a in {assignments}; do
            .venv/bin/rlgrade grade assignments/$a/$a.ipynb -a $a --format junit \\
              --out reports/$a.xml
            .venv/bin/rlgrade grade assignments/$a/$a.ipynb -a $a --format markdown \\
              --out reports/$a.md
            cat reports/$a.md >> "$GITHUB_STEP_SUMMARY"
            grep -q 'failures="0" errors="0"' reports/$a.xml || status=1
          done
          exit $status
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: public-check-reports
          path: reports/
"""

STUDENT_README = """# Reinforcement-learning assignments

Each notebook in `assignments/` teaches one method and asks you to implement it:
read the theory, replace each `raise NotImplementedError()` with your code, and run
the test cell under it for feedback.

## Set-up

```bash
./scripts/install.sh
.venv/bin/jupyter lab            # or: .venv/bin/jupyter notebook
```

## Check your work

```bash
.venv/bin/rlgrade check bandits  # the public checks, in a sandbox, as the grader runs them
```

Every push runs the same public checks on GitHub (the Actions tab shows a summary
and JUnit reports). Your instructor grades with more (hidden) checks: passing the
public ones is necessary, not sufficient. Cells tagged `experiment` are not graded
but are where you see your agent learn: run them.
"""


class ClassroomExportError(Exception):
    """The starter would leak hidden checks or the oracle."""


def _copy_engine(dest: Path, assignments: list[str]) -> None:
    checks = REPO_ROOT / "autograder" / "checks"

    def ignore(folder: str, names: list[str]) -> list[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".pyc")}
        if Path(folder) == checks:
            skipped |= {n for n in names if (checks / n).is_dir() and n not in assignments}
            skipped |= {"README.md"}  # the instructors' guide
        if Path(folder).parent == checks:
            skipped |= {n for n in names if n in SECRET_FILES}
        return sorted(skipped)

    shutil.copytree(REPO_ROOT / "autograder", dest / "autograder", ignore=ignore)
    for folder in (dest / "autograder" / "checks").iterdir():
        for path in folder.glob("*.py"):
            text = path.read_text()
            if path.name != "__init__.py" and IMPORTS_SECRET.search(text):
                raise ClassroomExportError(
                    f"autograder/checks/{folder.name}/{path.name} imports the oracle or the "
                    "hidden checks: move what uses them into hidden.py before exporting."
                )


def export_classroom(dest: Path, assignments: list[str]) -> Path:
    if dest.exists() and any(dest.iterdir()):
        raise ClassroomExportError(f"{dest} is not empty: choose a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    _copy_engine(dest, assignments)
    raw = yaml.safe_load((REPO_ROOT / "grading.yml").read_text())
    kept = {}
    for name in assignments:
        block = raw["assignments"][name]
        block["checks"] = [c for c in block["checks"] if c["visibility"] == "public"]
        kept[name] = block
        shutil.copytree(REPO_ROOT / "assignments" / name, dest / "assignments" / name)
    (dest / "grading.yml").write_text(
        yaml.safe_dump({"version": 1, "assignments": kept}, sort_keys=False)
    )
    shutil.copy(REPO_ROOT / "pyproject.toml", dest)
    (dest / "scripts").mkdir()
    shutil.copy(REPO_ROOT / "scripts" / "install.sh", dest / "scripts")
    (dest / "README.md").write_text(STUDENT_README)
    (dest / ".gitignore").write_text(".venv/\n__pycache__/\nreports/\n*.egg-info/\n")
    workflows = dest / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "classroom.yml").write_text(WORKFLOW.format(assignments=" ".join(assignments)))
    return dest
