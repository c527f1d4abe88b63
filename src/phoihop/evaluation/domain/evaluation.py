"""Yearly evaluation of one regulation from the system's own data (000 Art. 7.1, 001 Art. 17.3, 002 IV.2,
003 Art. 6.3, 004 Art. 6.2): for one calendar year, one row per party body with what it did under the
regulation — requests sent and received, answers on time or late, extensions, deemed consents, escalations,
reports on time, late or missing — and the totals. The lead body uses it to write its review.

The figures come from the sources the domain apps register (phoihop.evaluation.sources; what each counts is
said in its app's evaluation.py). What holds for all of them:
- Every version of the regulation (same code) counts: work keeps the version it was created under.
- "On time" is "on or before the deadline day" (the deadline ends at 24:00 local time).
- Open items are judged as of `today`.

Queries: a fixed number whatever the number of bodies (the versions with their parties and duties, one
aggregate query per source, the bodies) — every figure is a COUNT … FILTER grouped by body in the database.

Who sees what is in rules.py (access_for) and queries.py (evaluation_for, rows_visible_to).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.formats.vi.collation import sort_key
from phoihop.organizations.models import Organization
from phoihop.regulations.enums import PartyRole, ReportPeriod
from phoihop.regulations.models import EvaluationDuty, Regulation

from ..enums import Scope
from ..sources import Bounds, Metric, metrics, sources

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "BodyRow",
    "Evaluation",
    "EvaluationNotFound",
    "InvalidYear",
    "Pair",
    "Parties",
    "compute",
    "evaluate",
    "evaluation_duty",
    "load_parties",
    "parse_year",
    "parties_by_code",
    "totals_of",
]

# The years an evaluation may cover (the same range as the reporting schedule's).
MIN_YEAR = 2000
MAX_YEAR = 2100

Pair = tuple[str, str]  # (organisation kind, level)


class EvaluationNotFound(DomainError):
    """Unknown regulation, or one the user may not evaluate (outsiders see nothing: 404)."""

    code = "not_found"
    status = 404


class InvalidYear(DomainError):
    code = "invalid_year"
    status = 400


def parse_year(raw: Any) -> int:
    """The year typed in a URL or a form; a Vietnamese message for anything else."""
    text = str(raw).strip()
    message = f"Năm không hợp lệ: hãy nhập năm gồm 4 chữ số, từ {MIN_YEAR} đến {MAX_YEAR}."
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        raise InvalidYear(message, field="year")
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidYear(message, field="year")
    return year


# --- the regulation: versions, parties, the evaluation duty -------------------------------------------


def evaluation_duty(regulation: Regulation) -> EvaluationDuty | None:
    """The duty under which the lead body evaluates the regulation and reports upward: evaluators include the
    lead body and the receiver is another body; an annual one first. None when the data names none."""
    lead = regulation.lead
    if lead is None:
        return None

    def by_lead(d: EvaluationDuty) -> bool:
        return any(a.get("kind") == lead.kind and a.get("level") == lead.level for a in d.evaluators)

    def upward(d: EvaluationDuty) -> bool:
        # a review whose text names no receiver (000 Art. 7.2) is not the upward evaluation
        return bool(d.receiver_kind) and (d.receiver_kind, d.receiver_level) != (lead.kind, lead.level)

    candidates = [d for d in regulation.evaluation_duties.all() if by_lead(d) and upward(d)]
    annual = [d for d in candidates if d.period == ReportPeriod.ANNUAL]
    chosen = annual or candidates
    return chosen[0] if chosen else None


@dataclass
class Parties:
    """What every version of one code says about who takes part (kind, level pairs)."""

    current: Regulation
    versions: list[Regulation]
    lead: set[Pair]
    partners: set[Pair]
    receivers: set[Pair]  # the evaluation's receiver, or the authority when no duty is modelled
    duty: EvaluationDuty | None

    def role_of(self, pair: Pair) -> str:
        if pair in self.lead:
            return PartyRole.LEAD
        if pair in self.partners:
            return PartyRole.PARTNER
        return ""


def _parties(versions: list[Regulation]) -> Parties:
    current = versions[0]
    lead: set[Pair] = set()
    partners: set[Pair] = set()
    for reg in versions:
        for p in reg.parties.all():
            if p.role == PartyRole.LEAD:
                lead.add((p.kind, p.level))
            elif p.role == PartyRole.PARTNER:
                partners.add((p.kind, p.level))
    duty = next((d for d in (evaluation_duty(v) for v in versions) if d is not None), None)
    if duty is not None:
        receivers = {(duty.receiver_kind, duty.receiver_level)}
    else:
        receivers = {(p.kind, p.level) for p in current.parties.all() if p.role == PartyRole.AUTHORITY}
    return Parties(current, versions, lead, partners - lead, receivers, duty)


def _versions(codes: Sequence[str] | None = None) -> list[Regulation]:
    qs = Regulation.objects.defer("full_text", "data").prefetch_related("parties", "evaluation_duties")
    if codes is not None:
        qs = qs.filter(code__in=list(codes))
    return list(qs.order_by("code", "-version"))


def parties_by_code() -> dict[str, Parties]:
    """The parties of every regulation code, in three queries."""
    grouped: dict[str, list[Regulation]] = {}
    for reg in _versions():
        grouped.setdefault(reg.code, []).append(reg)
    return {code: _parties(regs) for code, regs in grouped.items()}


def load_parties(code: str) -> Parties:
    """The parties of one regulation code; EvaluationNotFound for an unknown code."""
    versions = _versions([code]) if code else []
    if not versions:
        raise EvaluationNotFound("Không có quy chế này.")
    return _parties(versions)


# --- the evaluation --------------------------------------------------------------------------------------


@dataclass
class BodyRow:
    organization: Organization
    role: str
    figures: dict[str, int]
    metrics: tuple[Metric, ...] = field(repr=False, default=())

    @property
    def role_label(self) -> str:
        return str(PartyRole(self.role).label) if self.role else ""

    @property
    def values(self) -> list[int]:
        return [self.figures.get(m.key, 0) for m in self.metrics]


@dataclass
class Evaluation:
    regulation: Regulation  # the current (latest) version
    versions: list[Regulation]
    duty: EvaluationDuty | None
    year: int
    today: dt.date
    metrics: tuple[Metric, ...]
    groups: list[tuple[Any, int]]  # (group label, number of metrics) in column order
    rows: list[BodyRow]
    totals: dict[str, int]
    parties: Parties = field(repr=False, compare=False)
    scope: Scope = Scope.ALL

    @property
    def code(self) -> str:
        return self.regulation.code

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def total_values(self) -> list[int]:
        return [self.totals.get(m.key, 0) for m in self.metrics]

    def row_for(self, organization_id: int) -> BodyRow | None:
        return next((r for r in self.rows if r.organization.pk == organization_id), None)


def totals_of(rows: Iterable[BodyRow], ms: Sequence[Metric]) -> dict[str, int]:
    rows = list(rows)
    return {m.key: sum(r.figures.get(m.key, 0) for r in rows) for m in ms}


def _bodies(parties: Parties, year: int, with_data: set[int], only: int | None) -> list[Organization]:
    """Organisations of a party kind and level active at some point of the year, plus any body with figures."""
    pairs = parties.lead | parties.partners
    cond = Q(pk__in=[])
    for kind, level in sorted(pairs):
        cond |= Q(kind=kind, level=level)
    active = Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=dt.date(year, 1, 1))
    qs = Organization.objects.filter((cond & active) | Q(pk__in=sorted(with_data)))
    if only is not None:
        qs = qs.filter(pk=only)
    return list(qs)


def compute(parties: Parties, year: int, today: dt.date, only: int | None) -> Evaluation:
    """Every body's row (or body `only`'s row) and the totals, from every registered source."""
    bounds = Bounds(parties.current.code, year, today, only)
    registered = list(sources)
    ms = metrics()
    figures: dict[int, dict[str, int]] = {}
    for source in registered:
        for org_id, values in source.compute(bounds).items():
            figures.setdefault(org_id, {}).update(values)
    rows = []
    for org in _bodies(parties, year, set(figures), only):
        values = {m.key: 0 for m in ms}
        values.update(figures.get(org.pk, {}))
        rows.append(BodyRow(org, parties.role_of((org.kind, org.level)), values, ms))
    rank: dict[str, int] = {PartyRole.LEAD: 0, PartyRole.PARTNER: 1}
    rows.sort(key=lambda r: (rank.get(r.role, 2), sort_key(r.organization.name), r.organization.pk))
    groups: list[tuple[Any, int]] = [(s.group_label, len(s.metrics)) for s in registered if s.metrics]
    return Evaluation(
        regulation=parties.current,
        versions=parties.versions,
        duty=parties.duty,
        year=year,
        today=today,
        metrics=ms,
        groups=groups,
        rows=rows,
        totals=totals_of(rows, ms),
        parties=parties,
        scope=Scope.OWN if only is not None else Scope.ALL,
    )


def evaluate(regulation: Regulation | str, year: int, *, today: dt.date | None = None) -> Evaluation:
    """Every body's row and the totals for one regulation (any version of its code) and one calendar year."""
    code = regulation if isinstance(regulation, str) else regulation.code
    return compute(load_parties(code), year, today or local_date(timezone.now()), None)
