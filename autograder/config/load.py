"""Load grading.yml, turning every mistake into an error that names key and fix."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from autograder.checks.registry import checks_of
from autograder.config.schema import GradingConfig

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "grading.yml"
# Points every front end (rlgrade, check_here in nbgrader's kernel, otter's test files)
# at another contract, e.g. the tests' one-training-seed copy for the platform runs.
CONFIG_ENV = "RLGRADE_CONFIG"


def default_config_path() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)


class ConfigError(Exception):
    """grading.yml is broken; the message says where and how to fix it."""


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _explain(error: dict) -> str:
    kind = error["type"]
    where = _where(error["loc"])
    if kind == "extra_forbidden":
        return f"{where}: unknown key. Fix: remove it or correct its spelling."
    if kind == "missing":
        return f"{where}: required key is missing. Fix: add it."
    return f"{where}: {error['msg']} (got {error.get('input')!r}). Fix: correct this value."


def _check_functions(config: GradingConfig, path: Path) -> None:
    """Every check id must name a registered check in autograder/checks/<assignment>/."""
    problems = []
    for name, assignment in config.assignments.items():
        try:
            functions = checks_of(name)
        except ModuleNotFoundError as error:
            if error.name != f"autograder.checks.{name}":
                raise  # the package exists and one of its imports is missing: say that
            problems.append(
                f"assignments.{name}: no check package autograder/checks/{name}/. Fix: "
                "create it or correct the assignment name."
            )
            continue
        for i, check in enumerate(assignment.checks):
            function = functions.get(check.id)
            if function is None:
                problems.append(
                    f"assignments.{name}.checks[{i}].id: '{check.id}' is not a check in "
                    f"autograder/checks/{name}/. Fix: correct the id, or add the function "
                    "and mark it @check (or @threshold_check)."
                )
            elif getattr(function, "seeded", False) and not isinstance(
                check.params.get("seed"), int
            ):
                problems.append(
                    f"assignments.{name}.checks[{i}].params.seed: '{check.id}' draws random "
                    "cases and needs an integer seed. Fix: add params: {seed: <an integer>}."
                )
            elif getattr(function, "threshold_check", False) and not check.threshold:
                problems.append(
                    f"assignments.{name}.checks[{i}]: '{check.id}' is a threshold check and "
                    "needs a 'threshold' block (metric, env, seeds, budget, eval_episodes, "
                    "threshold). Fix: add it."
                )
            elif (
                check.threshold
                and check.threshold.env is None
                and getattr(function, "uses_env", False)
            ):
                problems.append(
                    f"assignments.{name}.checks[{i}].threshold.env: '{check.id}' trains and "
                    "evaluates on an environment, and none is named. Fix: add env (a "
                    "Gymnasium id, e.g. CartPole-v1)."
                )
    if problems:
        raise ConfigError(f"{path}:\n  " + "\n  ".join(problems))


def load_config(path: str | Path | None = None) -> GradingConfig:
    """grading.yml, validated; without a path, $RLGRADE_CONFIG or the repository's own."""
    given = path is not None
    path = Path(path) if path else default_config_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fix = (
            "check the path given to --config (or $RLGRADE_CONFIG)"
            if given or os.environ.get(CONFIG_ENV)
            else "run from the repository root, or pass --config path/to/grading.yml"
        )
        raise ConfigError(f"{path}: file not found. Fix: {fix}.") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}. Fix: correct the syntax.") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping with 'version' and 'assignments'.")
    try:
        config = GradingConfig.model_validate(raw)
    except ValidationError as exc:
        lines = [_explain(e) for e in exc.errors()]
        raise ConfigError(f"{path}:\n  " + "\n  ".join(lines)) from None
    _check_functions(config, path)
    return config
