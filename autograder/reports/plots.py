"""Learning-curve pictures for the feedback page (matplotlib, no display needed)."""

from __future__ import annotations

import io


def learning_curve_png(curve: dict, threshold: float | None, title: str) -> bytes:
    """One line per training seed, and the threshold the grader's evaluation had to reach.

    Why a picture: a student whose agent plateaus, collapses or never starts learning
    sees which at a glance, and that tells them where to look in their code.
    """
    import matplotlib

    matplotlib.use("Agg")  # before pyplot: grading machines have no display
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 3.6), dpi=100)
    try:
        for label, line in curve["lines"].items():
            ax.plot(line["x"], line["y"], linewidth=1.2, label=label)
        if threshold is not None:
            ax.axhline(
                threshold,
                color="black",
                linestyle="--",
                linewidth=1,
                label=f"threshold {threshold:g} (full credit)",
            )
        ax.set_xlabel(curve["x_label"])
        ax.set_ylabel(curve["y_label"])
        ax.set_title(title, fontsize=10)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()
    finally:
        plt.close(fig)
