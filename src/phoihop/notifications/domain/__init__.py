"""Notifications: in-app rows and an e-mail outbox, both written inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from phoihop.common.errors import Conflict
from phoihop.common.transitions import Machine, transition

from ..enums import CLAIM_LEASE_SECONDS, EMAIL_TRANSITIONS, MAX_EMAIL_ATTEMPTS, EmailState
from ..models import Notification, OutboundEmail

if TYPE_CHECKING:
    from phoihop.accounts.models import User

log = logging.getLogger(__name__)


def notify(
    users: Iterable[User],
    *,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str,
    email: bool = True,
    already: set[int] | None = None,
) -> int:
    """Notify each user once per dedupe_key (in-app, and by e-mail when the user has an address).

    Call inside the transaction that makes the change, so the outbox row commits (or rolls back) with it.
    `already`: the ids of the users notified for this key, when the caller read them for many keys at once
    (`notified_for`); a user notified in between is still caught by the unique constraint below.
    Returns the number of users newly notified.
    """
    users = [u for u in users]
    if not users:
        return 0
    now = timezone.now()
    if already is None:
        already = notified_for([dedupe_key], [u.pk for u in users])[dedupe_key]
    fresh = list({u.pk: u for u in users if u.pk not in already}.values())
    if not fresh:
        return 0
    try:
        # Fast path: one INSERT for every user (the sweep notifies whole bodies; bench/ measured 7 queries a
        # user before). A concurrent writer of the same event makes it fail as a whole: fall back to one
        # savepoint per user so that each user is still notified exactly once.
        with transaction.atomic():
            Notification.objects.bulk_create(
                [
                    Notification(user=u, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key)
                    for u in fresh
                ]
            )
    except IntegrityError:
        fresh = [u for u in fresh if _notify_one(u, kind, title, body, url, dedupe_key)]
    if email:
        OutboundEmail.objects.bulk_create(
            [
                OutboundEmail(
                    dedupe_key=f"{dedupe_key}:{u.pk}",
                    to=u.email,
                    subject=title[:255],
                    body=f"{body}\n\n{url}".strip(),
                    next_attempt_at=now,
                )
                for u in fresh
                if u.email
            ],
            ignore_conflicts=True,  # the unique dedupe key: an e-mail is never queued twice
        )
    return len(fresh)


def notified_for(dedupe_keys: Iterable[str], user_ids: Iterable[int]) -> dict[str, set[int]]:
    """Which of these users were notified for each of these keys (one query, on the unique (user, key) index):
    what `notify(already=...)` takes, read once for a batch."""
    keys, users = list(dedupe_keys), list(user_ids)
    found: dict[str, set[int]] = {key: set() for key in keys}
    if not keys or not users:
        return found
    rows = Notification.objects.filter(user__in=users, dedupe_key__in=keys).order_by()
    for user_id, key in rows.values_list("user_id", "dedupe_key"):
        found[key].add(user_id)
    return found


def _notify_one(user: User, kind: str, title: str, body: str, url: str, dedupe_key: str) -> bool:
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user, kind=kind, title=title, body=body, url=url, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return False  # already notified for this event
    return True


@dataclass
class OutboxResult:
    sent: int = 0
    retried: int = 0
    failed: int = 0


OUTBOX: Machine[OutboundEmail, str] = Machine(
    model=OutboundEmail,
    table=EMAIL_TRANSITIONS,
    label=lambda s: str(EmailState(s).label),
    refused="Không thể chuyển thư từ trạng thái “{old}” sang “{new}”.",
    lost_race="Thư vừa được một lượt gửi khác xử lý.",
)


def _claimable(now: dt.datetime) -> Q:
    """Due e-mails, and e-mails whose claim's lease ran out; only along the table's edges into SENDING."""
    due = Q(state=EmailState.PENDING, next_attempt_at__lte=now) | Q(
        state=EmailState.SENDING, claimed_until__lt=now
    )
    return Q(state__in=OUTBOX.sources(EmailState.SENDING)) & due


def _claim(email_id: int, now: dt.datetime) -> bool:
    """Claim one e-mail with a conditional UPDATE: only one worker wins."""
    lease = now + dt.timedelta(seconds=CLAIM_LEASE_SECONDS)
    return (
        OutboundEmail.objects.filter(_claimable(now), pk=email_id).update(
            state=EmailState.SENDING, claimed_until=lease
        )
        == 1
    )


def _settle(email: OutboundEmail, state: EmailState, **fields: Any) -> None:
    """The claimer's outcome (sent, back to pending for a retry, failed), only while the e-mail is still being
    sent; nothing is written when another run settled it in between."""
    try:
        transition(OUTBOX, email, state, fields=fields)
    except Conflict:
        log.info("e-mail %s was settled by another run", email.pk)


OUTBOX_BATCH = 1000


def outbox_probe(now: dt.datetime, limit: int = OUTBOX_BATCH) -> Any:
    """The ids of the e-mails due now, oldest first: the sweep step's one query when nothing is due (on the
    (state, next_attempt_at) index: sent and failed rows, the bulk of the table, are never read)."""
    return (
        OutboundEmail.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_outbox(now: dt.datetime | None = None, limit: int = OUTBOX_BATCH) -> OutboxResult:
    """Send due e-mails, up to `limit` per run over ONE SMTP connection (a connection per message capped the
    outbox at about 200 a minute). Safe to run concurrently: each row is claimed before it is sent."""
    now = now or timezone.now()
    result = OutboxResult()
    due_ids = list(outbox_probe(now, limit))
    if not due_ids:
        return result
    connection = get_connection(fail_silently=False)
    try:
        for email_id in due_ids:
            if not _claim(email_id, now):
                continue
            email = OutboundEmail.objects.get(pk=email_id)
            try:
                connection.open()  # a no-op while the connection is open: one connection for the batch
                EmailMessage(email.subject, email.body, None, [email.to], connection=connection).send()
            except Exception as exc:
                connection.close()  # the next message opens a new connection
                attempts = email.attempts + 1
                final = attempts >= MAX_EMAIL_ATTEMPTS
                _settle(
                    email,
                    EmailState.FAILED if final else EmailState.PENDING,
                    attempts=attempts,
                    last_error=str(exc)[:2000],
                    claimed_until=None,
                    next_attempt_at=now + dt.timedelta(minutes=2**attempts),
                )
                log.warning("e-mail %s to %s failed (attempt %s): %s", email_id, email.to, attempts, exc)
                if final:
                    result.failed += 1
                else:
                    result.retried += 1
                continue
            _settle(
                email,
                EmailState.SENT,
                attempts=email.attempts + 1,
                sent_at=timezone.now(),
                claimed_until=None,
            )
            result.sent += 1
    finally:
        connection.close()
    return result
