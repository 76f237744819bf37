"""Shared fixtures: the config, the reference and skeleton notebooks, and variants of them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from notebook_variants import REPO  # noqa: E402

from autograder.config import load_config  # noqa: E402


@pytest.fixture(scope="session")
def config():
    return load_config(REPO / "grading.yml")
