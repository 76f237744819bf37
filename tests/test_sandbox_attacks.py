"""Hostile submissions are contained: honest score, grader alive, a row per check.

Each attack is the bandits reference plus one hostile change, graded on the rule checks
(same points, time limits shortened so that timeouts cost seconds; the testbeds are
graded in test_bandits.py).
"""

from __future__ import annotations

import json

import pytest
from helpers import rlgrade_cli, sandbox_processes_left
from notebook_variants import REPO, make_variant, solution_notebook
from test_reports import validate_gradescope

from autograder.config import GradingConfig, load_config
from autograder.grade import grade_notebook
from autograder.sandbox.limits import can_run_as_nobody


def rule_checks_config(load_time_limit: float = 20) -> GradingConfig:
    """grading.yml's bandits cut to its rule checks, each with a 5 s time limit: the attacks
    are on rule checks, which take milliseconds; the testbeds (30 s of training, graded in
    test_bandits.py) are left out, the restarts between checks stay."""
    return load_config(REPO / "grading.yml").subset(
        "bandits",
        lambda c: c.threshold is None,
        check_update=lambda c: {"time_limit": 5},
        assignment_update={"load_time_limit": load_time_limit},
    )


@pytest.fixture(scope="module")
def fast_config():
    return rule_checks_config()


def full(config):
    return config.assignments["bandits"].max_score


def grade(tmp_path, config, **variant):
    nb = make_variant(solution_notebook("bandits"), tmp_path / "bandits.ipynb", **variant)
    report = grade_notebook(nb, "bandits", config)
    assert [r.id for r in report.results] == [c.id for c in config.assignments["bandits"].checks]
    return report


def constant_step(body: str) -> dict:
    """Replace constant_step_update (1 point, used by no other check) by hostile code."""
    return {
        "constant_step_update": "def constant_step_update(Q, actions, rewards, step_size):\n"
        + "".join(f"    {line}\n" for line in body.strip().splitlines())
    }


ONE_FUNCTION_ATTACKS = {
    "infinite_loop": ("while True:\n    pass", "timeout", "did not finish"),
    "sys_exit": ("import sys\nsys.exit(0)", "failed", "SystemExit"),
    "keyboard_interrupt": ("raise KeyboardInterrupt", "failed", "KeyboardInterrupt"),
    "os_exit": ("import os\nos._exit(0)", "error", "ended the Python process"),
    "segfault": ("import ctypes\nctypes.string_at(0)", "error", "SIGSEGV"),
    "allocate_20_gb": (
        "import numpy as np\nx = np.ones(20 * 1024**3 // 8)\nreturn x",
        "failed",
        "MemoryError",
    ),
    "touch_20_gb_slowly": (
        "import numpy as np\nblocks = []\nwhile True:\n    blocks.append(np.ones(2**24))",
        None,
        None,
    ),
    "fork_bomb": (
        "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass",
        None,
        None,
    ),  # stopped by the process or the memory limit, or timed out
    "returns_object_equal_to_everything": (
        "class Liar:\n    def __eq__(self, other):\n        return True\n"
        "    def __array__(self, *a, **k):\n        import numpy\n"
        "        return numpy.array([[1.0, 2.0, 4.0], [0.0, 1.0, 1.0]])\nreturn Liar()",
        "failed",
        "should be a numpy array",
    ),
}


@pytest.mark.parametrize("attack", sorted(ONE_FUNCTION_ATTACKS))
def test_attack_in_one_function_costs_only_that_check(attack, tmp_path, fast_config):
    body, status, needle = ONE_FUNCTION_ATTACKS[attack]
    report = grade(tmp_path, fast_config, replace=constant_step(body))
    row = report.by_id["constant_step_public"]
    assert row.score == 0
    if status:
        assert row.status == status, row.message
        assert needle in row.message, row.message
    assert report.score == full(fast_config) - row.max_score
    assert not sandbox_processes_left()


def test_numpy_subclass_and_nan_are_judged_by_value(tmp_path, fast_config):
    body = (
        "import numpy as np\nclass Sneaky(np.ndarray):\n    def __eq__(self, o):\n"
        "        return np.ones(self.shape, bool)\n"
        "return np.full(Q.shape, np.nan).view(Sneaky)"
    )
    report = grade(tmp_path, fast_config, replace=constant_step(body))
    row = report.by_id["constant_step_public"]
    assert row.status == "failed" and "NaN" in row.message
    assert report.score == full(fast_config) - row.max_score


def test_infinite_loop_at_top_level_times_out_every_check_once(tmp_path):
    # the load's own limit, shorter: loading the bandits reference takes about a second
    report = grade(tmp_path, rule_checks_config(8), append=["while True:\n    pass\n"])
    assert report.score == 0
    assert {r.status for r in report.results} == {"timeout"}
    assert "could not be loaded" in report.results[-1].message
    assert report.seconds < 60  # the load is not retried for each check


def test_exit_at_top_level_does_not_lose_the_functions(tmp_path, fast_config):
    report = grade(tmp_path, fast_config, prepend=["import sys\nsys.exit(0)\n"])
    assert report.score == full(fast_config)


def test_printing_100_mb_is_drained(tmp_path, fast_config):
    body = (
        "print('x' * (100 * 1024 * 1024))\nQ = Q.copy()\n"
        "Q[np.arange(len(actions)), actions] += step_size * "
        "(rewards - Q[np.arange(len(actions)), actions])\nreturn Q"
    )
    report = grade(tmp_path, fast_config, replace=constant_step(body))
    assert report.score == full(fast_config)


def test_monkeypatching_numpy_and_the_check_helpers_changes_nothing(tmp_path, fast_config):
    patch = """
        import numpy
        numpy.allclose = lambda *a, **k: True
        numpy.isclose = lambda a, b, **k: numpy.ones(numpy.shape(a), bool)
        import autograder.checks.common as helpers
        helpers.assert_close = lambda *a, **k: None
        import autograder.checks.bandits.public as rules
        rules.sample_average_public = lambda *a, **k: None
    """
    broken = {
        "sample_average_update": """
        def sample_average_update(Q, N, actions, rewards):
            return Q * 0 + 42.0, N
    """
    }
    report = grade(tmp_path, fast_config, prepend=[patch], replace=broken)
    r = report.by_id
    assert r["sample_average_public"].status == "failed"
    assert r["sample_average_hidden"].status == "failed"


def test_fake_results_file_is_overwritten_by_the_honest_report(tmp_path, fast_config):
    out = tmp_path / "results" / "results.json"
    contract = tmp_path / "grading.yml"  # the rule checks: what the report is, not training
    contract.write_text(fast_config.to_yaml())
    out.parent.mkdir()
    fake = json.dumps({"score": 1000, "tests": []})
    attack = f"""
        import os, pathlib
        for target in [{str(out)!r}, "results.json", "/tmp/results.json"]:
            try:
                pathlib.Path(target).write_text({fake!r})
            except OSError:
                pass
    """
    broken = {"softmax": "def softmax(H):\n    return H\n"}
    nb = make_variant(
        solution_notebook("bandits"),
        tmp_path / "sub" / "bandits.ipynb",
        prepend=[attack],
        replace=broken,
    )
    done = rlgrade_cli(
        "grade", nb, "-a", "bandits", "--format", "gradescope", "--out", out,
        "--config", contract, cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # graded, softmax fails
    payload = json.loads(out.read_text())
    validate_gradescope(payload, len(fast_config.assignments["bandits"].checks))
    assert 0 < payload["score"] < full(fast_config)


def test_sandbox_runs_unprivileged_when_grader_is_root():
    import os

    if os.geteuid() != 0:
        pytest.skip("the privilege drop applies only to a root grader")
    assert can_run_as_nobody(), "a root grader must be able to run the child as nobody"
