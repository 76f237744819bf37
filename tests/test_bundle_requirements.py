"""The Gradescope/otter bundles' requirements.txt installs on every supported Python
(issue 13): pip itself resolves it for 3.10 (Ubuntu 22.04 images) to 3.13, with binary
wheels only, as Gradescope's setup.sh would, without needing those interpreters here."""

from __future__ import annotations

from importlib.metadata import version

import pytest
from packaging.requirements import Requirement

from autograder.export.requirements import (
    RUNTIME_REQUIREMENTS,
    SUPPORTED_PYTHONS,
    canonical,
    every_extra,
    pinned_requirements,
    resolve,
    this_python,
)


def marker_pins(text: str, python: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        requirement, _, marker = line.partition(";")
        if marker.strip() == f'python_version == "{python}"':
            name, _, pinned = requirement.partition("==")
            pins[canonical(name)] = pinned.strip()
    return pins


def as_seen_by(text: str, python: str) -> str:
    """The lines pip on ``python`` installs: pip's --python-version picks wheels for it but
    evaluates markers for the running interpreter, so the markers are evaluated here."""
    environment = {"python_version": python, "python_full_version": f"{python}.0"}
    kept = [Requirement(line) for line in text.splitlines()]
    kept = [f"{r.name}{r.specifier}" for r in kept if r.marker.evaluate(environment)]
    return "\n".join(kept) + "\n"


def test_this_python_gets_exactly_what_the_tests_ran_with():
    pins = marker_pins(pinned_requirements(every_extra()), this_python())
    assert pins == {canonical(n): version(n) for n in RUNTIME_REQUIREMENTS + every_extra()}


@pytest.mark.slow
@pytest.mark.parametrize("python", SUPPORTED_PYTHONS)
def test_bundle_requirements_resolve_on_every_supported_python(python):
    seen = as_seen_by(pinned_requirements(every_extra()), python).splitlines()
    assert len(seen) == len(RUNTIME_REQUIREMENTS + every_extra())
    installed = resolve(python, seen)  # pip install --dry-run --python-version <python>
    pins = marker_pins(pinned_requirements(every_extra()), python)
    assert len(pins) == len(RUNTIME_REQUIREMENTS + every_extra())
    for name, pinned in pins.items():
        assert installed[name] == pinned, (python, name)
