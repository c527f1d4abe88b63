"""Notifications: in-app rows and an e-mail outbox, both written inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from phoihop.accounts import models as accounts_models
from phoihop.accounts.models import EmailNotifications
from phoihop.common.errors import Conflict
from phoihop.common.transitions import Machine, transition

from ..enums import CLAIM_LEASE_SECONDS, EMAIL_TRANSITIONS, MAX_EMAIL_ATTEMPTS, EmailState
from ..models import Notification, OutboundEmail

if TYPE_CHECKING:
    from phoihop.accounts.models import User

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One event to notify: `notify`'s arguments, for `notify_many`."""

    users: Sequence[User]
    kind: str
    title: str
    dedupe_key: str
    body: str = ""
    url: str = ""
    email: bool = True
    already: set[int] | None = None  # as notify(already=...)


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
    """Notify each user once per dedupe_key (in-app, and by e-mail when the user has an address, as the user
    chose: at once, in the working day's digest (`digest.send_digests`) or not at all).

    Call inside the transaction that makes the change, so the outbox row commits (or rolls back) with it.
    `already`: the ids of the users notified for this key, when the caller read them for many keys at once
    (`notified_for`); a user notified in between is still caught by the unique constraint below.
    Returns the number of users newly notified.
    """
    notice = Notice(list(users), kind, title, dedupe_key, body, url, email, already)
    return notify_many([notice])


def notify_many(notices: Iterable[Notice]) -> int:
    """`notify` for many events at once (a sweep step's chunk, issue 10 cause 4): one read of who was already
    notified (only for the notices whose `already` is not given), one INSERT of every notification and one of
    every e-mail. A concurrent writer of one of these events makes the notifications' INSERT fail as a whole:
    then each (user, event) is written in its own savepoint, so that each user is still notified exactly once.
    Call inside the transaction that makes the change. Returns the number of (user, event) newly notified."""
    notices = [n for n in notices if n.users]
    if not notices:
        return 0
    unread = [n for n in notices if n.already is None]
    read = (
        notified_for([n.dedupe_key for n in unread], {u.pk for n in unread for u in n.users})
        if unread
        else {}
    )
    fresh: list[tuple[Notice, User]] = []
    for n in notices:
        already = n.already if n.already is not None else read[n.dedupe_key]
        users = {u.pk: u for u in n.users if u.pk not in already}
        fresh.extend((n, u) for u in users.values())
    if not fresh:
        return 0
    now = timezone.now()
    wants = _email_preferences([u for _, u in fresh])
    try:
        # Fast path: one INSERT for every (user, event) (bench/ measured 7 queries a user before).
        with transaction.atomic():
            Notification.objects.bulk_create(
                [
                    Notification(
                        user=u,
                        kind=n.kind,
                        title=n.title,
                        body=n.body,
                        url=n.url,
                        dedupe_key=n.dedupe_key,
                        digest_due=_digest_due(n, u, wants),
                    )
                    for n, u in fresh
                ]
            )
    except IntegrityError:
        fresh = [(n, u) for n, u in fresh if _notify_one(n, u, _digest_due(n, u, wants))]
    OutboundEmail.objects.bulk_create(
        [
            OutboundEmail(
                dedupe_key=f"{n.dedupe_key}:{u.pk}",
                to=u.email,
                subject=n.title[:255],
                body=f"{n.body}\n\n{n.url}".strip(),
                next_attempt_at=now,
            )
            for n, u in fresh
            if n.email and u.email and wants.get(u.pk) == EmailNotifications.IMMEDIATE
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


def _email_preferences(users: Iterable[User]) -> dict[int, str]:
    """Each user's e-mail preference (accounts.User.email_notifications), read from the loaded users; the users
    loaded without that field (`.only(...)`) are read in ONE query, never one a user."""
    wants: dict[int, str] = {}
    missing: list[int] = []
    for u in users:
        if "email_notifications" in u.get_deferred_fields():
            missing.append(u.pk)
        else:
            wants[u.pk] = u.email_notifications
    if missing:
        wants.update(
            accounts_models.User.objects.filter(pk__in=missing).values_list("pk", "email_notifications")
        )
    return wants


def _digest_due(notice: Notice, user: User, wants: dict[int, str]) -> bool:
    """Whether this notification waits for its user's daily digest (an e-mail notice to a digest user with an
    address)."""
    return bool(notice.email and user.email and wants.get(user.pk) == EmailNotifications.DIGEST)


def _notify_one(notice: Notice, user: User, digest_due: bool) -> bool:
    try:
        with transaction.atomic():
            Notification.objects.create(
                user=user,
                kind=notice.kind,
                title=notice.title,
                body=notice.body,
                url=notice.url,
                dedupe_key=notice.dedupe_key,
                digest_due=digest_due,
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


OUTBOX_BATCH = 1000  # the probe's default (the sweep's nothing-due check); a run's own cap is a setting


def outbox_probe(now: dt.datetime, limit: int = OUTBOX_BATCH) -> Any:
    """The ids of the e-mails due now, oldest first: the sweep step's one query when nothing is due (on the
    (state, next_attempt_at) index: sent and failed rows, the bulk of the table, are never read)."""
    return (
        OutboundEmail.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


# E-mails claimed, loaded and settled together: a claim's lease (CLAIM_LEASE_SECONDS) must outlast the sending
# of its batch, so a run claims this many at a time rather than its whole `limit`.
OUTBOX_CLAIM_BATCH = 100


def _claim_batch(email_ids: list[int], now: dt.datetime) -> list[OutboundEmail]:
    """Claim these e-mails with ONE conditional UPDATE (only those still claimable: one worker wins each), marked
    with this claim's token, then load the ones this claim won (one query)."""
    lease = now + dt.timedelta(seconds=CLAIM_LEASE_SECONDS)
    token = uuid.uuid4().hex
    claimed = OutboundEmail.objects.filter(_claimable(now), pk__in=email_ids).update(
        state=EmailState.SENDING, claimed_until=lease, claimed_by=token
    )
    if not claimed:
        return []
    return list(
        OutboundEmail.objects.filter(pk__in=email_ids, claimed_by=token).order_by("next_attempt_at", "pk")
    )


def _settle_sent(emails: list[OutboundEmail], at: dt.datetime) -> None:
    """The sent ones of a batch in ONE UPDATE, only those still being sent (the `_settle` of each, in bulk)."""
    if not emails:
        return
    OUTBOX.check(EmailState.SENDING, EmailState.SENT)
    OutboundEmail.objects.filter(OUTBOX.in_state(EmailState.SENDING), pk__in=[e.pk for e in emails]).update(
        state=EmailState.SENT, attempts=F("attempts") + 1, sent_at=at, claimed_until=None
    )


def deliver_outbox(
    now: dt.datetime | None = None, limit: int | None = None, seconds: float | None = None
) -> OutboxResult:
    """Send due e-mails, up to `limit` per run (settings.EMAIL_OUTBOX_PER_RUN) over ONE SMTP connection (a
    connection per message capped the outbox at about 200 a minute). Safe to run concurrently: each row is
    claimed before it is sent. Batches of OUTBOX_CLAIM_BATCH: one UPDATE claims them, one query loads them, one
    UPDATE settles the sent ones (a failed one is settled on its own): the queries do not grow with the number
    of e-mails (issue 10, cause 4). After `seconds` (settings.EMAIL_OUTBOX_SECONDS) of sending, no further
    batch is claimed: what is left goes out in the next run."""
    now = now or timezone.now()
    limit = settings.EMAIL_OUTBOX_PER_RUN if limit is None else limit
    seconds = settings.EMAIL_OUTBOX_SECONDS if seconds is None else seconds
    result = OutboxResult()
    due_ids = list(outbox_probe(now, limit))
    if not due_ids:
        return result
    started = time.monotonic()
    connection = get_connection(fail_silently=False)
    try:
        for start in range(0, len(due_ids), OUTBOX_CLAIM_BATCH):
            if start and time.monotonic() - started >= seconds:
                break  # the rest stays pending (unclaimed) for the next run
            sent: list[OutboundEmail] = []
            for email in _claim_batch(due_ids[start : start + OUTBOX_CLAIM_BATCH], now):
                try:
                    connection.open()  # a no-op while the connection is open: one connection for the batch
                    EmailMessage(email.subject, email.body, None, [email.to], connection=connection).send()
                except Exception as exc:
                    connection.close()  # the next message opens a new connection
                    _failed(email, exc, now, result)
                    continue
                sent.append(email)
            _settle_sent(sent, timezone.now())
            result.sent += len(sent)
    finally:
        connection.close()
    return result


def _failed(email: OutboundEmail, exc: Exception, now: dt.datetime, result: OutboxResult) -> None:
    """A failed attempt: back to pending for a retry later, or failed after MAX_EMAIL_ATTEMPTS."""
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
    log.warning("e-mail %s to %s failed (attempt %s): %s", email.pk, email.to, attempts, exc)
    if final:
        result.failed += 1
    else:
        result.retried += 1


# the other actions on notifications, at the package's level (import them from here)
from .preferences import set_email_notifications as set_email_notifications  # noqa: E402
from .reading import mark_all_read as mark_all_read  # noqa: E402
from .reading import mark_read as mark_read  # noqa: E402
