"""The single permission-and-query surface of coordination requests (rules.py, queries.py) that the pages and the
API both call: who reads every copy, who downloads which file, the dashboard's scope, the timeline; and the pages
and the API giving the same answer on the same data, with data that could leak (two recipients' answers and
answer files, an escalation)."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.audit import queries as audit_queries
from phoihop.audit.models import AuditEvent
from phoihop.consultations import queries, rules
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import RequestState
from phoihop.consultations.models import Attachment, CoordinationRequest, Delivery
from tests.consultations.conftest import at
from tests.consultations.test_pages import XA1_SECRET, XA2_SECRET, both_answered, delivery, draft, pdf, sent

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"


def escalated(bodies, regulation) -> CoordinationRequest:
    """Sent 22/01/2025, xa1 disagrees and xa2 agrees with comments (each with a file), escalated on 23/01."""
    req = both_answered(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")
    return CoordinationRequest.objects.get(pk=req.pk)


def files(req) -> dict[str, Attachment]:
    return {a.original_name: a for a in Attachment.objects.filter(request=req)}


# --- rules.sees_every_delivery -----------------------------------------------------------------------


def test_sees_every_delivery_sender_members_and_the_authority_only(bodies, regulation):
    req = both_answered(bodies, regulation)
    assert [
        rules.sees_every_delivery(u, req)
        for u in (
            bodies.specialist,
            bodies.leader,
            bodies.clerk,
            bodies.xa1_cv,
            bodies.xa2_cv,
            bodies.btv_leader,
            bodies.outsider_user,
        )
    ] == [True, True, True, False, False, False, False]
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req)
    req = CoordinationRequest.objects.get(pk=req.pk)
    # escalated: the authority now reads every copy; the recipients and the outsider still do not
    assert [
        rules.sees_every_delivery(u, req)
        for u in (bodies.specialist, bodies.btv_leader, bodies.xa1_cv, bodies.xa2_cv, bodies.outsider_user)
    ] == [True, True, False, False, False]


def test_shown_deliveries_a_recipient_reads_its_own_copy_only(bodies, regulation):
    req = escalated(bodies, regulation)
    copies = list(req.deliveries.order_by("pk"))
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    shown = {
        u: [d.pk for d in rules.shown_deliveries(u, req, copies)]
        for u in (bodies.specialist, bodies.btv_leader, bodies.xa1_cv, bodies.xa2_cv, bodies.outsider_user)
    }
    assert shown == {
        bodies.specialist: [d1.pk, d2.pk],
        bodies.btv_leader: [d1.pk, d2.pk],
        bodies.xa1_cv: [d1.pk],
        bodies.xa2_cv: [d2.pk],
        bodies.outsider_user: [],
    }
    attachments = list(req.attachments.order_by("pk"))
    assert [a.original_name for a in rules.shown_attachments(attachments, [d1])] == [
        "du-thao.pdf",
        "y-kien-xa-mot.pdf",
    ]


def test_the_send_ahead_warning_is_for_the_senders_members_on_an_unsent_request_only(bodies, regulation):
    req = draft(bodies, regulation)
    assert rules.sees_send_ahead_warning(bodies.specialist, req) is True
    assert rules.sees_send_ahead_warning(bodies.xa1_cv, req) is False  # the API once checked the state only
    assert rules.sees_send_ahead_warning(bodies.outsider_user, req) is False
    req.state = RequestState.SENT
    assert rules.sees_send_ahead_warning(bodies.specialist, req) is False


# --- queries.attachment_for ---------------------------------------------------------------------------


def test_attachment_for_hides_another_recipients_answer_file_and_everything_from_an_outsider(
    bodies, regulation
):
    req = escalated(bodies, regulation)
    f = files(req)
    own, xa1_file, xa2_file = f["du-thao.pdf"], f["y-kien-xa-mot.pdf"], f["y-kien-xa-hai.pdf"]

    def readable(user) -> list[str]:
        found = [queries.attachment_for(user, a.pk) for a in (own, xa1_file, xa2_file)]
        return [a.original_name for a in found if a is not None]

    assert readable(bodies.xa1_cv) == ["du-thao.pdf", "y-kien-xa-mot.pdf"]
    assert readable(bodies.xa2_cv) == ["du-thao.pdf", "y-kien-xa-hai.pdf"]
    assert readable(bodies.specialist) == ["du-thao.pdf", "y-kien-xa-mot.pdf", "y-kien-xa-hai.pdf"]
    assert readable(bodies.btv_leader) == ["du-thao.pdf", "y-kien-xa-mot.pdf", "y-kien-xa-hai.pdf"]
    assert readable(bodies.outsider_user) == []
    assert queries.attachment_for(bodies.specialist, xa2_file.pk + 1000) is None


def test_attachment_for_a_draft_is_none_for_its_recipients(bodies, regulation):
    req = draft(bodies, regulation, files=[pdf("du-thao.pdf")])
    att = Attachment.objects.get(request=req)
    assert queries.attachment_for(bodies.specialist, att.pk) == att
    assert queries.attachment_for(bodies.xa1_cv, att.pk) is None


# --- the dashboard's scope and the timeline -----------------------------------------------------------


def test_the_dashboard_of_a_recipient_holds_its_own_copy_never_another_recipients(bodies, regulation):
    req = sent(bodies, regulation)  # both copies due 05/02/2025
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    first, last = at("2025-02-03").date(), at("2025-02-09").date()
    assert list(queries.dashboard_due(bodies.xa1_cv, first, last)) == [d1]
    assert list(queries.dashboard_due(bodies.xa2_cv, first, last)) == [d2]
    assert list(queries.dashboard_due(bodies.specialist, first, last)) == [d1, d2]
    assert list(queries.dashboard_due(bodies.outsider_user, first, last)) == []
    late = at("2025-02-06").date()
    assert list(queries.dashboard_overdue(bodies.xa1_cv, late)) == [d1]
    assert list(queries.dashboard_overdue(bodies.outsider_user, late)) == []
    assert list(queries.dashboard_deemed(bodies.xa1_cv)) == []


def test_the_dashboard_of_a_recipient_ignores_a_draft_addressed_to_it(bodies, regulation):
    draft(bodies, regulation)
    first, last = at("2025-01-01").date(), at("2025-12-31").date()
    assert list(queries.dashboard_due(bodies.xa1_cv, first, last)) == []


def test_audit_timeline_reads_only_the_given_objects_in_order(bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    request_label, delivery_label = CoordinationRequest._meta.label_lower, Delivery._meta.label_lower
    got = [(e.target_type, e.target_id) for e in audit_queries.timeline([req, d2])]
    expected = list(
        AuditEvent.objects.filter(
            target_type__in=[request_label, delivery_label], target_id__in=[str(req.pk), str(d2.pk)]
        )
        .exclude(target_type=request_label, target_id=str(d2.pk))
        .exclude(target_type=delivery_label, target_id=str(req.pk))
        .order_by("at", "pk")
        .values_list("target_type", "target_id")
    )
    assert got == expected
    assert (delivery_label, str(d2.pk)) in got
    assert (request_label, str(req.pk)) in got
    assert (delivery_label, str(d1.pk)) not in got
    assert list(audit_queries.timeline([])) == []


def test_the_consultation_timeline_names_the_recipient_of_each_shown_copy(bodies, regulation):
    req = both_answered(bodies, regulation, with_files=False)
    d2 = delivery(req, bodies.xa2)
    events = queries.timeline(req, [d2])
    assert {e.recipient_name for e in events if e.target_type == Delivery._meta.label_lower} == {
        bodies.xa2.name
    }
    assert {e.recipient_name for e in events if e.target_type != Delivery._meta.label_lower} == {""}
    assert not any(e.target_id == str(delivery(req, bodies.xa1).pk) for e in events if e.recipient_name)


# --- the pages and the API agree ----------------------------------------------------------------------


def _web_view(client, req, names: dict[str, Attachment]) -> dict:
    downloads = {
        n: client.get(reverse("consult-attachment", args=[a.pk])).status_code for n, a in names.items()
    }
    response = client.get(reverse("consult-detail", args=[req.pk]))
    if response.status_code != 200:
        return {"status": response.status_code, "downloads": downloads}
    tree = lxml_html.fromstring(response.content.decode())
    text = " ".join(tree.text_content().split())
    return {
        "status": 200,
        "deliveries": sorted(
            int(i.removeprefix("delivery-")) for i in tree.xpath("//tr[starts-with(@id, 'delivery-')]/@id")
        ),
        "attachments": [
            " ".join(a.text_content().split()) for a in tree.xpath("//ul[@id='attachments']/li/a")
        ],
        "secrets": [s in text for s in (XA1_SECRET, XA2_SECRET)],
        "downloads": downloads,
    }


def _api_view(client, req, names: dict[str, Attachment]) -> dict:
    downloads = {n: client.get(f"{API}/attachments/{a.pk}/").status_code for n, a in names.items()}
    response = client.get(f"{API}/requests/{req.pk}/")
    if response.status_code != 200:
        return {"status": response.status_code, "downloads": downloads}
    body = response.json()
    text = json.dumps(body, ensure_ascii=False)
    return {
        "status": 200,
        "deliveries": sorted(d["id"] for d in body["deliveries"]),
        "attachments": [a["name"] for a in body["attachments"]],
        "secrets": [s in text for s in (XA1_SECRET, XA2_SECRET)],
        "downloads": downloads,
    }


def test_the_pages_and_the_api_show_each_viewer_the_same_copies_and_files(client, bodies, regulation):
    req = escalated(bodies, regulation)
    names = files(req)
    d1, d2 = delivery(req, bodies.xa1), delivery(req, bodies.xa2)
    everything = {
        "status": 200,
        "deliveries": sorted([d1.pk, d2.pk]),
        "attachments": ["du-thao.pdf", "y-kien-xa-mot.pdf", "y-kien-xa-hai.pdf"],
        "secrets": [True, True],
        "downloads": {"du-thao.pdf": 200, "y-kien-xa-mot.pdf": 200, "y-kien-xa-hai.pdf": 200},
    }
    expected = {
        "specialist": everything,
        "btv_leader": everything,
        "xa1_cv": {
            "status": 200,
            "deliveries": [d1.pk],
            "attachments": ["du-thao.pdf", "y-kien-xa-mot.pdf"],
            "secrets": [True, False],
            "downloads": {"du-thao.pdf": 200, "y-kien-xa-mot.pdf": 200, "y-kien-xa-hai.pdf": 404},
        },
        "xa2_cv": {
            "status": 200,
            "deliveries": [d2.pk],
            "attachments": ["du-thao.pdf", "y-kien-xa-hai.pdf"],
            "secrets": [False, True],
            "downloads": {"du-thao.pdf": 200, "y-kien-xa-mot.pdf": 404, "y-kien-xa-hai.pdf": 200},
        },
        "outsider_user": {
            "status": 404,
            "downloads": {"du-thao.pdf": 404, "y-kien-xa-mot.pdf": 404, "y-kien-xa-hai.pdf": 404},
        },
    }
    with time_machine.travel(at("2025-01-24", 9), tick=False):
        for name, want in expected.items():
            client.force_login(getattr(bodies, name))
            web, api = _web_view(client, req, names), _api_view(client, req, names)
            assert (name, web) == (name, want)
            assert (name, api) == (name, want)
