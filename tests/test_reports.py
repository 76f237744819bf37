"""Report formats: Gradescope's specification, JUnit XML, the HTML feedback page, atomic
writes."""

from __future__ import annotations

import base64
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from autograder.checks.common import LearningCurve
from autograder.grade.results import CheckResult, GradeReport
from autograder.reports import gradescope_json, html_report, junit_xml, write_atomic

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
    assert payload["tests"][2]["output"].startswith("[timeout] **c_hidden**")


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


def curve_report() -> GradeReport:
    report = sample_report()
    curve = LearningCurve.of(
        "training episode",
        "episode return",
        {"training seed 1": [10, 20, 40, 80], "training seed 2": [12, 25, 50, 100]},
    )
    report.results.append(
        CheckResult(
            "e_threshold",
            "failed",
            1.5,
            3,
            "public",
            "<script>alert(1)</script> got 80",
            metric=90.0,
            threshold=475.0,
            curve=curve.to_dict(),
        )
    )
    return report


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_html_feedback_has_every_row_a_learning_curve_and_escapes_messages():
    page = html_report(curve_report())
    parser = _Tags()
    parser.feed(page)
    assert parser.tags.count("tr") == 1 + 5  # the header and one row per check
    assert "script" not in parser.tags  # a message quoting student output stays text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; got 80" in page
    for check in ("a_public", "b_hidden", "c_hidden", "d_public", "e_threshold"):
        assert f'id="{check}"' in page
    pictures = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(pictures) == 1  # only the check that has a curve
    assert base64.b64decode(pictures[0]).startswith(b"\x89PNG\r\n\x1a\n")
    assert "bandits: 3.5 / 11 points" in page  # 2 + 1.5 earned of 11


def test_learning_curve_is_smoothed_and_kept_small():
    long = LearningCurve.of("step", "reward", {"s": list(range(10_000))}, smooth=10, max_points=500)
    xs, ys = long.lines["s"]
    assert len(xs) == len(ys) == 500  # synthetic data: the cap, not a training outcome
    assert ys[0] == pytest.approx(4.5) and xs[0] == 10  # mean of 0..9, at episode 10
    assert ys[-1] == pytest.approx(9994.5) and xs[-1] == 10_000


def test_feedback_rounds_points_titles_checks_and_can_withhold_hidden_messages():
    report = curve_report()
    report.results[0].title = "Sample averages, S&B eq. 2.3"
    report.results[-1].score = 2 / 3 * 3 * 0.888888  # linear partial credit
    page = html_report(report)
    assert "Sample averages, S&amp;B eq. 2.3" in page  # grading.yml's description
    assert "1.78 / 3" in page and "1.7777" not in page  # two decimals at most
    public = html_report(report, public_only=True)
    assert "expected [1 2] got &lt;x&gt;" in page and "expected [1 2]" not in public
    assert public.count("shown when grades are published") == 2  # b_hidden and c_hidden
    assert 'id="b_hidden"' in public  # the row and its points stay


def test_gradescope_messages_are_markdown_with_their_layout_kept():
    payload = json.loads(gradescope_json(curve_report()))
    assert payload["output_format"] == payload["test_output_format"] == "md"
    failed = payload["tests"][1]
    assert failed["output_format"] == "md"
    assert failed["output"].startswith("[failed] **b_hidden** (0/2)")
    assert "\n```\nexpected [1 2] got <x>\n```" in failed["output"]


def test_gradescope_shows_a_threshold_checks_learning_curve_as_html():
    tests = json.loads(gradescope_json(curve_report()))["tests"]
    curve = next(t for t in tests if t["name"] == "e_threshold")
    assert curve["output_format"] == "html"  # Gradescope shows images only in HTML output
    assert curve["output"].startswith("<p>[failed] <b>e_threshold</b> (1.5/3)</p>")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; got 80" in curve["output"]  # escaped
    parser = _Tags()
    parser.feed(curve["output"])
    assert "script" not in parser.tags and parser.tags.count("img") == 1
    (png,) = re.findall(r'src="data:image/png;base64,([^"]+)"', curve["output"])
    assert base64.b64decode(png).startswith(b"\x89PNG\r\n\x1a\n")
    assert all(t["output_format"] == "md" for t in tests if t["name"] != "e_threshold")


def test_gradescope_output_survives_a_plot_that_cannot_be_drawn(monkeypatch):
    import autograder.reports.plots as plots

    def broken(*args, **kwargs):
        raise RuntimeError("no backend")

    monkeypatch.setattr(plots, "learning_curve_png", broken)
    tests = json.loads(gradescope_json(curve_report()))["tests"]
    curve = next(t for t in tests if t["name"] == "e_threshold")
    assert curve["output_format"] == "md" and "got 80" in curve["output"]


def test_the_curve_picture_marks_the_graded_metric_beside_the_threshold():
    from autograder.reports.plots import learning_curve_png

    curve = LearningCurve.of("episode", "return while exploring", {"seed 1": [-750, -400, -5]})
    with_metric = learning_curve_png(curve.to_dict(), 7.0, "taxi", 7.8, "mean greedy return")
    without = learning_curve_png(curve.to_dict(), 7.0, "taxi")
    assert with_metric.startswith(b"\x89PNG") and with_metric != without
