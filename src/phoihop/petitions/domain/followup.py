"""Following up transferred petitions until the receiving body reports its result (003 4.1.đ).

SKELETON, the petitions part fills it: `apply_due(now)` flags the transfers whose result is overdue.
"""

from __future__ import annotations

import datetime as dt


def apply_due(now: dt.datetime) -> dict[str, int]:
    return {}
