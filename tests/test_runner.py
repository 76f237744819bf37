"""The runner: every check gets a row with a message that says what to fix."""

from __future__ import annotations

import nbformat
from notebook_variants import make_variant, solution_notebook

from autograder.grade import grade_notebook


def rules_and(config, *thresholds):
    """The rule checks, and only the named testbeds (each trains for ~10 s)."""
    return config.subset("bandits", lambda c: not c.threshold or c.id in thresholds)


def test_missing_function_is_named(tmp_path, config):
    nb = make_variant(
        solution_notebook("bandits"),
        tmp_path / "b.ipynb",
        replace={"ucb_scores": "# I did not get to UCB\n"},
    )
    rows = grade_notebook(nb, "bandits", rules_and(config, "testbed_ucb")).by_id
    for check in ("ucb_public", "ucb_hidden", "testbed_ucb"):
        assert rows[check].status == "failed"
        assert "does not define `ucb_scores`" in rows[check].message
    assert rows["softmax_public"].status == "passed"


def test_cell_that_raises_at_import_is_reported_where_it_matters(tmp_path, config):
    nb = make_variant(
        solution_notebook("bandits"),
        tmp_path / "b.ipynb",
        replace={
            "softmax": "import numpy as np\nraise ValueError('oops')\n"
            "def softmax(H):\n    return H\n"
        },
    )
    rows = grade_notebook(nb, "bandits", rules_and(config)).by_id
    message = rows["softmax_public"].message
    assert "does not define `softmax`" in message
    assert "ValueError: oops" in message
    cells = nbformat.read(nb, as_version=4).cells
    number = 1 + next(i for i, c in enumerate(cells) if "raise ValueError('oops')" in c.source)
    # counted as Jupyter lists the cells (from 1, markdown included), and quoted
    assert f"cell {number} (the one starting `import numpy as np`)" in message
    assert rows["ucb_public"].status == "passed"


def test_student_exception_shows_their_traceback(tmp_path, config):
    nb = make_variant(
        solution_notebook("bandits"),
        tmp_path / "b.ipynb",
        replace={"softmax": "def softmax(H):\n    return H / 0 + undefined_name\n"},
    )
    message = grade_notebook(nb, "bandits", rules_and(config)).by_id["softmax_public"].message
    assert "raised NameError" in message and "undefined_name" in message
    assert "<notebook cell" in message  # the line of their cell, not the grader's


def test_one_decision_for_the_sandbox_and_the_notebook(config):
    """The same raise earns the same row in both front ends: in the notebook (student code in
    the process) an exception that starts in the student's code is theirs; one that starts
    in the engine is an internal grader error there too, as under the sandbox."""
    from autograder.checks.evaluation import n_actions
    from autograder.grade.outcome import decide

    spec = config.assignments["bandits"].check("softmax_public")

    def student_function():  # stands for a notebook cell: defined outside the engine
        raise ValueError("shapes (3,) and (4,) not aligned")

    mine = decide(spec, student_function, student_code_here=True)
    assert (mine.status, mine.score) == ("failed", 0.0)
    assert mine.message.startswith("your code raised ValueError: shapes (3,)")
    for here in (True, False):  # the engine's own failure, through a library (Gymnasium)
        grader = decide(spec, lambda: n_actions("NoSuchEnv-v9"), student_code_here=here)
        assert grader.status == "error"
        assert grader.message.startswith("Internal grader error in check 'softmax_public'")
    under_sandbox = decide(spec, student_function, student_code_here=False)
    assert under_sandbox.status == "error"  # the child reports the student's raises itself
    passed = decide(spec, lambda: None, student_code_here=True)
    assert (passed.status, passed.score) == ("passed", spec.points)


def test_a_threshold_row_carries_its_measurement_per_seed(config):
    """Benchmarks and tests read each seed's number from the row (and the JSON report),
    not from the message: one entry per training seed, averaging to the metric."""
    cut = config.subset(
        "bandits",
        lambda c: c.id == "testbed_epsilon_greedy",
        {"seeds": [3, 4], "budget": 200, "eval_episodes": 100},
    )
    (row,) = grade_notebook(solution_notebook("bandits"), "bandits", cut).results
    assert list(row.per_seed) == ["seed 3", "seed 4"], row
    assert abs(sum(row.per_seed.values()) / 2 - row.metric) < 1e-12, row
    rules = grade_notebook(
        solution_notebook("bandits"),
        "bandits",
        config.subset("bandits", lambda c: c.id == "softmax_public"),
    )
    assert rules.results[0].per_seed is None  # a rule check measures nothing per seed
