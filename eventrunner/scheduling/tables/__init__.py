"""Tables of 3-4: the social-golfer part of the scheduler, in index form.

The face of the package is `solve_groups` (every round, also with too few usable tables),
`solve_tables` (everyone seated in every round) and `tables_upper_bound`. Inside: `layout`
(table sizes and which seats may take whom), `match` (matched groups that seed a round),
`search` (the tabu search of swaps between two tables), `tally` (exact running figures of a
plan), `bound` (the upper bound on affinity) with `cliques` (its linear programme over whole
tables), `designs` and `cover` (zero-repeat cyclic and doubled designs found at run time),
`seat` (people placed on a design's points), `exact` (CP-SAT proof of the best plan of a small
event), `solve` (first seating, then the search until the time limit) and `dispatch` (the
whole plan, one round at a time when tables run short).
"""

from __future__ import annotations

from eventrunner.scheduling.tables.bound import tables_upper_bound
from eventrunner.scheduling.tables.dispatch import solve_groups
from eventrunner.scheduling.tables.layout import TableLayout, table_layout, table_sizes
from eventrunner.scheduling.tables.solve import solve_tables

__all__ = [
    "TableLayout",
    "solve_groups",
    "solve_tables",
    "table_layout",
    "table_sizes",
    "tables_upper_bound",
]
