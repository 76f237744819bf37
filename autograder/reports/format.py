"""How points are shown to people: at most two decimals (a linear partial credit of
2.6666667 reads as 2.67), and no trailing zeros (28, not 28.00)."""

from __future__ import annotations


def points(value: float) -> str:
    return f"{round(float(value), 2):g}"
