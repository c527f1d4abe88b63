"""Permission-scoped accessors for report slots; due(now) for the sweep; what the report pages and API read.

A reporting body sees its own slots; the receiving body sees every slot addressed to it; a body named by a
copy-to duty sees the slots it received a copy of. Nobody else sees anything (pages answer 404).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, Q, QuerySet

from phoihop.accounts.types import Viewer
from phoihop.audit import queries as audit_queries
from phoihop.audit.models import AuditEvent
from phoihop.common.clock import local_date
from phoihop.common.sql import StateIn
from phoihop.officials.models import SupervisionAssignment
from phoihop.officials.queries import supervised_by
from phoihop.organizations.models import Organization
from phoihop.regulations.models import ReportingObligation

from . import rules
from .enums import NOT_SENT_SLOT_STATES, REMINDED_SLOT_STATES, SlotState
from .models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission


def _org(user: Viewer) -> int | None:
    if not user.is_authenticated or not user.organization_id:
        return None
    return int(user.organization_id)


def visible_to(user: Viewer) -> QuerySet[ReportSlot]:
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    copied = ReportCopy.objects.filter(copy_to_id=org).values("slot_id")
    return ReportSlot.objects.filter(Q(reporter_id=org) | Q(receiver_id=org) | Q(pk__in=copied))


def own_slots(user: Viewer) -> QuerySet[ReportSlot]:
    """Slots the user's organisation must send."""
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    return ReportSlot.objects.filter(reporter_id=org)


def received_slots(user: Viewer) -> QuerySet[ReportSlot]:
    """Slots addressed to the user's organisation."""
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    return ReportSlot.objects.filter(receiver_id=org)


def copies_for(user: Viewer) -> QuerySet[ReportCopy]:
    org = _org(user)
    if org is None:
        return ReportCopy.objects.none()
    return ReportCopy.objects.filter(copy_to_id=org)


def requests_of(user: Viewer) -> QuerySet[ReportRequest]:
    org = _org(user)
    if org is None:
        return ReportRequest.objects.none()
    return ReportRequest.objects.filter(receiver_id=org)


def submissions_visible_to(user: Viewer) -> QuerySet[ReportSubmission]:
    """Versions the user may read: every version of its own slots; sent versions of slots it receives or
    received a copy of (drafts stay inside the reporting body)."""
    org = _org(user)
    if org is None:
        return ReportSubmission.objects.none()
    return ReportSubmission.objects.filter(
        Q(slot__reporter_id=org) | Q(slot__in=visible_to(user).values("pk"), state="sent")
    )


def _day(when: dt.datetime | dt.date) -> dt.date:
    return local_date(when) if isinstance(when, dt.datetime) else when


def opening(when: dt.datetime | dt.date) -> QuerySet[ReportSlot]:
    """Slots not due yet whose reporting window has opened (report_slot_opening_idx: partial, not due)."""
    today = _day(when)
    return ReportSlot.objects.filter(StateIn([SlotState.NOT_DUE]), opens_on__lte=today, due_on__gte=today)


def due(when: dt.datetime | dt.date) -> QuerySet[ReportSlot]:
    """Slots with nothing sent whose last on-time day has ended (report_slot_past_due_idx: partial, not sent)."""
    return ReportSlot.objects.filter(StateIn(NOT_SENT_SLOT_STATES), due_on__lt=_day(when))


def reminders_due(when: dt.datetime | dt.date) -> QuerySet[ReportSlot]:
    """Slots whose stored next reminder date has come (report_slot_remind_idx: partial, the reminded states)."""
    return ReportSlot.objects.filter(StateIn(REMINDED_SLOT_STATES), next_reminder_on__lte=_day(when))


# --- what the pages and the API read about one slot ----------------------------------------------------------


def slot_copies(user: Viewer, slot: ReportSlot) -> QuerySet[ReportCopy]:
    """The copies of a slot the user may see: all of them for the reporting and the receiving body, only the
    ones it received for a body holding a copy (copy_to of every other body stays hidden)."""
    copies = slot.copies.select_related("copy_to", "duty", "submission").order_by("created_at", "pk")
    if rules.slot_permissions(user, slot, draft=None).see_all_copies:
        return copies
    return copies.filter(copy_to_id=_org(user) or 0)


def slot_timeline(slot: ReportSlot, versions: Iterable[ReportSubmission] = ()) -> list[AuditEvent]:
    """The audit events of the slot and of the given versions (pass only versions the viewer may see; its
    drafts' history stays inside the reporting body), oldest first, with their actor, in one query."""
    return list(audit_queries.timeline([slot, *versions]))


def requests_with_slots(user: Viewer) -> QuerySet[ReportRequest]:
    """The user's body's requests with their regulation, template, author, and slots (by reporter name)."""
    slots = ReportSlot.objects.select_related("reporter").order_by("reporter__name", "pk")
    return (
        requests_of(user)
        .select_related("regulation", "obligation", "receiver", "created_by")
        .prefetch_related(Prefetch("slots", queryset=slots))
    )


def obligation(pk: int) -> ReportingObligation | None:
    """A reporting obligation (with its regulation) by id, or None."""
    return ReportingObligation.objects.select_related("regulation").filter(pk=pk).first()


def organizations_named(items: Sequence[str]) -> list[Organization]:
    """The organisations whose code, or id, is one of `items` (a number that is no id matches nothing)."""
    ids = [int(i) for i in items if i.isdecimal() and len(i) < 19]  # isdigit() lets "²" through to int()
    return list(Organization.objects.filter(Q(code__in=items) | Q(pk__in=ids)))


def organizations_among(ids: Iterable[int]) -> QuerySet[Organization]:
    """The given organisations, by level then name (the choices of a form)."""
    return Organization.objects.filter(pk__in=list(ids)).order_by("level", "name")


def supervised_in_period(slot: ReportSlot) -> list[SupervisionAssignment]:
    """The officials the reporting body was assigned to supervise at some time in the slot's period (002 III.1–2;
    its periodic reports list them, IV.3), each with the official and workplace, in alphabetical order: one query
    whatever their number. None for a slot without a period (a report on request). The list is the reporting
    body's own (officials.queries.supervised_by): whoever sees the slot sees what its report lists."""
    if slot.period_start is None or slot.period_end is None:
        return []
    return list(supervised_by(slot.reporter_id, slot.period_start, slot.period_end))
