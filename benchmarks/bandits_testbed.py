"""Why the bandits testbed is vectorized: the same epsilon-greedy work as one array program
and as a per-bandit Python loop, timed in the same run.

    python benchmarks/bandits_testbed.py            # print the ratio
    python benchmarks/bandits_testbed.py --write    # also benchmarks/results/bandits_testbed.md

The grader's testbed checks (autograder/checks/bandits/testbed.py) run 2000 bandits x 1000
steps within a time limit of seconds; a loop over bandits, as Sutton & Barto's companion
code writes it, would not fit.
"""

from __future__ import annotations

import argparse
import time
from datetime import datetime, timezone

import numpy as np
from sections import write_section


def testbed_ratio(n_bandits: int = 2000, steps: int = 1000) -> dict:
    """Vectorized testbed against a per-bandit Python loop, same work, same run."""

    def vectorized():
        rng = np.random.default_rng(0)
        q = rng.normal(size=(n_bandits, 10))
        Q, N = np.zeros((n_bandits, 10)), np.zeros((n_bandits, 10))
        rows = np.arange(n_bandits)
        for _ in range(steps):
            greedy = Q == Q.max(1, keepdims=True)
            probs = 0.01 + 0.9 * greedy / greedy.sum(1, keepdims=True)
            a = (probs.cumsum(1) > rng.random((n_bandits, 1))).argmax(1)
            r = rng.normal(q[rows, a], 1.0)
            N[rows, a] += 1
            Q[rows, a] += (r - Q[rows, a]) / N[rows, a]

    def looped():
        rng = np.random.default_rng(0)
        for _ in range(n_bandits):
            q = rng.normal(size=10)
            Q, N = np.zeros(10), np.zeros(10)
            for _ in range(steps):
                greedy = np.flatnonzero(Q == Q.max())
                a = rng.integers(10) if rng.random() < 0.1 else rng.choice(greedy)
                r = rng.normal(q[a], 1.0)
                N[a] += 1
                Q[a] += (r - Q[a]) / N[a]

    timings = {}
    for name, fn in (("vectorized", vectorized), ("python loop", looped)):
        started = time.perf_counter()
        fn()
        timings[name] = time.perf_counter() - started
    timings["ratio"] = timings["python loop"] / timings["vectorized"]
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bandits", type=int, default=2000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--write", action="store_true", help="write its section of RESULTS.md")
    args = parser.parse_args()
    started = datetime.now(timezone.utc)
    t = testbed_ratio(args.bandits, args.steps)
    text = (
        f"{args.bandits} bandits x {args.steps} steps, epsilon-greedy, same work in the same "
        f"run: vectorized {t['vectorized']:.2f} s, per-bandit Python loop "
        f"{t['python loop']:.1f} s (ratio {t['ratio']:.0f}x)."
    )
    print(text)
    if args.write:
        title = "Bandit testbed: vectorized against a loop"
        write_section("bandits_testbed", title, [text], started)


if __name__ == "__main__":
    main()
