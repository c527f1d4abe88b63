"""Every user-visible query of citizen reception (the permission surface; rules.py decides).

Who sees: the users of the body that received, and those of its superior body (read only); nobody else."""

from __future__ import annotations

import base64
import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Q, QuerySet, Sum

from phoihop.accounts.models import User
from phoihop.common.keyset import BadCursor, Page
from phoihop.formats.vi.collation import sorted_vi
from phoihop.officials.models import Official
from phoihop.organizations.models import Organization

from . import rules
from .enums import COUNTED_DAY_STATES, AnswerState
from .models import FollowUp, PlannedDay, ReceptionSession, SessionMatter, SessionVisitor
from .schema import Minimum, reception_data

if TYPE_CHECKING:
    from phoihop.accounts.types import Viewer

__all__ = [
    "PAGE_SIZE",
    "REPORT_FIGURES",
    "MonthCheck",
    "day_for",
    "report_figures",
    "day_page",
    "figures",
    "followup_for",
    "followups_of",
    "matters_of",
    "month_bounds",
    "month_check",
    "official_by_id",
    "secretaries_for",
    "session_for",
    "session_page",
    "user_by_id",
    "visible_sessions",
    "visitors_of",
]

PAGE_SIZE = 50


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated:
        return None
    return user.organization_id


def _scope(org: int) -> Q:
    return Q(organization_id=org) | Q(organization__superior_id=org)


def visible_sessions(user: Viewer) -> QuerySet[ReceptionSession]:
    org = _org(user)
    if org is None:
        return ReceptionSession.objects.none()
    return ReceptionSession.objects.filter(_scope(org))


def visible_days(user: Viewer) -> QuerySet[PlannedDay]:
    org = _org(user)
    if org is None:
        return PlannedDay.objects.none()
    return PlannedDay.objects.filter(_scope(org))


def session_for(user: Viewer, pk: int) -> ReceptionSession | None:
    """One session by id if the user sees it (its body decides: one query)."""
    if _org(user) is None:
        return None
    session = (
        ReceptionSession.objects.select_related(
            "organization", "secretary_user", "secretary_official", "planned_day"
        )
        .filter(pk=pk)
        .first()
    )
    if session is None or not rules.sees(user, session.organization_id, session.organization.superior_id):
        return None
    return session


def day_for(user: Viewer, pk: int) -> PlannedDay | None:
    if _org(user) is None:
        return None
    planned = PlannedDay.objects.select_related("organization").filter(pk=pk).first()
    if planned is None or not rules.sees(user, planned.organization_id, planned.organization.superior_id):
        return None
    return planned


def followup_for(user: Viewer, pk: int) -> FollowUp | None:
    if _org(user) is None:
        return None
    row = FollowUp.objects.select_related("session", "session__organization").filter(pk=pk).first()
    if row is None:
        return None
    org = row.session.organization
    return row if rules.sees(user, org.pk, org.superior_id) else None


def visitors_of(session: ReceptionSession) -> QuerySet[SessionVisitor]:
    """The people who came, by their protected identities' handles only."""
    return session.visitors.select_related("identity").only(
        "id", "position", "session_id", "identity__handle"
    )


def matters_of(session: ReceptionSession) -> QuerySet[SessionMatter]:
    return session.matters.order_by("position")


def followups_of(session: ReceptionSession) -> QuerySet[FollowUp]:
    return session.followups.select_related("done_by").order_by("due_on", "id")


# --- keyset pages ----------------------------------------------------------------------------------------------


def _encode(day: dt.date, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{pk}".encode()).decode()


def _decode(cursor: str) -> tuple[dt.date, int]:
    try:
        day, pk = base64.urlsafe_b64decode(cursor.encode()).decode().split("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, UnicodeError) as exc:
        raise BadCursor(cursor) from exc


def session_page(user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[ReceptionSession]:
    """One page of the visible sessions, latest first (held_on, id descending): one query, size + 1 rows."""
    qs = visible_sessions(user).select_related("organization", "secretary_user", "secretary_official")
    if cursor:
        day, pk = _decode(cursor)
        qs = qs.filter(Q(held_on__lt=day) | Q(held_on=day, pk__lt=pk))
    rows = list(qs.order_by("-held_on", "-pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _encode(rows[-1].held_on, rows[-1].pk) if more and rows else None, None)


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    first = first.replace(day=1)
    return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])


def day_page(
    user: Viewer, month: dt.date, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[PlannedDay]:
    """One page of the visible schedule of a month, earliest first (day, id ascending): one query."""
    first, last = month_bounds(month)
    qs = visible_days(user).filter(day__gte=first, day__lte=last)
    qs = qs.select_related("organization", "secretary_user", "secretary_official")
    if cursor:
        day, pk = _decode(cursor)
        qs = qs.filter(Q(day__gt=day) | Q(day=day, pk__gt=pk))
    rows = list(qs.order_by("day", "pk")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows, _encode(rows[-1].day, rows[-1].pk) if more and rows else None, None)


# --- the monthly minimum --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCheck:
    month: dt.date  # its first day
    planned: int  # days planned or held, not cancelled
    minimum: Minimum | None

    @property
    def below(self) -> bool:
        return self.minimum is not None and self.planned < self.minimum.days_per_month


def month_check(organization: Organization, month: dt.date) -> MonthCheck:
    """The days of the body's schedule in a month against the minimum its level owes (one query)."""
    first, last = month_bounds(month)
    planned = (
        PlannedDay.objects.filter(
            organization=organization, day__gte=first, day__lte=last, state__in=COUNTED_DAY_STATES
        )
        .values("day")
        .distinct()
        .count()
    )
    minimum = (
        reception_data().minimum_for(organization.level) if rules.keeps_reception(organization) else None
    )
    return MonthCheck(first, planned, minimum)


# --- pickers ---------------------------------------------------------------------------------------------------


def secretaries_for(user: Viewer) -> list[User]:
    """The users of the user's body a secretary may be picked from, in Vietnamese order."""
    org = _org(user)
    if org is None:
        return []
    rows = User.objects.filter(organization_id=org, is_active=True).only("id", "username", "full_name")
    return sorted_vi(rows, key=lambda u: str(u))


def user_by_id(user: Viewer, pk: int | None) -> User | None:
    if pk is None or _org(user) is None:
        return None
    return User.objects.filter(pk=pk).first()


def official_by_id(user: Viewer, pk: int | None) -> Official | None:
    if pk is None or _org(user) is None:
        return None
    return Official.objects.filter(pk=pk).first()


# --- figures for the periodic reports ---------------------------------------------------------------------------


def figures(organization: Organization | int, period: tuple[dt.date, dt.date]) -> dict[str, int]:
    """What the body's reports say of its head's reception in a period (first and last day included): sessions
    held (of which periodic), people received, matters raised, written answers due in the period, sent on time,
    sent late, still waiting; follow-ups. One query."""
    org = organization if isinstance(organization, int) else organization.pk
    first, last = period
    agg = ReceptionSession.objects.filter(
        organization_id=org, held_on__gte=first, held_on__lte=last
    ).aggregate(
        sessions=Count("pk"),
        periodic=Count("pk", filter=Q(kind="periodic")),
        people=Sum("people_count"),
        matters=Sum("matters_count"),
        answers_due=Count("pk", filter=~Q(answer_state=AnswerState.ON_SPOT)),
        answered_on_spot=Count("pk", filter=Q(answer_state=AnswerState.ON_SPOT)),
        answers_on_time=Count(
            "pk",
            filter=Q(answer_state=AnswerState.SENT, answer_sent_on__lte=F("answer_due_on")),
        ),
        answers_late=Count(
            "pk",
            filter=Q(answer_state=AnswerState.SENT, answer_sent_on__gt=F("answer_due_on")),
        ),
        answers_waiting=Count("pk", filter=Q(answer_state__in=(AnswerState.PENDING, AnswerState.OVERDUE))),
    )
    return {key: int(value or 0) for key, value in agg.items()}


# the figures of `figures` a periodic report shows, in its order, with their Vietnamese labels
REPORT_FIGURES: tuple[tuple[str, str], ...] = (
    ("sessions", "Buổi tiếp công dân"),
    ("periodic", "trong đó: tiếp định kỳ"),
    ("people", "Lượt người được tiếp"),
    ("matters", "Vụ việc được phản ánh"),
    ("answered_on_spot", "Trả lời ngay tại buổi tiếp"),
    ("answers_due", "Phải trả lời bằng văn bản"),
    ("answers_on_time", "Đã trả lời đúng hạn"),
    ("answers_late", "Đã trả lời quá hạn"),
    ("answers_waiting", "Chưa trả lời"),
)


def report_figures(
    organization: Organization | int, period: tuple[dt.date, dt.date]
) -> list[tuple[str, int]]:
    """The body's reception in a report's period as (label, figure) rows (11-QĐi/TW as amended; 004 3.1): empty
    when its head received no one in the period (nothing to report). One query."""
    values = figures(organization, period)
    if not values["sessions"]:
        return []
    return [(label, values[key]) for key, label in REPORT_FIGURES]
