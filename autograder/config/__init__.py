"""grading.yml: the grading contract (points, visibility, limits, thresholds)."""

from autograder.config.load import ConfigError, load_config
from autograder.config.schema import AssignmentSpec, CheckSpec, GradingConfig, ThresholdSpec

__all__ = [
    "AssignmentSpec",
    "CheckSpec",
    "ConfigError",
    "GradingConfig",
    "ThresholdSpec",
    "load_config",
]
