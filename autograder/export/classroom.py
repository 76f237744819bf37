"""A GitHub Classroom starter repository: skeletons, the engine, public checks only.

Left out: solutions/, the hidden checks of grading.yml, and in each assignment's
check folder every *secret* module: hidden.py, oracle.py, and any other module that
defines a check grading.yml marks hidden (e.g. a hidden threshold check), so that
visibility is decided in grading.yml alone. A shipped module that imports a secret
one cannot be exported (it would ship the truth, or fail to import): the error says
which file. A package's ``__init__.py`` may import secret modules only inside ``try:
... except ImportError`` (none needs to: autograder/checks/registry.py finds every module,
and refuses a check defined in ``__init__.py``).
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from autograder.config import GradingConfig, load_config
from autograder.config.load import REPO_ROOT

SECRET_FILES = {"hidden.py", "oracle.py"}

# One grading per notebook writes every report (JUnit, the job summary, Classroom's points);
# the venv is cached and holds only what students need (the `student` extra).
# A push that changes no notebook (the README, a note) grades nothing. GitHub Classroom
# makes one repository per student per assignment: export one starter per assignment
# (``-a bandits``) and each push grades that notebook alone.
WORKFLOW = """name: Autograding Tests
on:
  push:
    paths: ["assignments/**"]
  workflow_dispatch:
  repository_dispatch:
permissions:
  contents: read
  checks: write
  actions: read
jobs:
  run-autograding-tests:
    name: Autograding Tests
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        id: python
        with:
          python-version: "3.11"
          cache: pip
          cache-dependency-path: pyproject.toml
      - uses: actions/cache@v4
        with:
          path: .venv
          key: venv-${{{{ runner.os }}}}-${{{{ steps.python.outputs.python-version }}}}-${{{{
            hashFiles('pyproject.toml', 'scripts/*') }}}}
      - name: Install
        run: ./scripts/install.sh
      - name: Public checks
        id: grade
        run: |
          mkdir -p reports
          for a in {assignments}; do
            code=0
            .venv/bin/rlgrade grade assignments/$a/$a.ipynb -a $a \\
              --format junit --out reports/$a.xml \\
              --format markdown --out reports/$a.md \\
              --format classroom --out reports/$a.classroom.json || code=$?
            if [ "$code" -gt 1 ]; then
              echo "::error::$a: the notebook could not be graded (exit $code); see the summary"
            fi
            if [ -f reports/$a.classroom.json ]; then
              cat reports/$a.md >> "$GITHUB_STEP_SUMMARY"
              echo "$a=$(base64 -w0 reports/$a.classroom.json)" >> "$GITHUB_OUTPUT"
            fi
          done
      - name: Points for GitHub Classroom
        if: always()
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
{reporter_env}
        with:
          runners: {runners}
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
.venv/bin/jupyter lab
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


def _hidden_ids(config: GradingConfig, assignment: str) -> set[str]:
    checks = config.assignments[assignment].checks
    return {c.id for c in checks if c.visibility == "hidden"}


def secret_modules(folder: Path, hidden_ids: set[str]) -> set[str]:
    """File names in a check folder that must not ship (see the module docstring)."""
    secret = set()
    for path in folder.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        if path.name in SECRET_FILES or (path.name != "__init__.py" and defined & hidden_ids):
            secret.add(path.name)
    return secret


def _imported_names(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        return {part for alias in node.names for part in alias.name.split(".")}
    if isinstance(node, ast.ImportFrom):
        return set((node.module or "").split(".")) | {alias.name for alias in node.names}
    return set()


def _guarded_imports(tree: ast.Module) -> set[ast.AST]:
    """Import statements inside ``try: ... except ImportError`` (optional modules)."""
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
            for h in node.handlers
        ):
            guarded |= {n for stmt in node.body for n in ast.walk(stmt)}
    return guarded


def check_no_secret_imports(folder: Path, secret: set[str]) -> None:
    """Raise if a shipped module of ``folder`` needs one of the ``secret`` modules."""
    stems = {Path(name).stem for name in secret}
    for path in sorted(folder.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = _guarded_imports(tree) if path.name == "__init__.py" else set()
        for node in ast.walk(tree):
            if node not in allowed and _imported_names(node) & stems:
                raise ClassroomExportError(
                    f"autograder/checks/{folder.name}/{path.name} imports a module the "
                    f"starter leaves out ({', '.join(sorted(secret))}: the oracle or hidden "
                    "checks): move what uses it into hidden.py before exporting."
                )


def _copy_engine(dest: Path, assignments: list[str], config: GradingConfig) -> None:
    checks = REPO_ROOT / "autograder" / "checks"
    secret = {a: secret_modules(checks / a, _hidden_ids(config, a)) for a in assignments}

    def ignore(folder: str, names: list[str]) -> list[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".pyc")}
        if Path(folder) == checks:
            skipped |= {n for n in names if (checks / n).is_dir() and n not in assignments}
            skipped |= {"README.md"}  # the instructors' guide
        if Path(folder).parent == checks and Path(folder).name in secret:
            skipped |= secret[Path(folder).name] & set(names)
        return sorted(skipped)

    shutil.copytree(REPO_ROOT / "autograder", dest / "autograder", ignore=ignore)
    for name in assignments:
        check_no_secret_imports(dest / "autograder" / "checks" / name, secret[name])


INSTALL_EXTRAS = 'EXTRAS="${RLGRADE_EXTRAS:-instructor,dev}"'
STUDENT_EXTRAS = 'EXTRAS="${RLGRADE_EXTRAS:-student}"'


def workflow(assignments: list[str]) -> str:
    """The starter's workflow; each assignment is a runner of Classroom's reporter."""
    env = "\n".join(
        f"          {a.upper()}_RESULTS: ${{{{ steps.grade.outputs.{a} }}}}" for a in assignments
    )
    return WORKFLOW.format(
        assignments=" ".join(assignments), reporter_env=env, runners=",".join(assignments)
    )


def export_classroom(dest: Path, assignments: list[str]) -> Path:
    """Write the starter repository to ``dest`` (a new or empty folder) and return it."""
    if dest.exists() and any(dest.iterdir()):
        raise ClassroomExportError(f"{dest} is not empty: choose a new folder.")
    dest.mkdir(parents=True, exist_ok=True)
    config = load_config()
    _copy_engine(dest, assignments, config)
    for name in assignments:
        shutil.copytree(REPO_ROOT / "assignments" / name, dest / "assignments" / name)
    (dest / "grading.yml").write_text(config.public_only(assignments).to_yaml())
    shutil.copy(REPO_ROOT / "pyproject.toml", dest)
    (dest / "scripts").mkdir()
    install = (REPO_ROOT / "scripts" / "install.sh").read_text()
    assert INSTALL_EXTRAS in install, "scripts/install.sh no longer names its extras"
    (dest / "scripts" / "install.sh").write_text(install.replace(INSTALL_EXTRAS, STUDENT_EXTRAS))
    (dest / "scripts" / "install.sh").chmod(0o755)
    (dest / "README.md").write_text(STUDENT_README)
    (dest / ".gitignore").write_text(".venv/\n__pycache__/\nreports/\n*.egg-info/\n")
    workflows = dest / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "classroom.yml").write_text(workflow(assignments))
    return dest
