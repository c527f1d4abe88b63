"""Permission-scoped accessors for coordination requests, their copies (deliveries), files and timelines; due(now)
for the sweep. The pages (web/views/consultations.py) and the API (api/consultations.py) read through these only;
the predicates on single objects are in rules.py."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)

from phoihop.accounts.enums import Role
from phoihop.accounts.models import User
from phoihop.accounts.types import Viewer
from phoihop.audit import queries as audit_queries
from phoihop.audit.models import AuditEvent
from phoihop.common.clock import local_date
from phoihop.common.keyset import BadCursor as BadCursor  # re-exported: the pages and the API catch it here
from phoihop.common.keyset import Page as Page
from phoihop.common.sql import StateIn
from phoihop.formats.vi.collation import sorted_vi
from phoihop.officials.models import Official
from phoihop.regulations.queries import light_regulation

from . import rules
from .domain.personnel import officials_for_sender, personnel_directions
from .enums import ANSWERABLE_STATES, LIVE_DRAFT_STATES, OPEN_DELIVERY_STATES, DeliveryState, Position
from .models import AnswerDraft, Attachment, CoordinationRequest, Delivery, Escalation


def _organization_id(user: Viewer) -> int | None:
    return user.organization_id if user.is_authenticated else None


def visible_to(user: Viewer) -> QuerySet[CoordinationRequest]:
    """Requests a user's organisation sent, received (once sent) or must rule on. Outsiders see nothing. For
    lists; one request is request_for / request_in_full_for (rules.sees_request, the same rule)."""
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    org = user.organization_id
    # A recipient sees a request only once it was signed and sent (a draft withdrawn unsent stays hidden).
    # Three indexed lookups (sender; recipient's deliveries; escalations to it) instead of one OR over joins.
    received = Q(pk__in=Delivery.objects.filter(recipient_id=org).values("request_id"), sent_at__isnull=False)
    ruling = Q(pk__in=Escalation.objects.filter(Q(authority_id=org) | Q(via_id=org)).values("request_id"))
    return CoordinationRequest.objects.filter(Q(sender_id=org) | received | ruling)


def deliveries_visible_to(user: Viewer) -> QuerySet[Delivery]:
    """Deliveries of the requests visible to the user."""
    return Delivery.objects.filter(request__in=visible_to(user).values("pk"))


def own_deliveries(user: Viewer) -> QuerySet[Delivery]:
    """Deliveries the user may act on or read: its own copies, every copy of its requests, every copy of a
    request escalated to it. Another recipient's copy of a request it received is not among them (the query
    form of rules.sees_copy; one copy is delivery_for)."""
    org = _organization_id(user)
    return deliveries_visible_to(user).filter(
        Q(recipient_id=org) | Q(request__sender_id=org) | Q(request__escalation__authority_id=org)
    )


FULL_RELATED = (
    "regulation",
    "regulation__consultation_rule",
    "sender",
    "official",
    "escalation",
    "escalation__authority",
    "escalation__via",
)
FULL_PREFETCH = (
    "regulation__request_kind_rules",
    Prefetch("deliveries", queryset=Delivery.objects.select_related("recipient").order_by("pk")),
    Prefetch("attachments", queryset=Attachment.objects.order_by("pk")),
    "meetings",
)
# What the request page reads of the request itself (its copies, files and events it reads on its own).
PAGE_RELATED = (
    "regulation",
    "sender",
    "created_by",
    "approved_by",
    "escalation",
    "escalation__authority",
    "official",
)


def visible_in_full(user: Viewer) -> QuerySet[CoordinationRequest]:
    """visible_to(user) with what a request's full view reads (regulation and its rules, sender, escalation,
    every copy with its recipient, files, meetings) loaded in a fixed number of queries. Which copies and files
    a viewer may read is rules.shown_deliveries / rules.shown_attachments."""
    return visible_to(user).select_related(*FULL_RELATED).prefetch_related(*FULL_PREFETCH)


# --- one object: the same rule as visible_to / own_deliveries, decided on the object itself ----------------
# visible_to asks whether a request is among every request the body ever received (a set that grows with the
# body's history); one request or copy is decided from its own sender, escalation and copies instead
# (rules.sees_request, rules.sees_copy): one query by primary key, whatever the history (issue 10).


def _received(organization_id: int, request_ref: str = "pk") -> Exists:
    """Whether the organisation has a copy of the outer row's request (an indexed probe of one pair)."""
    return Exists(Delivery.objects.filter(request_id=OuterRef(request_ref), recipient_id=organization_id))


def _one_request(user: Viewer, pk: int, related: tuple[str, ...]) -> CoordinationRequest | None:
    org = _organization_id(user)
    if not org:
        return None
    try:
        req = (
            CoordinationRequest.objects.select_related(*related)
            .annotate(viewer_received=_received(org))
            .get(pk=pk)
        )
    except CoordinationRequest.DoesNotExist:
        return None
    return req if rules.sees_request(user, req, received=req.viewer_received) else None


def request_for(user: Viewer, pk: int) -> CoordinationRequest | None:
    """The request `pk` if visible_to(user) has it (else None), with what its page reads of it (regulation,
    sender, author, signer, escalation with its authority), in one query whatever the body's history."""
    return _one_request(user, pk, PAGE_RELATED)


def request_page_for(user: Viewer, pk: int) -> CoordinationRequest | None:
    """request_for with the regulation's consultation rule and without the regulation's texts (tens of KB the
    request's page never shows): what the request's page reads of it, in one query by primary key."""
    org = _organization_id(user)
    if not org:
        return None
    try:
        req = (
            CoordinationRequest.objects.select_related(*PAGE_JOINED, "regulation__consultation_rule")
            .defer(*light_regulation("regulation__"))
            .annotate(viewer_received=_received(org), escalation_pk=_escalation_pk())
            .get(pk=pk)
        )
    except CoordinationRequest.DoesNotExist:
        return None
    _load_escalation(req)
    if not rules.sees_request(user, req, received=req.viewer_received):
        return None
    _load_people(req)
    return req


# The request's page joins five tables, not nine: on PostgreSQL planning the nine-table join took 5.6 ms of the
# query's 6 (the page of a sent request was 3.2x its template, issue 10), seven tables 2.4 ms, five 0.6 ms. Its
# drafter and signer come by one more query; its escalation, which few requests have, only when there is one.
PAGE_PEOPLE = ("created_by", "approved_by")
PAGE_JOINED = tuple(r for r in PAGE_RELATED if not r.startswith("escalation") and r not in PAGE_PEOPLE)


def _load_people(req: CoordinationRequest) -> None:
    """The request's drafter and signer in one query, put where `req.created_by` / `req.approved_by` read them,
    as select_related would have."""
    ids = {getattr(req, f"{name}_id") for name in PAGE_PEOPLE} - {None}
    people = User.objects.in_bulk(ids)
    for name in PAGE_PEOPLE:
        field = CoordinationRequest._meta.get_field(name)
        field.set_cached_value(req, people.get(getattr(req, f"{name}_id")))  # type: ignore[union-attr]


def _escalation_pk() -> Subquery:
    return Subquery(Escalation.objects.filter(request_id=OuterRef("pk")).values("pk")[:1])


def _load_escalation(req: CoordinationRequest) -> None:
    """Put the request's escalation (with its authority), or its absence, where `req.escalation` reads it, as
    select_related would have: one query when it has one, none otherwise."""
    escalation = (
        Escalation.objects.select_related("authority").get(pk=req.escalation_pk)  # type: ignore[attr-defined]
        if req.escalation_pk is not None  # type: ignore[attr-defined]
        else None
    )
    CoordinationRequest.escalation.related.set_cached_value(req, escalation)  # the reverse one-to-one's cache
    if escalation is not None:
        Escalation.request.field.set_cached_value(escalation, req)


def copies_shown(user: Viewer, request: CoordinationRequest) -> list[Delivery]:
    """The copies of a visible request the user may read (rules.shown_deliveries), with their recipient and who
    answered, by id: a recipient's page reads its own copy, not every copy of a request sent to 104 bodies."""
    copies = request.deliveries.select_related("recipient", "answered_by").order_by("pk")
    if not rules.sees_every_delivery(user, request):
        copies = copies.filter(recipient_id=_organization_id(user))
    return rules.shown_deliveries(user, request, copies)


def request_in_full_for(user: Viewer, pk: int) -> CoordinationRequest | None:
    """The request `pk` as visible_in_full(user) would give it, else None; the permission decided by one query
    by primary key, the rest read only for a visible request."""
    req = _one_request(user, pk, FULL_RELATED)
    if req is not None:
        prefetch_related_objects([req], *FULL_PREFETCH)
    return req


def delivery_for(user: Viewer, pk: int) -> Delivery | None:
    """The copy `pk` if own_deliveries(user) has it (else None), with its request, the request's sender and
    escalation, and its recipient, in one query whatever the body's history."""
    if not _organization_id(user):
        return None
    try:
        delivery = Delivery.objects.select_related(
            "request", "request__sender", "request__escalation", "recipient"
        ).get(pk=pk)
    except Delivery.DoesNotExist:
        return None
    return delivery if rules.sees_copy(user, delivery) else None


def attachment_for(user: Viewer, pk: int) -> Attachment | None:
    """The file `pk` if the user may download it (rules.can_download on a request visible to it), else None:
    an answer file of another recipient's copy is None for a recipient, as is every file for an outsider. One
    query whatever the body's history."""
    org = _organization_id(user)
    if not org:
        return None
    try:
        att = (
            Attachment.objects.select_related("request", "request__escalation", "delivery")
            .annotate(viewer_received=_received(org, "request_id"))
            .get(pk=pk)
        )
    except Attachment.DoesNotExist:
        return None
    if not rules.sees_request(user, att.request, received=att.viewer_received):
        return None
    return att if rules.can_download(user, att) else None


def timeline(
    request: CoordinationRequest, shown: list[Delivery], user: Viewer | None = None
) -> list[AuditEvent]:
    """The request's and the shown copies' audit events, oldest first, in one query; each event carries
    `recipient_name` (the copy's recipient, "" for the request's own events). Pass only the copies the viewer
    may read (rules.shown_deliveries)."""
    names = {str(d.pk): d.recipient.name for d in shown}
    delivery_label = Delivery._meta.label_lower
    events = list(audit_queries.timeline([request, *shown]))
    # assignment events are the recipient's own business (issue 11): shown to its members only
    own = {str(d.pk) for d in shown if rules.sees_internal(user, d)} if user is not None else set()
    events = [
        e
        for e in events
        if not (e.target_type == delivery_label and (e.data or {}).get("internal") and e.target_id not in own)
    ]
    for e in events:
        e.recipient_name = names.get(e.target_id, "") if e.target_type == delivery_label else ""  # type: ignore[attr-defined]
    return events


def _dashboard(user: Viewer) -> QuerySet[Delivery]:
    """The body's own copies of sent requests, and every copy of the requests it sent (what visible_to allows
    it to see of each), without visible_to's subquery over every request (bench/)."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    org = user.organization_id
    return Delivery.objects.filter(
        Q(recipient_id=org, request__sent_at__isnull=False) | Q(request__sender_id=org)
    ).select_related("request", "request__sender", "recipient")


def dashboard_due(user: Viewer, first: dt.date, last: dt.date) -> QuerySet[Delivery]:
    """Copies still to answer whose deadline falls from `first` to `last`, nearest first."""
    return (
        _dashboard(user)
        .filter(state__in=ANSWERABLE_STATES, deadline__gte=first, deadline__lte=last)
        .order_by("deadline", "pk")
    )


def dashboard_overdue(user: Viewer, today: dt.date) -> QuerySet[Delivery]:
    """Copies still to answer whose deadline day is over, oldest deadline first."""
    return _dashboard(user).filter(state__in=ANSWERABLE_STATES, deadline__lt=today).order_by("deadline", "pk")


def dashboard_deemed(user: Viewer) -> QuerySet[Delivery]:
    """Copies deemed to consent, latest first."""
    return _dashboard(user).filter(state=DeliveryState.DEEMED_CONSENT).order_by("-deemed_at", "pk")


def dashboard_to_answer(user: Viewer) -> QuerySet[Delivery]:
    """The body's own copies still to answer (received, extension notified), nearest deadline first, those
    without a deadline after them (on delivery_inbox_open_idx)."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return (
        Delivery.objects.filter(
            StateIn(INBOX_OPEN_STATES),
            recipient_id=user.organization_id,
            state__in=ANSWERABLE_STATES,
            request__sent_at__isnull=False,
        )
        .select_related("request", "request__sender", "recipient")
        .order_by(F("deadline").asc(nulls_last=True), "pk")
    )


def dashboard_rulings(user: Viewer) -> QuerySet[Escalation]:
    """Escalations awaiting the ruling of the user's body (the authority), oldest first, with the request and
    its sender."""
    if not user.is_authenticated or not user.organization_id:
        return Escalation.objects.none()
    return (
        Escalation.objects.filter(authority_id=user.organization_id, ruled_at__isnull=True)
        .select_related("request", "request__sender")
        .order_by("escalated_at", "pk")
    )


def inbox(user: Viewer) -> QuerySet[Delivery]:
    """Deliveries addressed to the user's organisation (sent requests only), newest first."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return _inbox_base(user.organization_id).order_by(
        Case(
            When(state__in=OPEN_DELIVERY_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        Case(When(state__in=OPEN_DELIVERY_STATES, then=F("deadline"))).asc(nulls_last=True),
        "-pk",
    )


def _inbox_base(organization_id: int) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(recipient_id=organization_id, request__sent_at__isnull=False)
        .select_related("request", "request__sender", "request__regulation")
        .defer(*light_regulation("request__regulation__"))
    )


# What the inbox page shows of a copy (the API's inbox reads every field of the copy and its recipient).
INBOX_PAGE_FIELDS = (
    "id",
    "request_id",
    "recipient_id",
    "state",
    "received_on",
    "deadline",
    "request__id",
    "request__document_number",
    "request__subject",
    "request__kind",
    "request__sender__id",
    "request__sender__name",
    "request__personnel_procedure",
    "request__official__id",
    "request__official__full_name",
)


def _inbox_rows(organization_id: int, *, full: bool) -> QuerySet[Delivery]:
    rows = Delivery.objects.filter(recipient_id=organization_id, request__sent_at__isnull=False)
    if full:
        return rows.select_related("request", "request__sender", "request__official", "recipient")
    return rows.select_related("request", "request__sender", "request__official").only(*INBOX_PAGE_FIELDS)


def inbox_open(user: Viewer) -> QuerySet[Delivery]:
    """Copies still to handle (not yet received, received, extension notified), nearest deadline first; those
    without a deadline (a notice, a paper copy not yet registered) after them."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    # "no deadline last" as an explicit first key (not NULLS LAST), the same on SQLite and PostgreSQL; it lets
    # the planner take the (recipient, state) index and sort only the open copies (bench/: 110 ms -> 35 ms).
    no_deadline = Case(
        When(deadline__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return (
        _inbox_base(user.organization_id)
        .filter(state__in=OPEN_DELIVERY_STATES)
        .alias(no_deadline=no_deadline)
        .order_by("no_deadline", "deadline", "pk")
    )


def inbox_done(user: Viewer) -> QuerySet[Delivery]:
    """Copies already answered, deemed consented or withdrawn, newest first."""
    if not user.is_authenticated or not user.organization_id:
        return Delivery.objects.none()
    return _inbox_base(user.organization_id).exclude(state__in=OPEN_DELIVERY_STATES).order_by("-pk")


def outbox(user: Viewer) -> QuerySet[CoordinationRequest]:
    if not user.is_authenticated or not user.organization_id:
        return CoordinationRequest.objects.none()
    return (
        CoordinationRequest.objects.filter(sender_id=user.organization_id)
        .select_related("regulation", "created_by")
        .defer(*light_regulation("regulation__"))
        .order_by("-created_at", "-pk")
    )


def past_due(today: dt.date) -> Q:
    """Copies whose deadline day has ended and that were not flagged overdue yet (with ANSWERABLE_STATES: the
    partial index delivery_open_due_idx): an overdue copy stays open for a late answer without being read by
    every later sweep."""
    return Q(overdue=False, deadline__lt=today)


def due(now: dt.datetime) -> QuerySet[Delivery]:
    """Open deliveries the sweep must deem or flag overdue at `now` (the sweep probes the same condition)."""
    return Delivery.objects.filter(past_due(local_date(now)), state__in=ANSWERABLE_STATES)


def positions_shown(
    positions: list[dict[str, Any]], *, sees_all: bool, organization_ids: set[int]
) -> list[dict[str, Any]]:
    """An escalation's recorded positions a viewer may read: all of them for the sender and the authority,
    otherwise only those of the viewer's own bodies — matched by organisation id, never by a display name (a
    body renamed to another recipient's name must not read that recipient's answer). Positions recorded before
    ids were kept have none and are shown to no partial viewer."""
    if sees_all:
        return list(positions)
    return [p for p in positions if p.get("recipient_id") in organization_ids]


# --- keyset pages of the inbox and the outbox (issue 10) --------------------------------------------------
# A page reads only the rows it shows plus one (is there a next page?), from an index whose order is the page's
# order (delivery_inbox_open_idx, delivery_inbox_done_idx, request_outbox_idx): no sort of every copy a body
# ever received. Where a page starts is a cursor, the key of a shown row: "a.…" = the rows after it,
# "b.…" = the rows before it.

INBOX_OPEN_STATES = sorted(s.value for s in OPEN_DELIVERY_STATES)
INBOX_DONE_STATES = sorted(s.value for s in set(DeliveryState) - OPEN_DELIVERY_STATES)


PAGE_SIZE = 200

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Cursor:
    forward: bool
    section: int
    pk: int
    when: Any = None  # the deadline (inbox, dated copies) or created_at (outbox)


@dataclass(frozen=True)
class _Section(Generic[M]):
    """One run of a keyset list read on one index in one order."""

    rows: Callable[[], QuerySet[M]]  # in the list's order
    after: Callable[[Cursor], Q]  # the rows after the cursor's key
    before: Callable[[Cursor], Q]  # the rows before it
    backward: tuple[str, ...]  # the reverse of the list's order
    when: Callable[[M], Any] | None = None  # the key's first part (the row's id is the last)
    parse_when: Callable[[str], Any] | None = None


def _encode(forward: bool, section: int, pk: int, when: Any) -> str:
    parts = ["a" if forward else "b", str(section), str(pk)]
    if when is not None:
        parts.append(when.isoformat())
    return ".".join(parts)


def _decode(text: str, sections: list[_Section[M]]) -> Cursor:
    parts = text.split(".", 3)
    try:
        direction, section, pk = parts[0], int(parts[1]), int(parts[2])
        if direction not in ("a", "b") or not 0 <= section < len(sections) or not 0 < pk < 2**63:
            raise ValueError(text)
        parse = sections[section].parse_when
        if (parse is None) != (len(parts) == 3):
            raise ValueError(text)
        when = parse(parts[3]) if parse is not None else None
    except (IndexError, ValueError, OverflowError) as exc:
        raise BadCursor(text) from exc
    return Cursor(direction == "a", section, pk, when)


def _key(sections: list[_Section[M]], section: int, row: M, *, forward: bool) -> str:
    when = sections[section].when
    return _encode(forward, section, row.pk, when(row) if when is not None else None)


def _keyset(sections: list[_Section[M]], cursor: Cursor | None, size: int) -> Page[M]:
    """The page after (or before) the cursor: each section read on its index, only as far as the page goes."""
    rows: list[tuple[int, M]] = []
    if cursor is None or cursor.forward:
        start = cursor.section if cursor is not None else 0
        for i in range(start, len(sections)):
            qs = sections[i].rows()
            if cursor is not None and i == start:
                qs = qs.filter(sections[i].after(cursor))
            rows += [(i, r) for r in qs[: size + 1 - len(rows)]]
            if len(rows) > size:
                break
        if cursor is not None and not rows:  # past the end (the rows it pointed at are gone): the first page
            return _keyset(sections, None, size)
        shown = rows[:size]
        return Page(
            [r for _, r in shown],
            _key(sections, *shown[-1], forward=True) if len(rows) > size else None,
            _key(sections, *shown[0], forward=False) if cursor is not None and shown else None,
        )
    for i in range(cursor.section, -1, -1):
        qs = sections[i].rows().order_by(*sections[i].backward)
        if i == cursor.section:
            qs = qs.filter(sections[i].before(cursor))
        rows += [(i, r) for r in qs[: size + 1 - len(rows)]]
        if len(rows) > size:
            break
    if len(rows) <= size:  # back at the start: the first page, as read from the start
        return _keyset(sections, None, size)
    shown = rows[:size][::-1]
    return Page(
        [r for _, r in shown],
        _key(sections, *shown[-1], forward=True),
        _key(sections, *shown[0], forward=False),
    )


def _page(sections: list[_Section[M]], cursor: str | None, size: int) -> Page[M]:
    return _keyset(sections, _decode(cursor, sections) if cursor else None, size)


def _after_date(field: str, desc: bool = False) -> Callable[[Cursor], Q]:
    """Rows after (field, pk) in ascending order (descending with desc), as a range on the index plus a tie
    break: `field >= w AND (field > w OR pk > id)`."""
    ge, gt, pk = ("lte", "lt", "pk__lt") if desc else ("gte", "gt", "pk__gt")
    return lambda c: Q(**{f"{field}__{ge}": c.when}) & (Q(**{f"{field}__{gt}": c.when}) | Q(**{pk: c.pk}))


def _inbox_sections(organization_id: int, *, full: bool) -> list[_Section[Delivery]]:
    open_copies = StateIn(INBOX_OPEN_STATES)
    return [
        # open copies with a deadline, nearest first (ties by id)
        _Section(
            rows=lambda: (
                _inbox_rows(organization_id, full=full)
                .filter(open_copies, deadline__isnull=False)
                .order_by("deadline", "pk")
            ),
            after=_after_date("deadline"),
            before=_after_date("deadline", desc=True),
            backward=("-deadline", "-pk"),
            when=lambda d: d.deadline,
            parse_when=dt.date.fromisoformat,
        ),
        # open copies without a deadline (a notice, a paper copy not registered yet), in the order they came
        _Section(
            rows=lambda: (
                _inbox_rows(organization_id, full=full)
                .filter(open_copies, deadline__isnull=True)
                .order_by("pk")
            ),
            after=lambda c: Q(pk__gt=c.pk),
            before=lambda c: Q(pk__lt=c.pk),
            backward=("-pk",),
        ),
        # then the handled copies, latest first
        _Section(
            rows=lambda: (
                _inbox_rows(organization_id, full=full).filter(StateIn(INBOX_DONE_STATES)).order_by("-pk")
            ),
            after=lambda c: Q(pk__lt=c.pk),
            before=lambda c: Q(pk__gt=c.pk),
            backward=("pk",),
        ),
    ]


def inbox_page(
    user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE, *, full: bool = False
) -> Page[Delivery]:
    """One page of the inbox in inbox()'s order (open copies nearest deadline first, those without a deadline
        after them, then the handled ones latest first), starting at `cursor` (None: the first page). At most three
        queries, each reading at most size + 1 rows of its index. The page's columns only (INBOX_PAGE_FIELDS), or
    with full every field of the copy, its request and recipient (the API). Raises BadCursor for a cursor not
    written here."""
    if not user.is_authenticated or not user.organization_id:
        return Page([], None, None)
    return _page(_inbox_sections(user.organization_id, full=full), cursor, size)


def _aware(text: str) -> dt.datetime:
    value = dt.datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise ValueError(text)
    return value


def outbox_sections(requests: QuerySet[CoordinationRequest]) -> list[_Section[CoordinationRequest]]:
    """The outbox's order (newest first, on request_outbox_idx) over `requests`, one of outbox(user)'s forms."""
    return [
        _Section(
            rows=lambda: requests.order_by("-created_at", "-pk"),
            after=_after_date("created_at", desc=True),
            before=_after_date("created_at"),
            backward=("created_at", "pk"),
            when=lambda r: r.created_at,
            parse_when=_aware,
        )
    ]


class _CountOf(Subquery):
    """A correlated count: the database returns it as an integer already, so no converter is called on each
    row (IntegerField's int() on four counts of 201 rows was a tenth of the outbox page's query, issue 10)."""

    def get_db_converters(self, connection: Any) -> list[Callable[..., Any]]:
        return []  # IntegerField has none; not BaseExpression's int() of each value


def _count(**states: Any) -> Subquery:
    """How many copies of the outer request (in these states): `SELECT COUNT(id) … WHERE request_id = outer.id`,
    no GROUP BY (COUNT as a plain function, not an aggregate), so 0 rather than no row when there are none."""
    return _CountOf(
        Delivery.objects.filter(request_id=OuterRef("pk"), **states)
        .order_by()
        .values("request_id")
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n"),
        output_field=IntegerField(),
    )


# What the outbox page shows of a request (the API's outbox reads every field: outbox_in_full_page), read as
# values, never as model instances: 200 requests with their regulations made 400 model objects, 5× the cost of
# the same SQL by hand (issue 10).
OUTBOX_PAGE_VALUES = (
    "pk",
    "document_number",
    "subject",
    "state",
    "created_at",
    "regulation__number",
    "regulation__short_title",
    "personnel_procedure",
    "official__full_name",
    "n_recipients",
    "n_answered",
    "n_deemed",
    "n_disagree",
)


@dataclass(slots=True)
class OutboxRow:
    """One row of the outbox page: what it shows of a request, its copies counted, and what the view adds."""

    pk: int
    document_number: str
    subject: str
    state: str
    created_at: dt.datetime
    regulation_name: str  # Regulation.display_name: the number, or the short title when the text has none
    personnel_procedure: str
    official_name: str | None
    n_recipients: int
    n_answered: int
    n_deemed: int
    n_disagree: int
    detail_url: str = ""
    state_label: str = ""
    personnel: str = ""


def _outbox_row(values: Any) -> OutboxRow:
    (pk, number, subject, state, created, reg_number, reg_title, procedure, official, *counts) = values
    return OutboxRow(
        pk, number, subject, state, created, reg_number or reg_title, procedure, official, *counts
    )


@functools.cache
def _outbox_counted() -> QuerySet[CoordinationRequest]:
    """Every request with its copies counted, as OUTBOX_PAGE_VALUES rows, built once per process: building the
    four correlated counts (expressions resolved against the model) cost as much as running the page's query
    (issue 10). Never evaluated itself: outbox_page filters a copy (QuerySet.filter clones)."""
    return CoordinationRequest.objects.annotate(
        n_recipients=_count(),
        n_answered=_count(state=DeliveryState.ANSWERED),
        n_deemed=_count(state=DeliveryState.DEEMED_CONSENT),
        n_disagree=_count(position=Position.DISAGREE),
    ).values_list(*OUTBOX_PAGE_VALUES, named=True)


def outbox_page(user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE) -> Page[OutboxRow]:
    """One page of the outbox, newest first, each request with its copies counted (n_recipients, n_answered,
    n_deemed, n_disagree): one query, the page's rows read on request_outbox_idx and each row's counts on the
    copies' request index, returned as OutboxRow values. Raises BadCursor for a cursor not written here."""
    if not user.is_authenticated or not user.organization_id:
        return Page([], None, None)
    counted = _outbox_counted().filter(sender_id=user.organization_id)  # outbox(user), counted
    page = _page(outbox_sections(counted), cursor, size)  # rows: named tuples of OUTBOX_PAGE_VALUES
    return Page([_outbox_row(r) for r in page.rows], page.next, page.previous)


def outbox_in_full_page(
    user: Viewer, cursor: str | None = None, size: int = PAGE_SIZE
) -> Page[CoordinationRequest]:
    """outbox_page with what a request's full view reads (visible_in_full's related rows), for the API: the
    page's rows in one query on request_outbox_idx, then its copies, files, meetings and kind rules."""
    if not user.is_authenticated or not user.organization_id:
        return Page([], None, None)
    requests = (
        CoordinationRequest.objects.filter(sender_id=user.organization_id)
        .select_related(*FULL_RELATED)
        .defer(*light_regulation("regulation__"))
    )
    page = _page(outbox_sections(requests), cursor, size)
    prefetch_related_objects(page.rows, *FULL_PREFETCH)
    return page


# --- assignment and answer drafts inside the recipient (issue 11) -----------------------------------------


def assignable_specialists(delivery: Delivery) -> list[User]:
    """The recipient's active specialists, in Vietnamese order of their names (one query)."""
    users = User.objects.filter(organization_id=delivery.recipient_id, is_active=True, role=Role.SPECIALIST)
    return sorted_vi(users, key=str)


def live_drafts(user: Viewer, deliveries: list[Delivery]) -> dict[int, AnswerDraft]:
    """The live answer draft of each of these copies the user may see (its own body's: rules.sees_internal), by
    copy id, with its drafter (one query, none when the user sees no copy's internals)."""
    ids = [d.pk for d in deliveries if rules.sees_internal(user, d)]
    if not ids:
        return {}
    drafts = AnswerDraft.objects.filter(
        delivery_id__in=ids, state__in=sorted(LIVE_DRAFT_STATES)
    ).select_related("drafted_by", "returned_by")
    return {d.delivery_id: d for d in drafts}


def assignees_of(user: Viewer, deliveries: list[Delivery]) -> dict[int, User]:
    """The assignees of these copies the user may see the internals of, by user id (one query, none when
    there are none)."""
    ids = {d.assignee_id for d in deliveries if d.assignee_id is not None and rules.sees_internal(user, d)}
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}


# --- personnel consultations (issue 12, part 3) ------------------------------------------------------------


def personnel_officials(user: Viewer, regulations: Any, sender: Any) -> QuerySet[Official]:
    """The request form's choice of officials for a personnel consultation: those the user may see in the
    registry, and those working at, or managed by, a body the regulations let the sender ask about personnel
    (domain.personnel.officials_for_sender)."""
    return officials_for_sender(user, list(regulations), sender)


def personnel_articles(regulations: Any, sender: Any) -> list[str]:
    """The articles under which the sender may ask about personnel (the form's choice of basis), in data order."""
    seen: list[str] = []
    for regulation in regulations:
        for direction in personnel_directions(regulation):
            if (sender.kind, sender.level) in direction.senders and direction.article not in seen:
                seen.append(direction.article)
    return seen


def official_by_id(pk: int) -> Official | None:
    """An official by id, for the domain's check of a personnel request (which decides whether the sender may
    ask about them; callers never show it before that check)."""
    return Official.objects.filter(pk=pk).first()
