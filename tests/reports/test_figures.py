"""A figure is a whole number from 0 to 1,000,000,000; anything else is named with its reason."""

from __future__ import annotations

from decimal import Decimal

import pytest

from phoihop.reports.domain.figures import MAX_COUNT, to_count


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("  ", None),
        (0, 0),
        ("12", 12),
        ("1 200", 1200),
        (12.0, 12),
        ("12,0", 12),
        (MAX_COUNT, MAX_COUNT),
        (str(MAX_COUNT), MAX_COUNT),
        (MAX_COUNT + 1, "quá lớn (tối đa 1.000.000.000)"),
        ("1e5000", "quá lớn (tối đa 1.000.000.000)"),
        (float("inf"), "phải là số"),
        (float("nan"), "phải là số"),
        (Decimal("Infinity"), "phải là số"),
        ("inf", "phải là số"),
        ("mười hai", "phải là số"),
        (True, "phải là số"),
        (-1, "phải là số nguyên không âm"),
        ("1.5", "phải là số nguyên không âm"),
        ("1e-5000", "phải là số nguyên không âm"),
    ],
)
def test_to_count(value, expected):
    assert to_count(value) == expected
