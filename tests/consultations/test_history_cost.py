"""Permission checks on one request or one copy cost the same whatever the body's history (issue 10, cause 1):
the request page, the API detail, the file download and every copy action make the same queries, with the same
SQL, for a body that received 1 request and one that received 200; none of them asks the database for the set
of every request the body ever received. And the one-object lookups (queries.request_for, delivery_for,
attachment_for) decide exactly what the list filters (visible_to, own_deliveries) decide, for every persona."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.consultations import queries, rules
from phoihop.consultations.enums import Channel, DeliveryState, RequestKind, RequestState
from phoihop.consultations.models import Attachment, CoordinationRequest, Delivery, Escalation
from tests.consultations.conftest import at
from tests.consultations.test_pages import delivery, pdf, sent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"


def received_history(bodies, regulation, org, total: int) -> None:
    """Bring the requests `org` received up to `total`, in two bulk inserts (closed requests, answered copies)."""
    missing = total - Delivery.objects.filter(recipient=org).count()
    now = timezone.now()
    old = CoordinationRequest.objects.bulk_create(
        CoordinationRequest(
            regulation=regulation,
            sender=bodies.ban,
            kind=RequestKind.CONSULTATION,
            subject=f"Văn bản cũ {i}",
            state=RequestState.CLOSED,
            created_by=bodies.specialist,
            sent_at=now,
        )
        for i in range(missing)
    )
    Delivery.objects.bulk_create(
        Delivery(request=r, recipient=org, state=DeliveryState.ANSWERED, received_on=now.date()) for r in old
    )
    assert Delivery.objects.filter(recipient=org).count() == total


# One case per page or action: who, how, the path (from the target request, its xa1 copy, its file), the input
# (refused input where the action would change state: the same input at 1 and at 200) and the status.
CASES = {
    "request page": ("xa1_cv", "get", lambda r, d, f: reverse("consult-detail", args=[r.pk]), None, 200),
    "answer": ("xa1_leader", "post", lambda r, d, f: reverse("consult-answer", args=[d.pk]), {}, 400),
    "extension": ("xa1_leader", "post", lambda r, d, f: reverse("consult-extension", args=[d.pk]), {}, 400),
    "receipt": ("xa1_clerk", "post", lambda r, d, f: reverse("consult-receipt", args=[d.pk]), {}, 400),
    "withdraw (a recipient: refused)": (
        "xa1_leader",
        "post",
        lambda r, d, f: reverse("consult-withdraw", args=[r.pk]),
        {"reason": "X"},
        403,
    ),
    "meeting (a recipient)": (
        "xa1_cv",
        "post",
        lambda r, d, f: reverse("consult-meeting", args=[r.pk]),
        {},
        400,
    ),
    "file": ("xa1_cv", "get", lambda r, d, f: reverse("consult-attachment", args=[f.pk]), None, 200),
    "API detail": ("xa1_cv", "get", lambda r, d, f: f"{API}/requests/{r.pk}/", None, 200),
    "API answer": ("xa1_leader", "post", lambda r, d, f: f"{API}/deliveries/{d.pk}/answer/", {}, 400),
    "API extension": ("xa1_leader", "post", lambda r, d, f: f"{API}/deliveries/{d.pk}/extension/", {}, 400),
    "API receipt": ("xa1_clerk", "post", lambda r, d, f: f"{API}/deliveries/{d.pk}/receipt/", {}, 400),
    "API withdraw (a recipient: refused)": (
        "xa1_leader",
        "post",
        lambda r, d, f: f"{API}/requests/{r.pk}/withdraw/",
        {"reason": "X"},
        403,
    ),
    "API file": ("xa1_cv", "get", lambda r, d, f: f"{API}/attachments/{f.pk}/", None, 200),
}

LITERALS = re.compile(r"'(?:[^']|'')*'|\"s\d+_x\d+\"|\b\d+(?:\.\d+)?\b")  # strings, savepoints, numbers
# visible_to's filter: a request id among the ids of every copy the body received.
EVERY_RECEIVED = re.compile(r"IN \(SELECT [^()]*\bFROM \"consultations_delivery\"", re.IGNORECASE)


def _shape(sql: str) -> str:
    """A query's text with its literals stripped: equal shapes, equal plans."""
    return " ".join(LITERALS.sub("?", sql).split())


def _run(client, method, url, data):
    if method == "get":
        return client.get(url)
    if url.startswith(API):
        return client.post(url, data, content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("case", list(CASES))
def test_one_object_costs_the_same_whatever_the_history(client, bodies, regulation, case):
    user_key, method, path, data, status = CASES[case]
    paper = user_key == "xa1_clerk"
    req = sent(
        bodies,
        regulation,
        recipients=[bodies.xa1],
        paper=[bodies.xa1] if paper else (),
        files=[pdf()],
    )
    copy = delivery(req, bodies.xa1)
    file = Attachment.objects.get(request=req)
    url = path(req, copy, file)
    shapes = []
    for total in (1, 200):
        received_history(bodies, regulation, bodies.xa1, total)
        with time_machine.travel(at("2025-01-24", 9), tick=False):
            client.force_login(bodies.users[user_key])
            _run(client, method, url, data)  # warm the session and any per-process cache
            with CaptureQueriesContext(connection) as ctx:
                response = _run(client, method, url, data)
        assert response.status_code == status, response.content[:500]
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert [s for s in sqls if EVERY_RECEIVED.search(s)] == []
        shapes.append([_shape(s) for s in sqls])
    assert len(shapes[0]) == len(shapes[1])
    assert shapes[0] == shapes[1]


# --- the one-object lookups decide what the lists decide ---------------------------------------------


def _file(req, user, delivery=None):
    return Attachment.objects.create(
        request=req,
        delivery=delivery,
        file=ContentFile(b"%PDF-1.4\n", name="tep.pdf"),
        original_name="tep.pdf",
        size=9,
        content_type="application/pdf",
        uploaded_by=user,
    )


def _varied(bodies, regulation):
    """Requests in every state a visibility rule distinguishes, written directly (a draft with copies, one
    pending approval, sent, withdrawn before and after sending, closed, escalated with and without a body in
    between, one escalated while unsent, sent by a commune), each with a file of its own and an answer file on
    each copy."""
    now = timezone.now()

    def make(sender, author, state, sent_at, recipients, escalation=None):
        req = CoordinationRequest.objects.create(
            regulation=regulation,
            sender=sender,
            kind=RequestKind.CONSULTATION,
            subject=f"{state} {sender.abbreviation}",
            state=state,
            created_by=author,
            sent_at=sent_at,
        )
        _file(req, author)
        for org, channel in recipients:
            d = Delivery.objects.create(request=req, recipient=org, channel=channel)
            _file(req, author, d)
        if escalation is not None:
            authority, via = escalation
            Escalation.objects.create(request=req, authority=authority, via=via, escalated_by=author)
        return req

    b = bodies
    e, p = Channel.ELECTRONIC, Channel.PAPER
    make(b.ban, b.ban_cv, RequestState.DRAFT, None, [(b.xa1, e), (b.xa2, p)])
    make(b.ban, b.ban_cv, RequestState.PENDING_APPROVAL, None, [(b.xa1, e)])
    make(b.ban, b.ban_cv, RequestState.SENT, now, [(b.xa1, e), (b.xa2, p)])
    make(b.ban, b.ban_cv, RequestState.WITHDRAWN, None, [(b.xa1, e)])
    make(b.ban, b.ban_cv, RequestState.WITHDRAWN, now, [(b.xa1, e), (b.women, e)])
    make(b.ban, b.ban_cv, RequestState.CLOSED, now, [(b.xa2, e)])
    make(b.ban, b.ban_cv, RequestState.SENT, now, [(b.xa1, e), (b.xa2, e)], (b.btv, None))
    make(b.hu, b.hu_cv, RequestState.SENT, now, [(b.dan_van, e), (b.xa1, p)], (b.btv, b.tu))
    make(b.hu, b.hu_cv, RequestState.SENT, now, [(b.dan_van, e)], (b.btv_hu, b.hu))
    make(b.ban, b.ban_cv, RequestState.DRAFT, None, [(b.xa2, e)], (b.btv, b.front))
    make(b.xa1, b.xa1_cv, RequestState.SENT, now, [(b.ban, e), (b.xa2, e)])
    make(b.xa1, b.xa1_cv, RequestState.DRAFT, None, [(b.ban, e)], (b.ubkt, None))


def _viewers(bodies):
    homeless = UserFactory(organization=None)
    return [("anonymous", AnonymousUser()), ("no organisation", homeless), *bodies.users.items()]


def test_the_lookups_decide_exactly_what_the_lists_decide(bodies, regulation):
    _varied(bodies, regulation)
    requests = list(CoordinationRequest.objects.order_by("pk"))
    copies = list(Delivery.objects.select_related("request", "recipient").order_by("pk"))
    files = list(Attachment.objects.select_related("request", "delivery").order_by("pk"))
    seen = {}
    for name, user in _viewers(bodies):
        listed = set(queries.visible_to(user).values_list("pk", flat=True))
        looked_up = {r.pk for r in requests if queries.request_for(user, r.pk) is not None}
        assert looked_up == listed, name
        assert {r.pk for r in requests if queries.request_in_full_for(user, r.pk) is not None} == listed, name
        own = set(queries.own_deliveries(user).values_list("pk", flat=True))
        assert {d.pk for d in copies if queries.delivery_for(user, d.pk) is not None} == own, name
        downloadable = {a.pk for a in files if a.request_id in listed and rules.can_download(user, a)}
        assert {a.pk for a in files if queries.attachment_for(user, a.pk) is not None} == downloadable, name
        seen[name] = (len(listed), len(own))
    # the data could leak: every branch of the rule lets someone see something, and hides it from another
    assert seen["anonymous"] == seen["no organisation"] == seen["farmers_leader"] == (0, 0)
    assert seen["ban_cv"] == (9, 13)  # its eight requests with every copy, and its own copy of xa1's sent one
    assert seen["xa1_cv"] == (6, 7)  # received once sent (withdrawn after sending too), its own two requests
    assert seen["xa2_cv"] == (4, 4)  # never the drafts it is a recipient of
    assert seen["btv_leader"] == (3, 5)  # escalated to it, with every copy (an unsent draft's too)
    assert seen["front_cv"] == (1, 0)  # the body in between sees the request, no copy
    assert seen["women_cv"] == (1, 1)  # a request withdrawn after it was sent
    assert seen["ubkt_cv"] == (1, 1)  # the authority of an unsent escalated draft
    assert seen["ubkt2_cv"] == (0, 0)


def test_a_lookup_is_one_query_for_anyone(bodies, regulation, django_assert_num_queries):
    _varied(bodies, regulation)
    req = CoordinationRequest.objects.filter(escalation__via=bodies.tu).get()
    copy = Delivery.objects.get(request=req, recipient=bodies.xa1)
    file = Attachment.objects.get(delivery=copy)
    for user in (bodies.xa1_cv, bodies.hu_cv, bodies.btv_leader, bodies.farmers_leader):
        with django_assert_num_queries(1):
            queries.request_for(user, req.pk)
        with django_assert_num_queries(1):
            queries.delivery_for(user, copy.pk)
        with django_assert_num_queries(1):
            queries.attachment_for(user, file.pk)
    missing = CoordinationRequest.objects.order_by("-pk")[0].pk + 1
    assert queries.request_for(bodies.xa1_cv, missing) is None


# Valid input: each round acts on a fresh request (the first round's is the body's only received request).
VALID = {
    "answer": ("xa1_leader", lambda d: reverse("consult-answer", args=[d.pk]), {"position": "agree"}, 302),
    "extension": (
        "xa1_leader",
        lambda d: reverse("consult-extension", args=[d.pk]),
        {"new_deadline": "12/02/2025", "reason": "Cần lấy ý kiến cơ sở"},
        302,
    ),
    "receipt": (
        "xa1_clerk",
        lambda d: reverse("consult-receipt", args=[d.pk]),
        {"received_on": "23/01/2025"},
        302,
    ),
    "API answer": ("xa1_leader", lambda d: f"{API}/deliveries/{d.pk}/answer/", {"position": "agree"}, 200),
    "API extension": (
        "xa1_leader",
        lambda d: f"{API}/deliveries/{d.pk}/extension/",
        {"new_deadline": "2025-02-12", "reason": "Cần lấy ý kiến cơ sở"},
        200,
    ),
    "API receipt": (
        "xa1_clerk",
        lambda d: f"{API}/deliveries/{d.pk}/receipt/",
        {"received_on": "2025-01-23"},
        200,
    ),
}


@pytest.mark.parametrize("case", list(VALID))
def test_a_copy_action_that_succeeds_costs_the_same_whatever_the_history(client, bodies, regulation, case):
    user_key, path, data, status = VALID[case]
    paper = user_key == "xa1_clerk"
    shapes = []
    for total in (1, 200):
        req = sent(bodies, regulation, recipients=[bodies.xa1], paper=[bodies.xa1] if paper else ())
        received_history(bodies, regulation, bodies.xa1, total)
        url = path(delivery(req, bodies.xa1))
        with time_machine.travel(at("2025-01-24", 9), tick=False):
            client.force_login(bodies.users[user_key])
            client.get(reverse("consult-detail", args=[req.pk]))  # warm the session and any per-process cache
            with CaptureQueriesContext(connection) as ctx:
                response = _run(client, "post", url, data)
        assert response.status_code == status, response.content[:500]
        sqls = [q["sql"] for q in ctx.captured_queries]
        assert [s for s in sqls if EVERY_RECEIVED.search(s)] == []
        shapes.append([_shape(s) for s in sqls])
    assert len(shapes[0]) == len(shapes[1])
    assert shapes[0] == shapes[1]
