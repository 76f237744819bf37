"""Helpers every check uses to validate values and to explain failures."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograder.checks.submitted import to_numpy, type_name

np.set_printoptions(precision=4, suppress=True)


@dataclass(frozen=True)
class LearningCurve:
    """What the agent did while it trained, one line per seed: the feedback page plots it
    against the threshold, so a student sees *when* learning stalled, not just the score."""

    x_label: str
    y_label: str
    lines: dict[str, tuple[list[float], list[float]]]  # label -> (x, y)

    @classmethod
    def of(
        cls,
        x_label: str,
        y_label: str,
        series: dict[str, Any],
        x: dict[str, Any] | None = None,
        smooth: int = 1,
        max_points: int = 500,
    ) -> LearningCurve:
        """Curves from per-seed arrays: moving average over ``smooth`` points, then at most
        ``max_points`` points kept (the report stays small whatever the training budget)."""
        lines = {}
        for label, values in series.items():
            y = np.asarray(values, dtype=np.float64).ravel()
            xs = np.arange(1, y.size + 1) if x is None else np.asarray(x[label], np.float64)
            if smooth > 1 and y.size >= smooth:
                y = np.convolve(y, np.ones(smooth) / smooth, mode="valid")
                xs = xs[smooth - 1 :]
            keep = np.unique(np.linspace(0, y.size - 1, min(y.size, max_points)).astype(int))
            lines[label] = ([float(v) for v in xs[keep]], [float(v) for v in y[keep]])
        return cls(x_label, y_label, lines)

    def to_dict(self) -> dict:
        return {
            "x_label": self.x_label,
            "y_label": self.y_label,
            "lines": {k: {"x": x, "y": y} for k, (x, y) in self.lines.items()},
        }


@dataclass(frozen=True)
class Metric:
    """What a threshold check measured; grading.yml decides what it is worth."""

    value: float
    detail: str
    hint: str = ""
    curve: LearningCurve | None = None
    # the measurement behind ``value``, one entry per training seed ("seed 1": 492.5):
    # on the result row, so benchmarks and tests read numbers, not messages
    per_seed: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    """One hand-computed public case: the student's ``function(*args)`` should give ``want``
    (a tuple of values for a function that returns several).

    The expected numbers are typed in, with their arithmetic in a comment, because students
    read them; tests/test_assignments.py recomputes every ``want`` of every public module
    with the assignment's oracle (``oracle.<function>(*args)``), so a typo in a literal
    cannot fail correct code. ``what`` names the case in messages."""

    function: str
    args: tuple
    want: Any
    what: str = ""

    @property
    def title(self) -> str:
        return self.what or f"{self.function}{_arguments_text(self.args)}"


def _arguments_text(args: tuple) -> str:
    shown = [
        f"an array of shape {a.shape}" if isinstance(a, np.ndarray) and a.size > 8 else repr(a)
        for a in args
    ]
    return "(" + ", ".join(shown) + ")"


def public_cases(module: Any) -> list[Case]:
    """Every ``Case`` a public module defines, alone or inside tuples, lists and dicts."""

    def found_in(value: Any) -> list[Case]:
        if isinstance(value, Case):
            return [value]
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (tuple, list)):
            return [case for item in value for case in found_in(item)]
        return []

    return [case for value in vars(module).values() for case in found_in(value)]


def by_seed(seeds: list[int], values: Any) -> dict[str, float]:
    """``Metric.per_seed``: one measured value per training seed."""
    return {f"seed {s}": float(v) for s, v in zip(seeds, values, strict=True)}


def check(fn: Callable | None = None, *, seeded: bool = False) -> Callable:
    """Register a check: its id in grading.yml is the function's name
    (autograder/checks/registry.py finds it; no list re-exports it). ``seeded``: it draws
    random cases from ``case_rng(spec)``, so grading.yml must give it ``params.seed`` (the
    config loader says so on load, not when the check first runs)."""

    def mark(function: Callable) -> Callable:
        function.is_check = True
        function.seeded = seeded
        return function

    return mark(fn) if fn is not None else mark


def threshold_check(fn: Callable | None = None, *, uses_env: bool = True) -> Callable:
    """Mark a check that returns a Metric (grading.yml must give it a threshold, with an
    ``env`` if ``uses_env``: a check that builds its own environment, like the bandit
    testbed, says ``@threshold_check(uses_env=False)``)."""

    def mark(check: Callable) -> Callable:
        check.is_check = True
        check.threshold_check = True
        check.uses_env = uses_env
        return check

    return mark(fn) if fn is not None else mark


def _describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    return f"a value of type {type_name(value)}"


def returned(
    value: Any,
    what: str,
    shape: tuple[int, ...] | None = None,
    kinds: str = "fiu",
    finite: bool = True,
) -> np.ndarray:
    """The one validator of a value the submission returned: numpy arrays, Python numbers
    and TensorFlow tensors (in the notebook, or living in the sandbox) alike become a
    numpy array of the asked shape and kind, or a message that says what came back."""
    value = to_numpy(value)
    if isinstance(value, (bool, int, float, np.number)) and shape in ((), None):
        value = np.asarray(value)
    if type(value) is not np.ndarray:
        raise AssertionError(
            f"{what} should be a numpy array{_shape_text(shape)}, but it is {_describe(value)}. "
            "Return the array itself (e.g. built with numpy operations), not a list or a "
            "custom object."
        )
    if value.dtype.kind not in kinds:
        raise AssertionError(
            f"{what} has dtype {value.dtype}; expected a numeric ({kinds}) array. "
            "Check that you did not return booleans or indices where values are asked."
        )
    if shape is not None and value.shape != tuple(shape):
        raise AssertionError(
            f"{what} has shape {value.shape}; expected {tuple(shape)}. Look at which axis "
            "you reduced or indexed: the first axis is the batch, it must be kept."
        )
    if finite and value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        raise AssertionError(
            f"{what} contains NaN or infinity: {value}; expected finite numbers. This usually "
            "comes from a division by zero or an overflow (e.g. exp of a large number)."
        )
    return value


def returned_tuple(value: Any, call: str, names: tuple[str, ...]) -> tuple:
    """``call``'s result unpacked into ``names`` (a tuple, or a list, of that length);
    otherwise a message that names what it should return and what it returned."""
    if isinstance(value, (tuple, list)) and len(value) == len(names):
        return tuple(value)
    wanted = f"({', '.join(names)})"
    if isinstance(value, (tuple, list)):
        got = f"a {type(value).__name__} of {len(value)} values"
    else:
        got = f"{_describe_returned(value)}"
    raise AssertionError(
        f"{call} should return a tuple {wanted} of {len(names)} values; it returned {got}. "
        f"Return all of them, in this order: return {', '.join(names)}."
    )


def _describe_returned(value: Any) -> str:
    if value is None:
        return "None (a missing `return` statement?)"
    if isinstance(value, np.ndarray):
        return _describe(value)
    return f"a value of type {type_name(value)}"


def _shape_text(shape: tuple[int, ...] | None) -> str:
    return f" of shape {tuple(shape)}" if shape is not None else ""


def _show(values: np.ndarray) -> str:
    """An array for a message: large ones summarized (corners only), so a feedback page
    stays readable; the first differing entry is quoted separately."""
    if values.size <= 60:
        return str(values)
    return np.array2string(values, threshold=60, edgeitems=3, max_line_width=100)


def assert_close(
    actual: np.ndarray,
    expected: np.ndarray,
    what: str,
    hint: str,
    atol: float = 1e-6,
    rtol: float = 1e-6,
    known_mistakes: dict[str, Any] | None = None,
) -> None:
    """Compare numerically; on failure say where, by how much, and why it may differ.

    ``known_mistakes`` maps a diagnosis to the value that mistake produces: when the
    student's value matches one, the message names the mistake instead of guessing.
    """
    actual = np.asarray(actual, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    for diagnosis, wrong in (known_mistakes or {}).items():
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == actual.shape and np.allclose(actual, wrong, atol=atol, rtol=rtol):
            if not np.allclose(wrong, expected, atol=atol, rtol=rtol):
                hint = f"{diagnosis} (your values match exactly what that mistake gives)."
                break
    same_inf = np.isinf(expected) & (actual == expected)
    close = np.isclose(actual, expected, atol=atol, rtol=rtol) | same_inf
    if np.all(close):
        return
    bad = np.argwhere(~close)
    where = tuple(int(i) for i in bad[0]) if bad.size and actual.ndim else ()
    got, want = (actual[where], expected[where]) if where else (actual, expected)
    if _small_offset(actual[~close], expected[~close]):
        # the arrays would print the same at numpy's 4 decimals: show enough digits
        with np.printoptions(precision=10, suppress=False):
            raise AssertionError(
                f"{what}: expected\n{_show(expected)}\nbut got\n{_show(actual)}\n"
                f"(first difference at index {where}: got {got!r}, expected {want!r}, off by "
                f"{abs(float(got) - float(want)):.2g}).\nThis is a small numerical offset, "
                "not a different formula: it usually comes from a safety epsilon (such as "
                "N + 1e-5 in a denominator or log(x + 1e-8)) or a float32 step. Handle the "
                f"special case exactly instead; the checks compare to {max(atol, rtol):g}. "
                f"The formula: {hint}"
            ) from None
    raise AssertionError(
        f"{what}: expected\n{_show(expected)}\nbut got\n{_show(actual)}\n"
        f"({len(bad)} entr{'y differs' if len(bad) == 1 else 'ies differ'}; first at index "
        f"{where}: got {got}, expected {want}).\nLikely cause: {hint}"
    )


def _small_offset(actual: np.ndarray, expected: np.ndarray) -> bool:
    """Every differing entry is finite and within 0.1% of its expected value."""
    if actual.size == 0 or not (np.all(np.isfinite(actual)) and np.all(np.isfinite(expected))):
        return False
    return bool(np.all(np.abs(actual - expected) <= 1e-3 * np.maximum(1.0, np.abs(expected))))


def call_pure(fn: Callable, call: str, *args: Any) -> Any:
    """Call a student's function on copies of ``args``, then check it left them unchanged.

    Why: the interfaces return new arrays, and a caller (the testbed, a training loop) that
    keeps the old array would see it move. A numpy broadcasting error, the usual sign of a
    per-row statistic that lost its axis, is turned into a message that says so.
    """
    passed = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
    try:
        result = fn(*passed)
    except Exception as error:  # a ValueError, here or raised in the sandbox and named there
        kind = getattr(error, "error_type", type(error).__name__)
        text = getattr(error, "error_message", str(error))
        if kind != "ValueError" or "broadcast" not in text:
            raise
        shapes = ", ".join(str(a.shape) for a in args if isinstance(a, np.ndarray))
        raise AssertionError(
            f"{call} raised ValueError: {text}. Expected it to work on any batch (inputs "
            f"of shapes {shapes}). A per-row value such as Q.max(axis=1) has shape (B,): to "
            "combine it with a (B, k) array keep its axis, Q.max(axis=1, keepdims=True) (or "
            "[:, None]). On a square batch the same mistake silently pairs the wrong entries."
        ) from None
    # run in the sandbox, the function got its own copies: the child says which it changed
    remote = getattr(fn, "mutated_arguments", None)
    for i, (original, after) in enumerate(zip(args, passed, strict=True)):
        if not isinstance(original, np.ndarray):
            continue
        if remote is not None:
            changed = i in remote
        else:
            changed = not np.array_equal(original, after, equal_nan=original.dtype.kind == "f")
        if changed:
            name = _parameter_name(call, i)
            raise AssertionError(
                f"{call} changed its input `{name}` in place: expected it unchanged. The "
                "function must return a new array and leave its arguments alone: start from "
                f"a copy ({name} = {name}.copy()) or build the result with numpy operations "
                "that do not write into the input."
            )
    return result


def _parameter_name(call: str, index: int) -> str:
    """The ``index``-th argument named in ``call``, which ends with ``function(a, b, ...)``."""
    match = re.search(r"\(([^()]*)\)\s*$", call)
    names = [n.strip() for n in match.group(1).split(",")] if match else []
    return names[index] if index < len(names) and names[index] else f"argument {index + 1}"


def case_rng(spec: Any) -> np.random.Generator:
    """The generator of a check's random cases, seeded by ``params.seed`` in grading.yml:
    the cases are the same on every run, and an instructor changes them in one place."""
    seed = spec.params.get("seed")
    if not isinstance(seed, int):
        raise ValueError(
            f"check '{spec.id}' draws random cases and needs an integer params.seed in "
            f"grading.yml (got {seed!r}). Fix: add e.g. params: {{seed: 1}}."
        )
    return np.random.default_rng(seed)
