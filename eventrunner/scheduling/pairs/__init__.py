"""1:1 rounds: the planner for meetings of two (and the odd trio), in index form.

The face of the package is `solve_pairs` (construct, bound, improve) and `upper_bound`.
Inside: `construct` (the first plan: fairness-aware round-by-round matching), `circle` (the
circle method near the maximum number of rounds), `seating` and `matching` (one round under
the hard rules, by max-weight matching), `improve` (exact re-seating of one round at a time),
`lns` (CP-SAT neighbourhoods over two rounds), `tracker` (the best plan so far and its
reports), `bound` (the LP bound) and `solve` (the phases in order). Byes come from
`scheduling.byes`, utilities from `scheduling.fairness`.
"""

from __future__ import annotations

from eventrunner.scheduling.pairs.bound import upper_bound
from eventrunner.scheduling.pairs.solve import Solved, solve_pairs

__all__ = ["Solved", "solve_pairs", "upper_bound"]
