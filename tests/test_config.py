"""grading.yml validation: each kind of mistake gets an error naming the key and the fix."""

from __future__ import annotations

import pytest
import yaml
from notebook_variants import REPO

from autograder.config import ConfigError, load_config


def _write(tmp_path, mutate):
    data = yaml.safe_load((REPO / "grading.yml").read_text())
    mutate(data)
    path = tmp_path / "grading.yml"
    path.write_text(yaml.safe_dump(data))
    return path


def _checks(data):
    return data["assignments"]["bandits"]["checks"]


def _threshold(data):
    return next(c for c in _checks(data) if c["id"] == "testbed_ucb")["threshold"]


MISTAKES = [
    ("unknown key", lambda d: _checks(d)[0].update(pointz=3), ["checks[0].pointz", "unknown key"]),
    ("missing points", lambda d: _checks(d)[0].pop("points"), ["checks[0].points", "missing"]),
    ("negative points", lambda d: _checks(d)[0].update(points=-1), ["checks[0].points", "Fix"]),
    ("bad visibility", lambda d: _checks(d)[0].update(visibility="secret"), ["visibility", "Fix"]),
    ("duplicate id", lambda d: _checks(d).append(dict(_checks(d)[0])), ["appears twice"]),
    (
        "unknown check function",
        lambda d: _checks(d)[0].update(id="no_such_check"),
        ["no_such_check", "Fix"],
    ),
    (
        "threshold check without threshold",
        lambda d: next(c for c in _checks(d) if c["id"] == "testbed_ucb").pop("threshold"),
        ["testbed_ucb", "needs a 'threshold' block"],
    ),
    (
        "linear credit without zero_at",
        lambda d: _threshold(d)["partial_credit"].pop("zero_at"),
        ["zero_at"],
    ),
    (
        "zero_at above threshold",
        lambda d: _threshold(d)["partial_credit"].update(zero_at=5.0),
        ["losing side"],
    ),
    ("no seeds", lambda d: _threshold(d).update(seeds=[]), ["seeds"]),
    (
        "trained check without env",
        lambda d: next(
            c for c in d["assignments"]["dqn"]["checks"] if c["id"] == "cartpole_threshold"
        )["threshold"].pop("env"),
        ["cartpole_threshold", "threshold.env", "CartPole-v1"],
    ),
    (
        "bad notebook name",
        lambda d: d["assignments"]["bandits"].update(notebook="x.py"),
        ["notebook"],
    ),
    (
        "unknown assignment module",
        lambda d: d["assignments"].update(chess=d["assignments"]["bandits"]),
        ["autograder/checks/chess/"],
    ),
    ("wrong version", lambda d: d.update(version=2), ["version"]),
    (  # case_rng would only fail when the check runs: the loader says it first
        "seeded check without its seed",
        lambda d: next(c for c in d["assignments"]["bandits"]["checks"] if c["id"] == "ucb_hidden")[
            "params"
        ].pop("seed"),
        ["checks[7].params.seed", "'ucb_hidden' draws random cases"],
    ),
    (  # a helper of the checks module is a function, but not a registered check
        "helper named as a check",
        lambda d: next(
            c for c in d["assignments"]["q_learning"]["checks"] if c["id"] == "td_update_hidden"
        ).update(id="check_update"),
        ["'check_update' is not a check", "@check"],
    ),
]


@pytest.mark.parametrize("mutate,needles", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_each_mistake_is_named(tmp_path, mutate, needles):
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, mutate))
    for needle in needles:
        assert needle in str(info.value), str(info.value)


def test_invalid_yaml(tmp_path):
    path = tmp_path / "grading.yml"
    path.write_text("version: 1\nassignments: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.yml")


def test_repository_config_loads():
    config = load_config(REPO / "grading.yml")
    assert config.assignments["bandits"].max_score > 0


def test_a_cut_of_the_contract_reads_back_as_itself(config, tmp_path):
    """subset/public_only + to_yaml (what every bundle ships) load back unchanged."""
    for name in config.names:
        for cut in (config.subset(name), config.public_only(name)):
            path = tmp_path / f"{name}.yml"
            path.write_text(cut.to_yaml())
            assert load_config(path) == cut
    public = config.public_only(config.names)
    assert all(c.visibility == "public" for a in public.assignments.values() for c in a.checks)
    assert public.names == config.names
