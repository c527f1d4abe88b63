"""The legal time limits of petitions and citizen reception, as data (data/legal/*.yaml; issue 13, point 3).

SKELETON: the loader, the schema and the counting are the legal-rules part's work. The interface other parts
call is fixed here:

- `rule(code) -> LegalRule` (KeyError for an unknown code);
- `rules_starting(kind, event) -> list[LegalRule]`: the rules that start counting at `event` ("received",
  "accepted", "reception", ...) for a petition of `kind` ("complaint", "denunciation", "petition", "feedback",
  or "reception" for the secretary's written answer);
- `due_date(rule, start) -> date` and `extended_due_date(rule, start) -> date | None`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LegalRule:
    code: str
    title: str
    law: str
    article: str
    status: str  # "verified" (checked against the text) or "reading"
    counts: str  # "working_days" or "calendar_days"
    days: int
    starts: str  # the event it counts from
    ends: str  # the event that meets it
    applies_to: tuple[str, ...]
    extension_days: int | None = None


def rule(code: str) -> LegalRule:
    raise KeyError(code)


def rules_starting(kind: str, event: str) -> list[LegalRule]:
    return []


def due_date(rule: LegalRule, start: dt.date) -> dt.date:
    raise NotImplementedError


def extended_due_date(rule: LegalRule, start: dt.date) -> dt.date | None:
    return None
