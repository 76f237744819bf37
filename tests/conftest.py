"""Shared fixtures: the config, the reference and skeleton notebooks, and variants of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from notebook_variants import REPO  # noqa: E402
from platform_runs import PlatformContract, ReportCache, session_folder  # noqa: E402

from autograder.config import load_config  # noqa: E402


@pytest.fixture(scope="session")
def config():
    return load_config(REPO / "grading.yml")


@pytest.fixture(scope="session")
def rlgrade(tmp_path_factory, config):
    """``rlgrade(notebook, assignment)``: the report, graded once per test session.

    The reference tests and the platform agreement tests ask for the same reports;
    a DQN reference costs about a minute, so it is graded once and shared (across
    xdist workers too).
    """
    return ReportCache(session_folder(tmp_path_factory, "rlgrade-reports"), config)


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    """The contract the nbgrader, otter and Gradescope runs grade with (platform_runs.py)."""
    return PlatformContract(session_folder(tmp_path_factory, "platform-contract"))
