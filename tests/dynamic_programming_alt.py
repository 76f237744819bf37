"""A second correct implementation of the dynamic-programming notebook, written differently.

The reference loops over the P table's tuples; this one turns the table into dense
arrays once (transition tensor, expected rewards) and works with matrix products,
as a numpy-first student (or Sutton & Barto's companion code for the gridworld)
would. It must get full marks: the checks may not depend on the loop structure.
"""

ALT_CELLS = {
    "q_from_v": """
        def q_from_v(P, V, gamma):
            n_s, n_a = len(P), len(P[0])
            T = np.zeros((n_s, n_a, n_s))
            R = np.zeros((n_s, n_a))
            for s in range(n_s):
                for a in range(n_a):
                    for p, s2, r, done in P[s][a]:
                        R[s, a] += p * r
                        T[s, a, s2] += 0.0 if done else p
            return R + gamma * np.einsum("ijk,k->ij", T, np.asarray(V, dtype=float))
    """,
    "bellman_expectation_backup": """
        def bellman_expectation_backup(P, V, policy, gamma):
            return np.einsum("ij,ij->i", policy, q_from_v(P, V, gamma))
    """,
    "policy_evaluation": """
        def policy_evaluation(P, policy, gamma, theta=1e-8, in_place=False, max_sweeps=None):
            V = np.zeros(len(P))
            k = 0
            while True:
                if max_sweeps is not None and k >= max_sweeps:
                    return V, k
                before = V.copy()
                if in_place:
                    for s in range(len(P)):
                        V[s] = policy[s] @ q_from_v(P, V, gamma)[s]  # the newest V, state by state
                else:
                    V = bellman_expectation_backup(P, V, policy, gamma)
                k += 1
                if np.linalg.norm(V - before, ord=np.inf) < theta:
                    return V, k
    """,
    "greedy_policy": """
        def greedy_policy(Q, tol=1e-6):
            best = np.isclose(Q, Q.max(axis=1)[:, None], rtol=0.0, atol=tol) | (
                Q >= Q.max(axis=1)[:, None]
            )
            return best.astype(float) / np.count_nonzero(best, axis=1)[:, None]
    """,
    "policy_from_values": """
        def policy_from_values(P, V, gamma, tol=1e-6):
            Q = q_from_v(P, V, gamma)
            return greedy_policy(Q, tol)
    """,
    "policy_iteration": """
        def policy_iteration(P, gamma, theta=1e-8, max_iterations=100):
            pi = np.ones((len(P), len(P[0]))) / len(P[0])
            for i in range(1, max_iterations + 1):
                V = policy_evaluation(P, pi, gamma, theta)[0]
                new_pi = policy_from_values(P, V, gamma)
                if np.allclose(new_pi, pi, atol=0.0, rtol=0.0) or i == max_iterations:
                    return pi, V, i
                pi = new_pi
    """,
    "value_iteration": """
        def value_iteration(P, gamma, theta=1e-8, max_sweeps=10_000):
            V = np.zeros(len(P))
            for sweep in range(1, max_sweeps + 1):
                new = np.max(q_from_v(P, V, gamma), axis=1)
                change, V = np.abs(new - V).max(), new
                if change < theta:
                    break
            return V, sweep
    """,
}
