"""Hostile submissions to q_learning, dqn and reinforce are contained (issue 7).

Each attack is the reference notebook with hostile code in one place, graded on the
few checks it touches (``GradingConfig.subset``), so that a test costs one notebook load
(TensorFlow's import, for dqn and reinforce) and seconds of checks. Contained means:
the score is what an honest grader gives for the behaviour it sees, the grader (this
test process) survives, every check of the config has a row, and the report is valid.
The bandits attacks are in test_sandbox_attacks.py.
"""

from __future__ import annotations

import json
import os
import pickle
import textwrap
from pathlib import Path

import gymnasium as gym
import numpy as np
import psutil
import pytest
from helpers import sandbox_processes_left
from notebook_variants import REPO, make_variant, solution_notebook
from test_reports import validate_gradescope

from autograder.grade import grade_notebook
from autograder.reports import gradescope_json, junit_xml, write_atomic
from autograder.sandbox import landlock
from autograder.sandbox import process as sandbox_process
from autograder.sandbox.limits import can_run_as_nobody
from autograder.sandbox.process import Sandbox

CONFINED = landlock.abi_version() > 0
needs_landlock = pytest.mark.skipif(
    not CONFINED, reason="only Landlock hides world-readable grader files from the child"
)
needs_signal_scope = pytest.mark.skipif(
    landlock.abi_version() < 6, reason="Landlock scopes signals from ABI 6 (Linux 6.12)"
)


# -- helpers ---------------------------------------------------------------------------------
def config_for(config, assignment: str, ids, threshold: dict | None = None, **limits):
    """Only the checks ``ids``; ``limits`` maps a check id to another time limit."""
    return config.subset(
        assignment,
        lambda c: c.id in ids,
        threshold,
        lambda c: {"time_limit": limits[c.id]} if c.id in limits else {},
    )


def grade(tmp_path, assignment: str, cfg, name: str = "attack", **variant):
    """Grade the reference with ``variant``'s changes; every configured check has a row."""
    notebook = make_variant(
        solution_notebook(assignment), tmp_path / name / f"{assignment}.ipynb", **variant
    )
    report = grade_notebook(notebook, assignment, cfg)
    assert [r.id for r in report.results] == [c.id for c in cfg.assignments[assignment].checks]
    validate_gradescope(json.loads(gradescope_json(report)), len(report.results))
    assert not sandbox_processes_left()
    return report


def points(cfg, assignment: str, check_id: str) -> float:
    return cfg.assignments[assignment].check(check_id).points


def function(source: str) -> str:
    return textwrap.dedent(source).strip() + "\n"


# Writes a frame on the child's socket, bypassing the child's encoder: what any
# submission can do, since it runs in the process that holds the socket.
RAW_FRAME = function(
    """
    def _send_raw(header, blobs=()):
        import json, os, socket, struct, sys
        sock = socket.socket(fileno=os.dup(int(sys.argv[1])))
        body = json.dumps(dict(header, n_arrays=len(blobs))).encode()
        parts = [struct.pack(">Q", len(body)), body]
        for blob in blobs:
            parts += [struct.pack(">Q", len(blob)), blob]
        sock.sendall(b"".join(parts))
        sock.close()


    class _Payload:
        # unpickling this calls os.mkdir(SENTINEL): proof that someone unpickled it
        def __reduce__(self):
            import os
            return (os.mkdir, (SENTINEL,))


    def _pickled_array():
        import io
        buf = io.BytesIO()
        np.save(buf, np.array([_Payload()], dtype=object), allow_pickle=True)
        return buf.getvalue()
    """
)


# -- q_learning: the grader survives signals ----------------------------------------------------
Q_TD = """
def td_update(Q, state, action, target, alpha):
    import os, signal
    {attack}
    Q = Q.copy()
    Q[state, action] += alpha * (target - Q[state, action])
    return Q
"""
KILLS = {
    "kill_grader_sigkill": ("os.kill(os.getppid(), signal.SIGKILL)", "failed", "PermissionError"),
    "kill_grader_sigterm": ("os.kill(os.getppid(), signal.SIGTERM)", "failed", "PermissionError"),
    "killpg_own_group": ("os.killpg(0, signal.SIGKILL)", "error", "crashed with signal SIGKILL"),
}


@pytest.fixture(scope="module")
def q_rules(config):
    """A hostile td_update, then a check it does not touch (graded by a fresh child)."""
    return config_for(config, "q_learning", {"td_update_public", "linear_schedule_public"})


@pytest.mark.parametrize("attack", sorted(KILLS))
def test_q_learning_killing_the_grader_or_its_group_costs_only_that_check(
    attack, tmp_path, q_rules
):
    code, status, needle = KILLS[attack]
    parent = os.getpid()
    report = grade(tmp_path, "q_learning", q_rules, replace={"td_update": Q_TD.format(attack=code)})
    row = report.by_id["td_update_public"]
    assert (row.status, row.score) == (status, 0), row.message
    assert needle in row.message, row.message
    assert report.by_id["linear_schedule_public"].status == "passed"
    assert report.score == points(q_rules, "q_learning", "linear_schedule_public")
    assert psutil.pid_exists(parent) and os.getpid() == parent


@needs_signal_scope
def test_q_learning_child_of_the_graders_own_user_cannot_signal_it(tmp_path, q_rules, monkeypatch):
    """A student's laptop: no user `nobody` to drop to; Landlock's signal scope stops the kill."""
    monkeypatch.setattr(sandbox_process, "can_run_as_nobody", lambda: False)
    code = "os.kill(os.getppid(), signal.SIGKILL)\n    os.kill(os.getppid(), signal.SIGTERM)"
    report = grade(tmp_path, "q_learning", q_rules, replace={"td_update": Q_TD.format(attack=code)})
    row = report.by_id["td_update_public"]
    assert row.status == "failed" and "PermissionError" in row.message, row.message
    assert report.by_id["linear_schedule_public"].status == "passed"


def test_q_learning_printing_1_gb_is_drained_without_memory(tmp_path, config, monkeypatch):
    printer = """
    def td_update(Q, state, action, target, alpha):
        global _printed
        if not globals().get("_printed"):
            import sys
            _printed = True
            chunk = "x" * (1 << 20) + "\\n"
            for _ in range(1024):  # 1 GiB, a megabyte at a time
                sys.stdout.write(chunk)
            sys.stdout.flush()
        Q = Q.copy()
        Q[state, action] += alpha * (target - Q[state, action])
        return Q
    """
    cfg = config_for(config, "q_learning", {"td_update_public"}, td_update_public=180)
    drained = []
    close = Sandbox.close

    def close_and_count(self):
        close(self)
        drained.append(self.drain.total)

    monkeypatch.setattr(Sandbox, "close", close_and_count)
    before = psutil.Process().memory_info().rss
    report = grade(tmp_path, "q_learning", cfg, replace={"td_update": printer})
    grown = psutil.Process().memory_info().rss - before
    assert report.results[0].status == "passed", report.results[0].message
    assert sum(drained) >= 1024 * (1 << 20)  # the whole GiB went through the pipe
    assert grown < 256 * 1024**2, f"the grader grew by {grown / 1024**2:.0f} MB"


# -- q_learning: the grader's files -----------------------------------------------------------
STEAL = """
import os, pathlib
_STOLEN = {{}}


def _try(label, fn):
    try:
        _STOLEN[label] = fn()
    except BaseException as exc:
        _STOLEN[label] = exc


_REPO = pathlib.Path({repo!r})
_try("solution", lambda: (_REPO / "solutions/q_learning/q_learning.ipynb").read_text())
_try("hidden", lambda: (_REPO / "autograder/checks/q_learning/hidden.py").read_text())
_try("grading.yml", lambda: (_REPO / "grading.yml").read_text())
_try("oracle", lambda: __import__("autograder.checks.q_learning.oracle", fromlist=["x"]))
_try("grader cwd", lambda: os.listdir(f"/proc/{{os.getppid()}}/cwd"))
_try("grader environ", lambda: pathlib.Path(f"/proc/{{os.getppid()}}/environ").read_bytes())
_try("tmp", lambda: os.listdir("/tmp"))  # the grader's temp files, other sandboxes
_try("output folder", lambda: os.listdir({out!r}))
for _target in ({results!r}, {junit!r}):
    _try("write " + _target, lambda: pathlib.Path(_target).write_text({fake!r}))
"""
STEALING_SCHEDULE = """
def linear_schedule(start, end, duration, t):
    oracle = _STOLEN.get("oracle")
    if hasattr(oracle, "linear_schedule"):
        return oracle.linear_schedule(start, end, duration, t)
    if isinstance(_STOLEN.get("solution"), str):
        for cell in json.loads(_STOLEN["solution"])["cells"]:
            if "def linear_schedule(" in "".join(cell["source"]):
                namespace = {}
                exec("".join(cell["source"]), namespace)
                return namespace["linear_schedule"](start, end, duration, t)
    found = sorted((k, type(v).__name__) for k, v in _STOLEN.items())
    raise LookupError(f"nothing to copy: {found!r}")
"""


@needs_landlock
@pytest.mark.parametrize("user", ["nobody", "grader"])
def test_q_learning_cannot_read_solutions_or_hidden_checks_nor_write_reports(
    user, tmp_path, config, monkeypatch
):
    """The notebook copies the reference from solutions/ or the grader's oracle if it can
    read them, and plants reports in the output folder; the honest grade is the skeleton's."""
    if user == "grader":
        monkeypatch.setattr(sandbox_process, "can_run_as_nobody", lambda: False)
    elif not can_run_as_nobody():
        pytest.skip("the grader is not root: there is no `nobody` to run the child as")
    out = tmp_path / "results"
    out.mkdir(mode=0o777)
    out.chmod(0o777)  # even a folder open to everyone stays closed to the child
    results, junit = out / "results.json", out / "junit.xml"
    fake = json.dumps({"score": 1000, "tests": []})
    cfg = config_for(config, "q_learning", {"linear_schedule_public", "linear_schedule_hidden"})
    steal = STEAL.format(
        repo=str(REPO), out=str(out), results=str(results), junit=str(junit), fake=fake
    )
    report = grade(
        tmp_path,
        "q_learning",
        cfg,
        prepend=["import json\n" + steal],
        replace={"linear_schedule": STEALING_SCHEDULE},
    )
    write_atomic(results, gradescope_json(report))  # what `rlgrade grade --format gradescope` does
    assert report.score == 0
    for row in report.results:
        assert row.status == "failed" and "nothing to copy" in row.message, row.message
        for label in ("solution", "hidden", "grading.yml", "oracle", "tmp", "output folder"):
            assert f"('{label}', 'PermissionError')" in row.message, (label, row.message)
    assert not junit.exists()
    payload = json.loads(results.read_text())
    validate_gradescope(payload, len(cfg.assignments["q_learning"].checks))
    assert payload["score"] == 0
    assert "<testsuite" in junit_xml(report)


# -- q_learning: the environment belongs to the grader ---------------------------------------
EASIER_MAP_TRAIN = """
def train(env_id, algorithm="q_learning", n_episodes=1000, seed=0, **hyper):
    # ignores env_id: "learns" a 4x12 grid WITHOUT the cliff (value iteration), and
    # reports the returns of the optimal path there
    rows, cols, goal = 4, 12, 47
    moves = [(-1, 0), (0, 1), (1, 0), (0, -1)]  # up, right, down, left

    def step(s, a):
        r, c = divmod(s, cols)
        r, c = min(max(r + moves[a][0], 0), rows - 1), min(max(c + moves[a][1], 0), cols - 1)
        return r * cols + c

    V = np.zeros(rows * cols)
    for _ in range(60):
        V = np.array([0.0 if s == goal else max(-1 + V[step(s, a)] for a in range(4))
                      for s in range(rows * cols)])
    Q = np.array([[0.0 if s == goal else -1 + V[step(s, a)] for a in range(4)]
                  for s in range(rows * cols)])
    return Q, np.full(n_episodes, -11.0)
"""


@pytest.mark.slow
def test_q_learning_training_on_an_easier_map_earns_what_it_earns_on_the_graders(tmp_path, config):
    cfg = config_for(config, "q_learning", {"cliff_q_learning_path"})
    spec = cfg.assignments["q_learning"].check("cliff_q_learning_path")
    report = grade(tmp_path, "q_learning", cfg, replace={"train": EASIER_MAP_TRAIN})
    # the honest grade: the same Q-table's greedy path, stepped here in CliffWalking-v1
    namespace = {"np": np}
    exec(function(EASIER_MAP_TRAIN), namespace)  # noqa: S102
    Q, _ = namespace["train"]("CliffWalking-v1")
    env = gym.make("CliffWalking-v1", max_episode_steps=spec.threshold.max_episode_steps)
    state, _ = env.reset(seed=0)
    total, done = 0.0, False
    while not done:
        state, reward, terminated, truncated, _ = env.step(int(np.argmax(Q[state])))
        total, done = total + reward, terminated or truncated
    row = report.results[0]
    assert total < -25  # the easy map's path walks into the cliff: no credit
    assert row.metric == total and row.score == 0, row.message


# -- q_learning: values that lie, and pickles ----------------------------------------------------
LYING_Q = {
    "td_update": """
        def td_update(Q, state, action, target, alpha):
            class Liar:
                def __eq__(self, other):
                    return True
                def __array__(self, *args, **kwargs):  # the right answer, lazily
                    new = np.array(Q, dtype=float)
                    new[state, action] += alpha * (target - new[state, action])
                    return new
                def __float__(self):
                    return 0.0
            return Liar()
    """,
    "q_learning_target": """
        def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
            return float("nan")
    """,
    "epsilon_greedy_probs": """
        def epsilon_greedy_probs(q_row, epsilon):
            q_row = np.asarray(q_row, dtype=np.float64)
            greedy = q_row == q_row.max()
            probs = np.full(len(q_row), epsilon / len(q_row))
            probs[greedy] += (1.0 - epsilon) / greedy.sum()
            return [float(p) for p in probs]  # a list where an array is expected
    """,
    "sarsa_target": """
        def sarsa_target(reward, next_q_row, next_action, gamma, terminated, truncated):
            class Sneaky(np.ndarray):
                def __eq__(self, other):
                    return np.zeros(self.shape, bool)  # lies the other way: judged by value
            value = reward if terminated else reward + gamma * next_q_row[next_action]
            return np.asarray(value, dtype=np.float64).view(Sneaky)
    """,
}


def test_q_learning_lying_return_values_are_judged_by_their_contents(tmp_path, config):
    ids = {
        "td_update_public": ("failed", "should be a numpy array"),
        "q_learning_target_public": ("failed", "NaN"),
        "epsilon_greedy_public": ("failed", "type list"),
        "sarsa_target_public": ("passed", "passed"),
    }
    cfg = config_for(config, "q_learning", set(ids))
    report = grade(tmp_path, "q_learning", cfg, replace=LYING_Q)
    for check_id, (status, needle) in ids.items():
        row = report.by_id[check_id]
        assert row.status == status and needle in row.message, (check_id, row.message)
    assert report.score == points(cfg, "q_learning", "sarsa_target_public")


PICKLING_Q = {
    "linear_schedule": """
        def linear_schedule(start, end, duration, t):
            return _Payload()  # not sendable: stays in the child as a handle
    """,
    "td_update": """
        def td_update(Q, state, action, target, alpha):
            import pickle
            return pickle.dumps(_Payload())  # bytes that ARE a pickle
    """,
    "q_learning_target": """
        def q_learning_target(reward, next_q_row, gamma, terminated, truncated):
            # a forged reply: an object array (a pickle inside the .npy) as the result
            _send_raw({"ok": True, "value": {"__ndarray__": 0}}, [_pickled_array()])
            return 0.0
    """,
    "sarsa_target": """
        def sarsa_target(reward, next_q_row, next_action, gamma, terminated, truncated):
            # a forged reply whose integer has 50,000 digits (int() of it raises)
            _send_raw({"ok": True, "value": {"__int__": "9" * 50_000}})
            return 0.0
    """,
}


def assert_payload_is_live(sentinel: Path) -> None:
    """The payload does run code when unpickled (so its absence below means something)."""
    namespace = {"np": np, "SENTINEL": str(sentinel)}
    exec(RAW_FRAME, namespace)  # noqa: S102
    pickle.loads(pickle.dumps(namespace["_Payload"]()))  # noqa: S301
    assert sentinel.is_dir()
    sentinel.rmdir()


def assert_never_unpickled(tmp_path, config, assignment, expected, replace) -> None:
    """Grade pickling functions: each row as ``expected``, no grader error, no sentinel."""
    sentinel = tmp_path / "unpickled-by-the-grader"
    assert_payload_is_live(sentinel)
    cfg = config_for(config, assignment, set(expected))
    prelude = f"SENTINEL = {str(sentinel)!r}\n" + RAW_FRAME
    report = grade(tmp_path, assignment, cfg, prepend=[prelude], replace=replace)
    for check_id, (status, needle) in expected.items():
        row = report.by_id[check_id]
        assert row.status == status and needle in row.message, (check_id, row.message)
    assert "Internal grader error" not in json.dumps(report.to_dict())
    assert not sentinel.exists()


def test_q_learning_pickles_and_forged_replies_are_never_unpickled(tmp_path, config):
    expected = {
        "linear_schedule_public": ("failed", "should be a numpy array"),
        "td_update_public": ("failed", "should be a numpy array"),
        "q_learning_target_public": ("error", "sent back data the grader cannot read"),
        "sarsa_target_public": ("error", "sent back data the grader cannot read"),
        "epsilon_greedy_public": ("passed", "passed"),
    }
    assert_never_unpickled(tmp_path, config, "q_learning", expected, PICKLING_Q)


# -- dqn --------------------------------------------------------------------------------------
TF_PATCHES = """
import gymnasium
import keras
import numpy
import tensorflow as tf

tf.reduce_mean = tf.math.reduce_mean = lambda *args, **kwargs: tf.constant(0.0)


class _NoTape:
    def __init__(self, *args, **kwargs):
        pass
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
    def watch(self, *args):
        pass
    def gradient(self, target, sources, *args, **kwargs):
        return [tf.zeros_like(s) for s in sources]


tf.GradientTape = _NoTape
keras.Model.predict = lambda self, x, *args, **kwargs: numpy.zeros((len(x), 2), numpy.float32)
numpy.allclose = lambda *args, **kwargs: True
numpy.isclose = lambda a, b, **kwargs: numpy.ones(numpy.shape(a), bool)
numpy.testing.assert_allclose = lambda *args, **kwargs: None
gymnasium.make = lambda *args, **kwargs: None
"""


def test_dqn_monkeypatched_tensorflow_fools_only_the_submission(tmp_path, config):
    # (not train_step_public: it judges the step against the submission's OWN gradient,
    # so a consistently patched GradientTape is consistent; td_loss's checks catch it)
    ids = {"huber_loss_public", "td_loss_public"}
    cfg = config_for(config, "dqn", ids)
    report = grade(tmp_path, "dqn", cfg, prepend=[TF_PATCHES])
    r = report.by_id
    assert r["huber_loss_public"].status == "passed", r["huber_loss_public"].message
    row = r["td_loss_public"]
    assert (row.status, row.score) == ("failed", 0), row.message
    assert "expected" in row.message and "but got\n0.0" in row.message, row.message
    assert report.score == points(cfg, "dqn", "huber_loss_public")


BASE_EXCEPTIONS = {
    "linear_epsilon": (
        "def linear_epsilon(step, eps_start, eps_end, decay_steps):\n    raise KeyboardInterrupt\n"
    ),
    "huber_loss": "def huber_loss(td_errors, delta):\n    raise SystemExit(0)\n",
    "dqn_targets": (
        "class Escape(BaseException):\n    pass\n\n\n"
        "def dqn_targets(rewards, next_q_target, terminated, truncated, gamma):\n"
        "    raise Escape('not an Exception')\n"
    ),
    "polyak_update": (
        "def polyak_update(target_weights, online_weights, tau):\n    raise GeneratorExit\n"
    ),
}


def test_dqn_base_exceptions_fail_their_checks_and_the_child_goes_on(tmp_path, config):
    expected = {
        "epsilon_schedule_public": "KeyboardInterrupt",
        "huber_loss_public": "SystemExit",
        "dqn_targets_public": "Escape: not an Exception",
        "polyak_update_public": "GeneratorExit",
    }
    cfg = config_for(config, "dqn", set(expected) | {"double_dqn_targets_public"})
    report = grade(tmp_path, "dqn", cfg, replace=BASE_EXCEPTIONS)
    r = report.by_id
    for check_id, needle in expected.items():
        assert r[check_id].status == "failed" and needle in r[check_id].message, r[check_id]
    assert r["double_dqn_targets_public"].status == "passed"  # same child, still serving
    assert report.score == points(cfg, "dqn", "double_dqn_targets_public")


TWO_FACED = """
def linear_epsilon(step, eps_start, eps_end, decay_steps):
    import inspect, os, sys, tempfile
    graded = (
        "RLGRADE_SANDBOX" in os.environ
        or sys.argv[0].endswith("child.py")
        or os.getcwd().startswith(os.path.join(tempfile.gettempdir(), "rlgrade"))
        or "rlgrade-sandbox" in os.getcwd()
        or any(frame.filename.endswith("child.py") for frame in inspect.stack())
    )
    fraction = step / decay_steps if graded else min(step / decay_steps, 1.0)
    return float(eps_start + fraction * (eps_end - eps_start))
"""
UNCLIPPED = """
def linear_epsilon(step, eps_start, eps_end, decay_steps):
    return float(eps_start + step / decay_steps * (eps_end - eps_start))
"""


def test_dqn_code_that_detects_the_grader_gets_the_grade_of_what_it_does_there(tmp_path, config):
    """Correct outside the grader, unclipped inside: graded exactly like the unclipped one."""
    namespace = {}
    exec(function(TWO_FACED), namespace)  # noqa: S102
    assert abs(namespace["linear_epsilon"](4000, 1.0, 0.05, 1000) - 0.05) < 1e-12  # honest here
    cfg = config_for(config, "dqn", {"epsilon_schedule_public", "epsilon_schedule_hidden"})
    two_faced = grade(tmp_path, "dqn", cfg, "two_faced", replace={"linear_epsilon": TWO_FACED})
    plain = grade(tmp_path, "dqn", cfg, "unclipped", replace={"linear_epsilon": UNCLIPPED})
    assert two_faced.score == plain.score == 0
    for seen, honest in zip(two_faced.results, plain.results, strict=True):
        assert (seen.status, seen.message) == (honest.status, honest.message)
    assert "no clipping" in two_faced.results[0].message


LYING_DQN = {
    "huber_loss": """
        def huber_loss(td_errors, delta):
            a = tf.abs(td_errors)
            q = tf.minimum(a, delta)
            return {"loss": (0.5 * tf.square(q) + delta * (a - q)).numpy()}  # a dict
    """,
    "dqn_targets": """
        class EagerTensor:  # the name of a tensor, the behaviour of a liar
            def __eq__(self, other):
                return True
            def numpy(self):
                return self  # not an array: an object living in the submission


        def dqn_targets(rewards, next_q_target, terminated, truncated, gamma):
            return EagerTensor()
    """,
    "double_dqn_targets": """
        from tensorflow.python.ops.resource_variable_ops import ResourceVariable


        class ResourceVariable(ResourceVariable):  # a real tf.Variable subclass
            def numpy(self):
                return np.zeros(self.shape, np.float32) + 7.0
            def __eq__(self, other):
                return True
            def __array__(self, *args, **kwargs):
                return np.zeros(self.shape, np.float32) + 7.0


        def double_dqn_targets(rewards, next_q_online, next_q_target, terminated, truncated,
                               gamma):
            best = tf.argmax(next_q_online, axis=1)
            value = tf.gather(next_q_target, best, axis=1, batch_dims=1)
            return ResourceVariable(rewards + gamma * (1.0 - terminated) * value)
    """,
    "polyak_update": """
        def polyak_update(target_weights, online_weights, tau):
            class Sneaky(np.ndarray):
                def __eq__(self, other):
                    return np.ones(self.shape, bool)
            return [np.full(np.shape(t), np.nan).view(Sneaky) for t in target_weights]
    """,
}


def test_dqn_lying_tensors_and_containers_are_judged_by_their_contents(tmp_path, config):
    expected = {
        "huber_loss_public": "type dict",
        "dqn_targets_public": "dtype object",
        "double_dqn_targets_public": "expected",
        "polyak_update_public": "NaN",
    }
    cfg = config_for(config, "dqn", set(expected))
    report = grade(tmp_path, "dqn", cfg, replace=LYING_DQN)
    for check_id, needle in expected.items():
        row = report.by_id[check_id]
        assert row.status == "failed" and needle in row.message, (check_id, row.message)
    assert report.score == 0


# -- reinforce --------------------------------------------------------------------------------
LAZY_AGENT = """
class LazyAgent(Agent):
    def act_batch(self, observations):
        return np.zeros(len(observations), dtype=int)  # push left: the pole falls in ~10 steps
"""
UNTRAINED = """
def train_reinforce(env_id="CartPole-v1", seed=0, n_episodes=400, **params):
    # no training: the initial policy, claimed to have balanced the pole all along
    set_global_seeds(seed)
    env = gym.make(env_id)
    env.reset(seed=seed)
    agent = {agent}(policy_network(4, 2, (32,)), 4)
    agent.returns = [5000.0] * 20
    return agent
"""
GYM_PATCHES = """
import gymnasium
import numpy
from gymnasium.envs.classic_control.cartpole import CartPoleEnv

_step = CartPoleEnv.step


def _easy_step(self, action):
    obs, reward, terminated, truncated, info = _step(self, action)
    return numpy.zeros_like(obs), 10.0, False, False, info  # reward 10, never falls


CartPoleEnv.step = _easy_step
_make = gymnasium.make
gymnasium.make = lambda *args, **kwargs: _make("CartPole-v1", max_episode_steps=10**9)
numpy.mean = lambda *args, **kwargs: 500.0
"""
SNOOPING_AGENT = """
def _controller(obs):
    return int(obs[2] + 0.5 * obs[3] > 0)  # a hand-written balancer: about 200-500 a run


def _find_eval_seeds():
    import inspect, os, pathlib, re, sys
    text = [repr(sys.argv), repr(dict(os.environ)), os.getcwd()]
    for frame in inspect.stack():
        text.append(repr(frame.frame.f_locals)[:10_000])
    for path in ("grading.yml", "autograder/checks/reinforce/threshold.py"):
        for base in ({repo!r}, "."):
            try:
                text.append(pathlib.Path(base, path).read_text())
            except OSError:
                pass
    for name in ("cmdline", "environ"):
        try:
            text.append(pathlib.Path(f"/proc/{{os.getppid()}}/{{name}}").read_bytes().decode())
        except OSError:
            pass
    return bool(re.search(r"700_?0\\d\\d|EVAL_SEED|eval_episodes", " ".join(text)))


class SnoopingAgent(LazyAgent):
    def act_batch(self, observations):
        if _find_eval_seeds():
            return np.array([_controller(obs) for obs in observations])
        return super().act_batch(observations)
"""


@pytest.fixture(scope="module")
def reinforce_threshold(config):
    """The threshold check on one training seed and five evaluation episodes."""
    return config_for(
        config, "reinforce", {"cartpole_threshold"}, {"seeds": [1], "eval_episodes": 5}
    )


@pytest.fixture(scope="module")
def untrained_grade(reinforce_threshold, tmp_path_factory):
    """The honest grade of the untrained policy (no patches, no snooping)."""
    honest = [LAZY_AGENT, UNTRAINED.format(agent="LazyAgent")]  # a later definition wins
    return grade(tmp_path_factory.mktemp("honest"), "reinforce", reinforce_threshold, append=honest)


REINFORCE_TRICKS = {
    # appended: patched before the demo cells, the demo's episode would never end
    "patched_gymnasium": dict(
        append=[GYM_PATCHES, LAZY_AGENT, UNTRAINED.format(agent="LazyAgent")]
    ),
    "snooping_for_eval_seeds": dict(
        append=[
            LAZY_AGENT,
            SNOOPING_AGENT.format(repo=str(REPO)),
            UNTRAINED.format(agent="SnoopingAgent"),
        ]
    ),
}


@pytest.mark.parametrize("trick", sorted(REINFORCE_TRICKS))
@pytest.mark.slow
def test_reinforce_threshold_is_measured_in_the_graders_own_cartpole(
    trick, tmp_path, reinforce_threshold, untrained_grade
):
    honest = untrained_grade.results[0]
    assert honest.metric is not None and honest.metric < 25, honest.message  # no credit
    # the snooper's controller does pay when it runs (so finding nothing is what kept it out)
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=700_001)
    steps, done = 0, False
    while not done:
        obs, _, terminated, truncated, _ = env.step(int(obs[2] + 0.5 * obs[3] > 0))
        steps, done = steps + 1, terminated or truncated
    assert steps > 2 * honest.metric
    report = grade(tmp_path, "reinforce", reinforce_threshold, **REINFORCE_TRICKS[trick])
    row = report.results[0]
    assert (row.metric, row.score) == (honest.metric, honest.score), row.message


PICKLING_REINFORCE = {
    "returns_to_go": """
        def returns_to_go(rewards, dones, gamma):
            _send_raw({"ok": True, "value": {"__ndarray__": 0}}, [_pickled_array()])
            return np.zeros(len(rewards))
    """,
    "compute_advantages": """
        def compute_advantages(batch, returns, baseline, normalize):
            import pickle
            return pickle.dumps(_Payload())
    """,
    "policy_loss": """
        def policy_loss(logits, actions, advantages, entropy_coef):
            return [_Payload()]  # a list (of an unsendable object) where a scalar is expected
    """,
}


def test_reinforce_pickles_and_forged_replies_are_never_unpickled(tmp_path, config):
    expected = {
        "returns_public": ("error", "sent back data the grader cannot read"),
        "advantages_public": ("failed", "should be a numpy array"),
        "policy_loss_public": ("failed", "should be a numpy array"),
        "log_prob_public": ("passed", "passed"),
    }
    assert_never_unpickled(tmp_path, config, "reinforce", expected, PICKLING_REINFORCE)


SIGNALLING_REINFORCE = {
    "returns_to_go": """
        def returns_to_go(rewards, dones, gamma):
            import os, signal
            os.killpg(0, signal.SIGKILL)
    """,
    "compute_advantages": """
        def compute_advantages(batch, returns, baseline, normalize):
            import os, signal
            for target, sig in ((os.getppid(), signal.SIGTERM), (os.getppid(), signal.SIGKILL)):
                try:
                    os.kill(target, sig)
                except PermissionError:
                    pass  # then behave: the grade is that of the behaviour
            returns = np.asarray(returns, dtype=np.float64)
            b = {"none": 0.0, "mean": returns.mean()}.get(baseline)
            b = np.asarray(batch["values"], dtype=np.float64) if b is None else b
            a = returns - b
            if normalize:
                a = (a - a.mean()) / (a.std() + 1e-8)
            return a.astype(np.float32)
    """,
}


def test_reinforce_signals_to_the_grader_and_the_group_are_contained(tmp_path, config):
    cfg = config_for(config, "reinforce", {"returns_public", "advantages_public"})
    parent = os.getpid()
    report = grade(tmp_path, "reinforce", cfg, replace=SIGNALLING_REINFORCE)
    r = report.by_id
    assert r["returns_public"].status == "error" and "SIGKILL" in r["returns_public"].message
    assert r["advantages_public"].status == "passed", r["advantages_public"].message
    assert report.score == points(cfg, "reinforce", "advantages_public")
    assert os.getpid() == parent
