"""Permission-scoped accessors for report slots; due(now) for the sweep.

A reporting body sees its own slots; the receiving body sees every slot addressed to it; a body named by a
copy-to duty sees the slots it received a copy of. Nobody else sees anything (pages answer 404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from phoihop.common.clock import local_date

from .enums import SlotState
from .models import ReportCopy, ReportRequest, ReportSlot, ReportSubmission


def _org(user: Any) -> int | None:
    if not user.is_authenticated or not user.organization_id:
        return None
    return int(user.organization_id)


def visible_to(user: Any) -> QuerySet[ReportSlot]:
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    copied = ReportCopy.objects.filter(copy_to_id=org).values("slot_id")
    return ReportSlot.objects.filter(Q(reporter_id=org) | Q(receiver_id=org) | Q(pk__in=copied))


def own_slots(user: Any) -> QuerySet[ReportSlot]:
    """Slots the user's organisation must send."""
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    return ReportSlot.objects.filter(reporter_id=org)


def received_slots(user: Any) -> QuerySet[ReportSlot]:
    """Slots addressed to the user's organisation."""
    org = _org(user)
    if org is None:
        return ReportSlot.objects.none()
    return ReportSlot.objects.filter(receiver_id=org)


def copies_for(user: Any) -> QuerySet[ReportCopy]:
    org = _org(user)
    if org is None:
        return ReportCopy.objects.none()
    return ReportCopy.objects.filter(copy_to_id=org)


def requests_of(user: Any) -> QuerySet[ReportRequest]:
    org = _org(user)
    if org is None:
        return ReportRequest.objects.none()
    return ReportRequest.objects.filter(receiver_id=org)


def submissions_visible_to(user: Any) -> QuerySet[ReportSubmission]:
    """Versions the user may read: every version of its own slots; sent versions of slots it receives or
    received a copy of (drafts stay inside the reporting body)."""
    org = _org(user)
    if org is None:
        return ReportSubmission.objects.none()
    return ReportSubmission.objects.filter(
        Q(slot__reporter_id=org) | Q(slot__in=visible_to(user).values("pk"), state="sent")
    )


def opening(now: dt.datetime) -> QuerySet[ReportSlot]:
    """Slots not due yet whose reporting window has opened."""
    today = local_date(now)
    return ReportSlot.objects.filter(state=SlotState.NOT_DUE, opens_on__lte=today, due_on__gte=today)


def due(now: dt.datetime) -> QuerySet[ReportSlot]:
    """Slots with nothing sent whose last on-time day has ended (indexed on state, due_on)."""
    return ReportSlot.objects.filter(state__in=[SlotState.NOT_DUE, SlotState.DUE], due_on__lt=local_date(now))
