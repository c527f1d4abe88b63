"""The evaluation's tests use the small province and the five regulations of tests/reports/conftest.py."""

from tests.reports.conftest import at, province, regs, send, slot_of

__all__ = ["at", "province", "regs", "send", "slot_of"]
