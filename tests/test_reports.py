"""Report formats: Gradescope's specification, JUnit XML, atomic writes."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET

import pytest

from autograder.grade.results import CheckResult, GradeReport
from autograder.reports import gradescope_json, junit_xml, write_atomic

GRADESCOPE_VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


def sample_report() -> GradeReport:
    return GradeReport(
        assignment="bandits",
        notebook="x.ipynb",
        seconds=1.5,
        results=[
            CheckResult("a_public", "passed", 2, 2, "public", "passed", 0.1),
            CheckResult("b_hidden", "failed", 0, 2, "hidden", "expected [1 2] got <x>", 0.2),
            CheckResult("c_hidden", "timeout", 0, 3, "hidden", "did not finish", 5.0),
            CheckResult("d_public", "error", 0, 1, "public", "crashed", 0.3, metric=None),
        ],
    )


def validate_gradescope(payload: dict, expected_tests: int) -> None:
    """The fields Gradescope's autograder specification defines, with their types."""
    assert isinstance(payload["score"], (int, float))
    assert isinstance(payload["execution_time"], (int, float))
    assert len(payload["tests"]) == expected_tests
    for test in payload["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in {"passed", "failed"}
        assert test["visibility"] in GRADESCOPE_VISIBILITY
        assert 0 <= test["score"] <= test["max_score"]
    assert payload["score"] == pytest.approx(sum(t["score"] for t in payload["tests"]))


def test_gradescope_json():
    payload = json.loads(gradescope_json(sample_report()))
    validate_gradescope(payload, 4)
    assert [t["visibility"] for t in payload["tests"]][:2] == ["visible", "after_published"]
    assert payload["tests"][2]["output"].startswith("[timeout]")


def test_junit_xml():
    root = ET.fromstring(junit_xml(sample_report()))
    assert root.get("tests") == "4" and root.get("failures") == "1" and root.get("errors") == "2"
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["a_public", "b_hidden", "c_hidden", "d_public"]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "results.json"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert os.listdir(target.parent) == ["results.json"]  # no temporary left behind


def test_atomic_write_failure_keeps_previous(tmp_path, monkeypatch):
    target = tmp_path / "results.json"
    write_atomic(target, "complete report")

    def broken_replace(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, "new report")
    assert target.read_text() == "complete report"
    assert os.listdir(tmp_path) == ["results.json"]
