"""The daily digest (issue 11): a user who chose "Tổng hợp hằng ngày" gets ONE e-mail a working day, from
07:00 local time, listing their notifications written before 07:00 and not yet in a digest.

Never on a day off (weekends, holidays, Tết: the workdays calendar); the notifications of those days wait for the
next working day's digest. Idempotent and safe to run concurrently: the rows are claimed with SELECT … FOR UPDATE
and a conditional UPDATE of `digest_due` (a racing run waits, then finds them claimed), and the e-mail's dedupe
key is one per user per day (`digest:<user>:<day>`). A run costs a fixed number of queries whatever the number of
users: the probe (the only query when nothing is due), the calendar, the rows with their users, one UPDATE, one
INSERT of the e-mails."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from phoihop.accounts.models import EmailNotifications
from phoihop.workdays.queries import current_calendar

from ..models import Notification, OutboundEmail

DIGEST_HOUR = 7  # local time: the digest of a working day goes from 07:00
DIGEST_LISTED = 50  # notifications listed in one digest; the rest are counted, with a link to the list


@dataclass
class DigestResult:
    emails: int = 0  # digests queued
    notifications: int = 0  # notifications taken into a digest (or dropped for a user without e-mail)
    skipped: str = ""  # why nothing ran: "before_hour", "day_off", "" otherwise
    users: list[int] = field(default_factory=list)


def digest_cutoff(now: dt.datetime) -> dt.datetime:
    """07:00 local time of `now`'s local day: the digest lists what was written before it."""
    local = timezone.localtime(now)
    return local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)


def _due(cutoff: dt.datetime) -> list[int]:
    """The probe: is any notification waiting for a digest (one query on notification_digest_due_idx)?"""
    return list(
        Notification.objects.filter(digest_due=True, created_at__lt=cutoff)
        .order_by()
        .values_list("pk", flat=True)[:1]
    )


def send_digests(now: dt.datetime | None = None) -> DigestResult:
    """Queue today's digests (see the module's docstring). Returns what it did."""
    now = now or timezone.now()
    cutoff = digest_cutoff(now)
    result = DigestResult()
    if timezone.localtime(now) < cutoff:
        result.skipped = "before_hour"
        return result
    if not _due(cutoff):
        return result
    day = cutoff.date()
    if not current_calendar().is_working_day(day):
        result.skipped = "day_off"
        return result
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(of=("self",))
            .filter(digest_due=True, created_at__lt=cutoff)
            .select_related("user")
            .only(
                "id",
                "title",
                "url",
                "created_at",
                "user__id",
                "user__username",
                "user__full_name",
                "user__email",
                "user__is_active",
                "user__email_notifications",
            )
            .order_by("user_id", "created_at", "id")
        )
        if not rows:
            return result  # a racing run took them
        Notification.objects.filter(pk__in=[r.pk for r in rows], digest_due=True).update(
            digest_due=False, digested_on=day
        )
        emails = []
        for _user_id, group in groupby(rows, key=lambda r: r.user_id):
            items = list(group)
            user = items[0].user
            if not (user.is_active and user.email and user.email_notifications == EmailNotifications.DIGEST):
                continue  # left the digest or lost the address since: nothing to send
            emails.append(
                OutboundEmail(
                    dedupe_key=f"digest:{user.pk}:{day.isoformat()}",
                    to=user.email,
                    subject=digest_subject(day, len(items)),
                    body=digest_body(str(user), items),
                    next_attempt_at=now,
                )
            )
            result.users.append(user.pk)
        if emails:
            OutboundEmail.objects.bulk_create(emails, ignore_conflicts=True)
    result.emails = len(emails)
    result.notifications = len(rows)
    return result


def digest_subject(day: dt.date, n: int) -> str:
    return f"PhốiHợp — tổng hợp thông báo ngày {day:%d/%m/%Y}: {n} thông báo mới"


def digest_body(name: str, items: list[Notification]) -> str:
    """The digest's text: the notifications oldest first, each with its time and link; past DIGEST_LISTED, how
    many more."""
    lines = [f"Kính gửi {name},", "", "Các thông báo mới của anh/chị trên PhốiHợp:", ""]
    for n in items[:DIGEST_LISTED]:
        when = timezone.localtime(n.created_at)
        lines.append(f"- {when:%d/%m/%Y %H:%M} — {n.title}")
        if n.url:
            lines.append(f"  {n.url}")
    more = len(items) - DIGEST_LISTED
    if more > 0:
        lines.append(f"… và {more} thông báo khác.")
    lines += [
        "",
        f"Xem và đánh dấu đã đọc tại mục Thông báo ({reverse('notification-list')}).",
        f"Đổi cách nhận thư tại Cài đặt thông báo ({reverse('notification-settings')}).",
    ]
    return "\n".join(lines)
