"""The grader's numeric knobs reach the sandbox child (and nothing else of its environment
does), and every report records the platform that produced the score (issue 12)."""

from __future__ import annotations

import json

from autograder.grade.platform import platform_info
from autograder.grade.results import CheckResult, GradeReport
from autograder.reports import gradescope_json
from autograder.sandbox.numerics import NUMERIC_KNOBS, numeric_env
from autograder.sandbox.process import Sandbox
from autograder.sandbox.submission import RemoteSubmission

ENV_CELL = """
import os

def environment():
    return {key: os.environ.get(key, "") for key in sorted(os.environ)}

def simd():
    from numpy._core._multiarray_umath import __cpu_features__ as features
    return [name for name, on in sorted(features.items()) if on]
"""


def child_environment(**extra) -> tuple[dict, list]:
    sandbox = Sandbox(extra_env=extra.pop("extra_env", None))
    sandbox.start()
    try:
        submission = RemoteSubmission(sandbox, [{"index": 0, "source": ENV_CELL}], 60)
        submission.set_time_limit(30)
        return submission.environment(), submission.simd()
    finally:
        sandbox.close()


def test_numeric_knobs_pass_through_and_the_rest_does_not(monkeypatch):
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "X86_V3")
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX")
    monkeypatch.setenv("RLGRADE_SECRET_OF_THE_GRADER", "do not leak")
    env, features = child_environment()
    assert env["NPY_DISABLE_CPU_FEATURES"] == "X86_V3" and env["ONEDNN_MAX_CPU_ISA"] == "AVX"
    assert "RLGRADE_SECRET_OF_THE_GRADER" not in env
    from numpy._core._multiarray_umath import __cpu_features__

    if __cpu_features__.get("X86_V3"):  # numpy in the child really dispatches without it
        assert "X86_V3" not in features and "X86_V2" in features, features
    assert set(numeric_env()) <= set(NUMERIC_KNOBS)


def test_without_knobs_the_child_uses_what_the_cpu_has(monkeypatch):
    for key in NUMERIC_KNOBS:
        monkeypatch.delenv(key, raising=False)
    env, _ = child_environment()
    assert not set(NUMERIC_KNOBS) & set(env)
    assert env["TF_ENABLE_ONEDNN_OPTS"] == "0" and env["OMP_NUM_THREADS"] == "1"


def test_the_benchmark_sets_variants_per_grading(monkeypatch):
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    env, _ = child_environment(extra_env={"ONEDNN_MAX_CPU_ISA": "SSE41"})
    assert env["ONEDNN_MAX_CPU_ISA"] == "SSE41"


def test_platform_is_recorded_in_the_json_and_gradescope_reports(monkeypatch):
    for key in NUMERIC_KNOBS:  # the run may itself be under an emulated CPU (issue 12)
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("ONEDNN_MAX_CPU_ISA", "AVX")
    info = platform_info()
    assert info["cpu"] and info["machine"] and info["python"]
    assert {"numpy", "gymnasium"} <= set(info["packages"])
    assert "tensorflow" in info["packages"] or "tensorflow-cpu" in info["packages"]
    assert info["threads"]["OMP_NUM_THREADS"] == "1"
    assert info["numeric_knobs"] == {"ONEDNN_MAX_CPU_ISA": "AVX"}
    report = GradeReport(
        "bandits",
        "x.ipynb",
        [CheckResult("a", "passed", 1, 1, "public", "passed")],
        platform=info,
    )
    assert report.to_dict()["platform"] == info
    assert json.loads(gradescope_json(report))["extra_data"]["platform"] == info


def test_cpu_flags_are_the_simd_ones():
    info = platform_info()
    flags = info["cpu_simd_flags"]
    if info["machine"] == "x86_64":
        assert "sse2" in flags  # every x86-64 CPU has it
    assert "fpu" not in flags and all(" " not in f for f in flags)
