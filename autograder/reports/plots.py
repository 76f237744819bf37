"""Learning-curve pictures for the feedback page (matplotlib, no display needed)."""

from __future__ import annotations

import io


def learning_curve_png(
    curve: dict,
    threshold: float | None,
    title: str,
    metric: float | None = None,
    metric_name: str = "",
) -> bytes:
    """Left: one line per training seed. Right: the graded metric against the threshold.

    Why a picture: a student whose agent plateaus, collapses or never starts learning
    sees which at a glance, and that tells them where to look in their code. Why two
    panels: what an agent earns while it explores (FrozenLake's ~0.05, Taxi's -750) is on
    another scale than what the grader measures on the trained agent (a 0.65 success
    rate, a mean return of 7), so the threshold is drawn beside the measured value, on the
    measured value's own axis.
    """
    import matplotlib

    matplotlib.use("Agg")  # before pyplot: grading machines have no display
    import matplotlib.pyplot as plt

    fig, (ax, graded) = plt.subplots(
        1, 2, figsize=(8, 3.6), dpi=100, gridspec_kw={"width_ratios": [4, 1]}
    )
    try:
        for label, line in curve["lines"].items():
            ax.plot(line["x"], line["y"], linewidth=1.2, label=label)
        ax.set_xlabel(curve["x_label"])
        ax.set_ylabel(curve["y_label"])
        ax.set_title(f"training: {title}", fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
        values = [v for v in (metric, threshold) if v is not None]
        if threshold is not None:
            graded.axhline(threshold, color="black", linestyle="--", linewidth=1)
            graded.annotate(f"threshold {threshold:g}", (0.02, threshold), fontsize=8,
                            xytext=(0, 3), textcoords="offset points")  # fmt: skip
        if metric is not None:
            color = "tab:green" if threshold is None or metric >= threshold else "tab:red"
            graded.plot([0.5], [metric], "o", color=color, markersize=8)
            graded.annotate(f"{metric:.3g}", (0.5, metric), fontsize=9, ha="center",
                            xytext=(0, 6), textcoords="offset points")  # fmt: skip
        if values:
            low, high = min(values), max(values)
            pad = max(abs(high - low), abs(high) * 0.1, 0.05) * 0.6
            graded.set_ylim(low - pad, high + pad)
        graded.set_xlim(0, 1)
        graded.set_xticks([])
        graded.set_title("graded", fontsize=10)
        graded.set_ylabel(metric_name or "metric", fontsize=8)
        graded.grid(alpha=0.3, axis="y")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(fig)
