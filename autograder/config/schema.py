"""The schema of grading.yml, validated by pydantic on load."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PartialCredit(_Strict):
    """Linear credit from ``zero_at`` (no credit) to the threshold (full credit)."""

    kind: Literal["linear", "none"] = "linear"
    zero_at: float | None = None

    def fraction(self, value: float, threshold: float, higher_is_better: bool = True) -> float:
        if (value >= threshold) if higher_is_better else (value <= threshold):
            return 1.0
        if self.kind == "none" or self.zero_at is None:
            return 0.0
        span = threshold - self.zero_at
        return float(min(1.0, max(0.0, (value - self.zero_at) / span)))


class ThresholdSpec(_Strict):
    """A learned policy must reach ``threshold`` on ``metric``, measured by the grader."""

    metric: str = Field(description="what is measured, in words, for the report")
    env: str | None = Field(
        default=None, description="environment id, for the reader (e.g. CartPole-v1)"
    )
    seeds: list[int] = Field(min_length=1)
    budget: int = Field(gt=0, description="training budget (steps or episodes)")
    eval_episodes: int = Field(gt=0, description="evaluation episodes per training seed")
    eval_seed: int = Field(
        default=0,
        ge=0,
        description="the grader resets evaluation episode i after training seed s with "
        "seed eval_seed + 1000 s + i (ThresholdSpec.episode_seeds)",
    )
    max_episode_steps: int | None = Field(
        default=None,
        gt=0,
        description="the grader caps each evaluation episode at this many steps (None: the "
        "environment's own time limit); training caps are training parameters (params.train)",
    )
    eval_epsilon: float = Field(
        default=0.0,
        ge=0,
        le=1,
        description="the evaluated policy explores with this probability (0: greedy)",
    )
    threshold: float
    higher_is_better: bool = True
    partial_credit: PartialCredit = PartialCredit(kind="none")

    def episode_seeds(self, train_seed: int) -> list[int]:
        """The seeds of the evaluation episodes after training with ``train_seed``: the same
        for every submission, different for every training seed."""
        return [self.eval_seed + 1000 * train_seed + i for i in range(self.eval_episodes)]

    @model_validator(mode="after")
    def _zero_below_threshold(self) -> ThresholdSpec:
        z = self.partial_credit.zero_at
        if self.partial_credit.kind == "linear":
            if z is None:
                raise ValueError("partial_credit.kind 'linear' needs zero_at (the no-credit value)")
            if (z >= self.threshold) if self.higher_is_better else (z <= self.threshold):
                raise ValueError(
                    f"partial_credit.zero_at ({z}) must be on the losing side of the "
                    f"threshold ({self.threshold})"
                )
        return self


class CheckSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    points: float = Field(ge=0)
    visibility: Literal["public", "hidden"]
    time_limit: float = Field(
        default=30,
        gt=0,
        le=3600,
        description="CPU seconds of the sandbox child (sandbox/budget.py); a wall-clock "
        "backstop of 4x + 5 s stops code that sleeps",
    )
    description: str = ""
    params: dict[str, Any] = Field(default_factory=dict)
    threshold: ThresholdSpec | None = None
    needs: dict[str, str] = Field(
        default_factory=dict,
        description="the student's functions this check relies on beyond its own, each with "
        "the public check that proves it: a failure there is named as the likely cause",
    )


class AssignmentSpec(_Strict):
    title: str
    notebook: str = Field(pattern=r"^[\w\-]+\.ipynb$")
    memory_mb: int = Field(default=2048, ge=128)
    load_time_limit: float = Field(default=60, gt=0)
    extra_requirements: list[str] = Field(
        default_factory=list, description="packages beyond numpy/gymnasium, e.g. tensorflow-cpu"
    )
    checks: list[CheckSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> AssignmentSpec:
        seen = set()
        for check in self.checks:
            if check.id in seen:
                raise ValueError(f"check id '{check.id}' appears twice: ids must be unique")
            for function, needed in check.needs.items():
                if needed not in seen:
                    raise ValueError(
                        f"check '{check.id}' needs '{needed}' (for `{function}`), which is not "
                        "a check listed before it: list the check that proves the function first"
                    )
                if self.check(needed).visibility != "public":
                    raise ValueError(
                        f"check '{check.id}' needs '{needed}', a hidden check: name a public "
                        "one, so that the student can see why the cause fails"
                    )
            seen.add(check.id)
        return self

    @property
    def max_score(self) -> float:
        return sum(c.points for c in self.checks)

    @property
    def needs_tensorflow(self) -> bool:
        """Whether grading imports TensorFlow (a heavier child, a bigger bundle)."""
        return any(r.startswith("tensorflow") for r in self.extra_requirements)

    def check(self, check_id: str) -> CheckSpec:
        for c in self.checks:
            if c.id == check_id:
                return c
        raise KeyError(check_id)


class GradingConfig(_Strict):
    version: Literal[1]
    assignments: dict[str, AssignmentSpec] = Field(min_length=1)

    @property
    def names(self) -> list[str]:
        """The assignments, in grading.yml's order: everything that lists them derives it."""
        return list(self.assignments)

    def subset(
        self,
        assignments: str | Iterable[str],
        keep: Callable[[CheckSpec], bool] | None = None,
        threshold_update: dict[str, Any] | Callable[[ThresholdSpec], dict] | None = None,
        check_update: Callable[[CheckSpec], dict] | None = None,
        assignment_update: dict[str, Any] | None = None,
    ) -> GradingConfig:
        """The contract cut down: these assignments, the checks ``keep`` accepts, each
        threshold changed by ``threshold_update`` (e.g. fewer seeds; a function of the
        threshold where the change depends on it), each check by ``check_update`` and each
        assignment's own keys by ``assignment_update`` (e.g. its ``load_time_limit``).
        Every cut of the contract (the bundles that ship, the tests' and benchmarks'
        cheaper contracts) is made here."""
        names = [assignments] if isinstance(assignments, str) else list(assignments)
        unknown = set(assignment_update or {}) - set(AssignmentSpec.model_fields)
        if unknown:
            raise KeyError(f"an assignment has no key(s) {sorted(unknown)}")
        kept = {}
        for name in names:
            spec = self.assignments[name]
            checks = []
            for check in spec.checks:
                if keep is not None and not keep(check):
                    continue
                if threshold_update and check.threshold is not None:
                    t = check.threshold
                    update = threshold_update(t) if callable(threshold_update) else threshold_update
                    check = check.model_copy(update={"threshold": t.model_copy(update=update)})
                if check_update is not None:
                    check = check.model_copy(update=check_update(check))
                checks.append(check)
            kept[name] = spec.model_copy(update={**(assignment_update or {}), "checks": checks})
        return self.model_copy(update={"assignments": kept})

    def public_only(self, assignments: str | Iterable[str]) -> GradingConfig:
        """What students may see: the public checks of these assignments."""
        return self.subset(assignments, lambda check: check.visibility == "public")

    def to_yaml(self) -> str:
        """grading.yml for this contract (defaults left out); load_config reads it back."""
        data = self.model_dump(mode="json", exclude_defaults=True)
        data["version"] = self.version
        return yaml.safe_dump(data, sort_keys=False)
