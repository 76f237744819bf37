"""Run nbgrader's own ``generate_assignment`` and check the result is in sync and clean.

Why a temporary course root for ``--check``: generating in place would overwrite
the committed skeletons; generating elsewhere lets us compare file by file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.config.load import REPO_ROOT
from autograder.notebook.cells import HIDDEN_BLOCK, MARKERS, SOLUTION_BLOCK


class ReleaseError(Exception):
    """nbgrader failed, or the release is out of sync or leaks solutions."""


def assignment_names(root: Path = REPO_ROOT) -> list[str]:
    return sorted(p.name for p in (root / "solutions").iterdir() if p.is_dir())


def generate(names: list[str], root: Path = REPO_ROOT) -> None:
    """``nbgrader generate_assignment`` for each name (solutions/ -> release/, nbgrader's
    folder), then release/<name> copied to assignments/<name>, the committed student copy."""
    for name in names:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "generate_assignment",
                name,
                "--force",
                "--no-db",
                "--log-level=WARN",
            ],
            cwd=root,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            raise ReleaseError(
                f"nbgrader generate_assignment {name} failed:\n{done.stdout}\n{done.stderr}"
            )
        shutil.rmtree(root / "assignments" / name, ignore_errors=True)
        shutil.copytree(
            root / "release" / name,
            root / "assignments" / name,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
        )


def _notebook_json(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    for cell in data.get("cells", []):
        cell.pop("id", None)
    return data


def _files(folder: Path) -> dict[str, Path]:
    return {
        str(p.relative_to(folder)): p
        for p in folder.rglob("*")
        if p.is_file() and ".ipynb_checkpoints" not in p.parts
    }


def diff_release(names: list[str], root: Path = REPO_ROOT) -> list[str]:
    """Generate into a scratch copy and list every difference with assignments/."""
    problems = []
    with tempfile.TemporaryDirectory(prefix="rlgrade-release-") as tmp:
        scratch = Path(tmp)
        shutil.copy(root / "nbgrader_config.py", scratch)
        for name in names:
            shutil.copytree(root / "solutions" / name, scratch / "solutions" / name)
        generate(names, scratch)
        for name in names:
            fresh = _files(scratch / "assignments" / name)
            committed = _files(root / "assignments" / name)
            for rel in sorted(set(fresh) | set(committed)):
                where = f"assignments/{name}/{rel}"
                if rel not in committed:
                    problems.append(f"{where} is missing")
                elif rel not in fresh:
                    problems.append(f"{where} is not produced by nbgrader from solutions/")
                elif rel.endswith(".ipynb"):
                    if _notebook_json(fresh[rel]) != _notebook_json(committed[rel]):
                        problems.append(f"{where} differs from what nbgrader generates now")
                elif fresh[rel].read_bytes() != committed[rel].read_bytes():
                    problems.append(f"{where} differs from solutions/{name}/{rel}")
    return problems


def _cell_sources(path: Path) -> list[str]:
    return [
        "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
    ]


def solution_leaks(names: list[str], root: Path = REPO_ROOT) -> list[str]:
    """Released notebooks must hold no marker and no line unique to a solution block."""
    problems = []
    for name in names:
        for source_nb in (root / "solutions" / name).glob("*.ipynb"):
            released = root / "assignments" / name / source_nb.name
            if not released.exists():
                continue
            sources = _cell_sources(source_nb)
            text = "\n".join(sources)
            outside = SOLUTION_BLOCK.sub("", HIDDEN_BLOCK.sub("", text))
            public_lines = {line.strip() for line in outside.splitlines()}
            secret = {
                line.strip()
                for block in SOLUTION_BLOCK.findall(text) + HIDDEN_BLOCK.findall(text)
                for line in block.splitlines()
                if len(line.strip()) >= 12 and not line.strip().startswith("#")
            } - public_lines
            released_text = "\n".join(_cell_sources(released))
            for marker in MARKERS:
                if marker in released_text:
                    problems.append(f"{released.relative_to(root)} contains '### {marker}'")
            released_lines = {line.strip() for line in released_text.splitlines()}
            for line in sorted(secret & released_lines):
                problems.append(f"{released.relative_to(root)} contains solution code: {line!r}")
    return problems
