"""Yearly evaluation of one regulation from the system's own data (000 Art. 7.1, 001 Art. 17.3, 002 IV.2,
003 Art. 6.3, 004 Art. 6.2): for one calendar year, one row per party body with what it did under the
regulation — requests sent and received, answers on time or late, extensions, deemed consents, escalations,
reports on time, late or missing — and the totals. The lead body uses it to write its review.

What is counted
- Every version of the regulation (same code) counts: work keeps the version it was created under.
- Requests by the local (Asia/Ho_Chi_Minh) date they were signed and sent; drafts never sent do not count.
  Their deliveries, answers, extensions, deemed consents and escalations count in the year of the request.
- Report slots by the year of their last on-time day (due_on).
- "On time" is "on or before the deadline day" (the deadline ends at 24:00 local time); for an answer the
  deadline is the current one, i.e. the new date after an extension notice.
- Open and overdue deliveries, missing and pending reports are as of `today`.

Queries: a fixed number whatever the number of bodies (the versions with their parties and duties, one
aggregate query per source, the bodies) — every figure is a COUNT … FILTER grouped by body in the database.

Who sees what (evaluation_for / access_for): the lead body's members, the members of the body the evaluation
is reported to (the receiver of the regulation's evaluation duty; without one, the authority the regulation
names) and system administrators see every row; a partner body's members see their own body's row only;
anyone else gets EvaluationNotFound (pages and API answer 404).

More capabilities add their own figures with register_source(): a Source names its metrics and returns, in
one query, {organisation id: {metric key: count}}.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.common.clock import local_date
from phoihop.common.errors import DomainError
from phoihop.consultations.enums import ANSWERED_KINDS, OPEN_DELIVERY_STATES, DeliveryState, RequestState
from phoihop.consultations.models import CoordinationRequest, Delivery
from phoihop.organizations.models import Organization
from phoihop.regulations.enums import PartyRole, ReportPeriod
from phoihop.regulations.models import EvaluationDuty, Regulation

from ..models import ReportSlot
from .schedule import MAX_YEAR, MIN_YEAR

__all__ = [
    "METRICS",
    "SOURCES",
    "Access",
    "BodyRow",
    "Evaluation",
    "EvaluationNotFound",
    "Metric",
    "Scope",
    "Source",
    "access_for",
    "evaluable_regulations",
    "evaluate",
    "evaluation_duty",
    "evaluation_for",
    "parse_year",
    "register_source",
    "rows_visible_to",
]

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


# --- metrics and their sources -------------------------------------------------------------------------


@dataclass(frozen=True)
class Metric:
    key: str
    label: Any  # a lazy Vietnamese string
    group: str  # the name of the Source that computes it
    help: Any = ""


@dataclass(frozen=True)
class Bounds:
    """The year being evaluated and the day the open items are judged on."""

    code: str
    year: int
    today: dt.date
    only: int | None = None  # one organisation's figures only (a partner's own row)

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, 1, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, 12, 31)

    @property
    def start(self) -> dt.datetime:
        """00:00 local time on 1 January."""
        return timezone.make_aware(dt.datetime(self.year, 1, 1))

    @property
    def end(self) -> dt.datetime:
        """00:00 local time on 1 January of the next year (exclusive)."""
        return timezone.make_aware(dt.datetime(self.year + 1, 1, 1))


Figures = dict[int, dict[str, int]]


@dataclass(frozen=True)
class Source:
    """One capability's figures: its metrics and one grouped query returning {org id: {key: count}}."""

    name: str
    group_label: Any
    metrics: tuple[Metric, ...]
    compute: Callable[[Bounds], Figures]


def _rows(qs: Any, by: str, keys: Iterable[str]) -> Figures:
    keys = list(keys)
    return {row[by]: {k: int(row[k]) for k in keys} for row in qs}


# metric groups: the source that computes them
REQUESTS = "requests"
DELIVERIES = "deliveries"
REPORTS = "reports"


def _requests(b: Bounds) -> Figures:
    qs = CoordinationRequest.objects.filter(regulation__code=b.code, sent_at__gte=b.start, sent_at__lt=b.end)
    if b.only is not None:
        qs = qs.filter(sender_id=b.only)
    agg = (
        qs.values("sender_id")
        .annotate(
            requests_sent=Count("pk"),
            requests_withdrawn=Count("pk", filter=Q(state=RequestState.WITHDRAWN)),
            escalations=Count("escalation"),
        )
        .order_by()
    )
    return _rows(agg, "sender_id", ("requests_sent", "requests_withdrawn", "escalations"))


def _deliveries(b: Bounds) -> Figures:
    qs = Delivery.objects.filter(
        request__regulation__code=b.code, request__sent_at__gte=b.start, request__sent_at__lt=b.end
    )
    if b.only is not None:
        qs = qs.filter(recipient_id=b.only)
    answered_day = TruncDate("answered_at", tzinfo=timezone.get_default_timezone())
    answered = Q(state=DeliveryState.ANSWERED)
    expects_answer = Q(request__kind__in=list(ANSWERED_KINDS))
    open_ = Q(state__in=list(OPEN_DELIVERY_STATES)) & expects_answer
    agg = (
        qs.values("recipient_id")
        .annotate(
            requests_received=Count("pk"),
            answered_on_time=Count(
                "pk",
                filter=answered
                & (Q(deadline__isnull=True) | Q(LessThanOrEqual(answered_day, F("deadline")))),
            ),
            answered_late=Count(
                "pk",
                filter=answered & Q(deadline__isnull=False) & Q(GreaterThan(answered_day, F("deadline"))),
            ),
            extensions=Count("pk", filter=Q(extension_notified_at__isnull=False)),
            deemed_consents=Count("pk", filter=Q(state=DeliveryState.DEEMED_CONSENT)),
            open_in_time=Count("pk", filter=open_ & (Q(deadline__isnull=True) | Q(deadline__gte=b.today))),
            open_overdue=Count("pk", filter=open_ & Q(deadline__lt=b.today)),
        )
        .order_by()
    )
    keys = (
        "requests_received",
        "answered_on_time",
        "answered_late",
        "extensions",
        "deemed_consents",
        "open_in_time",
        "open_overdue",
    )
    return _rows(agg, "recipient_id", keys)


def _report_slots(b: Bounds) -> Figures:
    qs = ReportSlot.objects.filter(regulation__code=b.code, due_on__gte=b.first_day, due_on__lte=b.last_day)
    if b.only is not None:
        qs = qs.filter(reporter_id=b.only)
    sent = Q(first_sent_at__isnull=False)
    unsent = Q(first_sent_at__isnull=True)
    agg = (
        qs.values("reporter_id")
        .annotate(
            reports_due=Count("pk"),
            reports_on_time=Count("pk", filter=sent & Q(late=False)),
            reports_late=Count("pk", filter=sent & Q(late=True)),
            reports_missing=Count("pk", filter=unsent & Q(due_on__lt=b.today)),
            reports_pending=Count("pk", filter=unsent & Q(due_on__gte=b.today)),
        )
        .order_by()
    )
    keys = ("reports_due", "reports_on_time", "reports_late", "reports_missing", "reports_pending")
    return _rows(agg, "reporter_id", keys)


def _m(key: str, label: Any, group: str, help_: Any = "") -> Metric:
    return Metric(key, label, group, help_)


SOURCES: list[Source] = [
    Source(
        "requests",
        _("Đề nghị phối hợp (cơ quan đề nghị)"),
        (
            _m(
                "requests_sent",
                _("Đề nghị đã gửi"),
                REQUESTS,
                _("Văn bản đề nghị đã ký, gửi trong năm (kể cả văn bản sau đó bị thu hồi)."),
            ),
            _m("requests_withdrawn", _("Đề nghị đã thu hồi"), REQUESTS),
            _m(
                "escalations",
                _("Báo cáo cấp có thẩm quyền"),
                REQUESTS,
                _("Đề nghị còn ý kiến khác nhau đã được báo cáo cấp có thẩm quyền quyết định."),
            ),
        ),
        _requests,
    ),
    Source(
        "deliveries",
        _("Đề nghị nhận được (cơ quan được đề nghị)"),
        (
            _m("requests_received", _("Đề nghị nhận được"), DELIVERIES),
            _m(
                "answered_on_time",
                _("Trả lời đúng hạn"),
                DELIVERIES,
                _("Trả lời trước 24:00 ngày hết hạn (hạn mới nếu đã báo gia hạn)."),
            ),
            _m("answered_late", _("Trả lời sau hạn"), DELIVERIES),
            _m(
                "extensions",
                _("Báo gia hạn"),
                DELIVERIES,
                _("Số lần cơ quan được đề nghị thông báo cần thêm thời gian."),
            ),
            _m(
                "deemed_consents",
                _("Coi như đồng ý"),
                DELIVERIES,
                _("Quá hạn không trả lời: coi như đồng ý, cùng chịu trách nhiệm."),
            ),
            _m("open_in_time", _("Chờ trả lời, còn hạn"), DELIVERIES),
            _m("open_overdue", _("Quá hạn, chưa trả lời"), DELIVERIES),
        ),
        _deliveries,
    ),
    Source(
        "reports",
        _("Báo cáo (cơ quan báo cáo)"),
        (
            _m(
                "reports_due",
                _("Báo cáo phải gửi"),
                REPORTS,
                _("Kỳ báo cáo có hạn gửi trong năm."),
            ),
            _m("reports_on_time", _("Báo cáo đúng hạn"), REPORTS),
            _m("reports_late", _("Báo cáo trễ hạn"), REPORTS),
            _m("reports_missing", _("Chưa gửi, đã quá hạn"), REPORTS),
            _m("reports_pending", _("Chưa đến hạn"), REPORTS),
        ),
        _report_slots,
    ),
]


def register_source(source: Source) -> None:
    """Add the figures of another capability (e.g. meetings, copies, monitoring) to every evaluation."""
    if any(s.name == source.name for s in SOURCES):
        raise ValueError(f"source {source.name!r} already registered")
    known = {m.key for s in SOURCES for m in s.metrics}
    clash = known & {m.key for m in source.metrics}
    if clash:
        raise ValueError(f"metric keys already used: {sorted(clash)}")
    SOURCES.append(source)


def metrics() -> tuple[Metric, ...]:
    return tuple(m for s in SOURCES for m in s.metrics)


METRICS = metrics()  # the built-in metrics (call metrics() to include registered sources)


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


def _by_code(versions: list[Regulation]) -> dict[str, Parties]:
    grouped: dict[str, list[Regulation]] = {}
    for reg in versions:
        grouped.setdefault(reg.code, []).append(reg)
    return {code: _parties(regs) for code, regs in grouped.items()}


# --- permissions -----------------------------------------------------------------------------------------


class Access(enum.Enum):
    NONE = "none"
    OWN = "own"  # a partner: its own row only
    ALL = "all"  # the lead body, the receiver of the evaluation, system administrators


class Scope(enum.StrEnum):
    ALL = "all"
    OWN = "own"


def _user_pair(user: Any) -> Pair | None:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "organization_id", None):
        return None
    org = user.organization
    return (org.kind, org.level)


def access_for(user: Any, parties: Parties) -> Access:
    if not getattr(user, "is_authenticated", False):
        return Access.NONE
    if getattr(user, "is_system_admin", False):
        return Access.ALL
    pair = _user_pair(user)
    if pair is None:
        return Access.NONE
    if pair in parties.lead or pair in parties.receivers:
        return Access.ALL
    if pair in parties.partners:
        return Access.OWN
    return Access.NONE


@dataclass(frozen=True)
class EvaluableRegulation:
    regulation: Regulation  # the current version
    duty: EvaluationDuty | None
    access: Access


def evaluable_regulations(user: Any) -> list[EvaluableRegulation]:
    """The regulations (current versions, by code) this user may evaluate, in three queries."""
    if not getattr(user, "is_authenticated", False):
        return []
    out = []
    for parties in _by_code(_versions()).values():
        access = access_for(user, parties)
        if access is not Access.NONE:
            out.append(EvaluableRegulation(parties.current, parties.duty, access))
    return sorted(out, key=lambda e: e.regulation.code)


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


def _totals(rows: Iterable[BodyRow], ms: Sequence[Metric]) -> dict[str, int]:
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


def _evaluate(parties: Parties, year: int, today: dt.date, only: int | None) -> Evaluation:
    bounds = Bounds(parties.current.code, year, today, only)
    ms = metrics()
    figures: dict[int, dict[str, int]] = {}
    for source in SOURCES:
        for org_id, values in source.compute(bounds).items():
            figures.setdefault(org_id, {}).update(values)
    rows = []
    for org in _bodies(parties, year, set(figures), only):
        values = {m.key: 0 for m in ms}
        values.update(figures.get(org.pk, {}))
        rows.append(BodyRow(org, parties.role_of((org.kind, org.level)), values, ms))
    rank: dict[str, int] = {PartyRole.LEAD: 0, PartyRole.PARTNER: 1}
    rows.sort(key=lambda r: (rank.get(r.role, 2), r.organization.name, r.organization.pk))
    groups: list[tuple[Any, int]] = [(s.group_label, len(s.metrics)) for s in SOURCES if s.metrics]
    return Evaluation(
        regulation=parties.current,
        versions=parties.versions,
        duty=parties.duty,
        year=year,
        today=today,
        metrics=ms,
        groups=groups,
        rows=rows,
        totals=_totals(rows, ms),
        parties=parties,
        scope=Scope.OWN if only is not None else Scope.ALL,
    )


def _load(code: str) -> Parties:
    versions = _versions([code]) if code else []
    if not versions:
        raise EvaluationNotFound("Không có quy chế này.")
    return _parties(versions)


def evaluate(regulation: Regulation | str, year: int, *, today: dt.date | None = None) -> Evaluation:
    """Every body's row and the totals for one regulation (any version of its code) and one calendar year."""
    code = regulation if isinstance(regulation, str) else regulation.code
    return _evaluate(_load(code), year, today or local_date(timezone.now()), None)


def rows_visible_to(user: Any, evaluation: Evaluation) -> Evaluation:
    """The evaluation as this user may see it: every row, its own body's row only, or EvaluationNotFound.
    Totals are always the sum of the rows shown."""
    access = access_for(user, evaluation.parties)
    if access is Access.NONE:
        raise EvaluationNotFound("Không có quy chế này.")
    if access is Access.ALL:
        return evaluation
    rows = [r for r in evaluation.rows if r.organization.pk == user.organization_id]
    return replace(evaluation, rows=rows, totals=_totals(rows, evaluation.metrics), scope=Scope.OWN)


def evaluation_for(user: Any, code: str, year: int, *, today: dt.date | None = None) -> Evaluation:
    """What the pages and the API show: the permission check comes first (outsiders get EvaluationNotFound
    before any figure is computed) and a partner's figures are computed for its own body only."""
    parties = _load(code)
    access = access_for(user, parties)
    if access is Access.NONE:
        raise EvaluationNotFound("Không có quy chế này.")
    only = None if access is Access.ALL else int(user.organization_id)
    return _evaluate(parties, year, today or local_date(timezone.now()), only)
