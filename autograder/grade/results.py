"""Result rows: what every report format is made from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Status = Literal["passed", "failed", "error", "timeout"]


@dataclass
class CheckResult:
    id: str
    status: Status
    score: float
    max_score: float
    visibility: str
    message: str
    seconds: float = 0.0
    cpu_seconds: float | None = None  # the child's CPU time, what time_limit counts
    metric: float | None = None
    threshold: float | None = None  # what the metric had to reach (threshold checks)
    curve: dict | None = None  # LearningCurve.to_dict() of the agent's training, if any
    per_seed: dict[str, float] | None = None  # a threshold check's measurement per seed
    title: str = ""  # grading.yml's description of the check, for feedback pages
    metric_name: str = ""  # what a threshold check measured (grading.yml's threshold.metric)
    caused_by: list[str] = field(default_factory=list)  # failed public checks it relies on

    @property
    def heading(self) -> str:
        return self.title or self.id


@dataclass
class GradeReport:
    assignment: str
    notebook: str
    results: list[CheckResult] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    platform: dict = field(default_factory=dict)  # grade/platform.py: what produced the score
    notebook_error: str | None = None  # the notebook itself could not be read: said once

    @property
    def score(self) -> float:
        return round(sum(r.score for r in self.results), 6)

    @property
    def max_score(self) -> float:
        return sum(r.max_score for r in self.results)

    @property
    def by_id(self) -> dict[str, CheckResult]:
        """Each check's row by its id (grading.yml's key), for whoever reads one row."""
        return {r.id: r for r in self.results}

    @property
    def scores(self) -> dict[str, float]:
        """Each check's points by its id: what two front ends must agree on."""
        return {r.id: r.score for r in self.results}

    def to_dict(self) -> dict:
        return {
            "assignment": self.assignment,
            "notebook": self.notebook,
            "score": self.score,
            "max_score": self.max_score,
            "seconds": round(self.seconds, 3),
            "warnings": self.warnings,
            "notebook_error": self.notebook_error,
            "platform": self.platform,
            "results": [asdict(r) for r in self.results],
        }
