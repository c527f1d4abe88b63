"""A new version of a regulation supersedes the old one for new work while older work keeps its own rules
(deadline, sweep, recomputation after a calendar change, the page it links to)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from lxml import html as lxml_html

from phoihop.consultations.domain import actions
from phoihop.consultations.enums import DeliveryState, RequestKind
from phoihop.consultations.models import CoordinationRequest
from phoihop.regulations import queries
from phoihop.regulations.domain import load_regulation_files
from phoihop.scheduler.registry import run_sweep
from phoihop.workdays.domain import set_override
from phoihop.workdays.enums import OverrideKind, OverrideStatus
from tests.consultations.conftest import Bodies, at

from .conftest import edit

pytestmark = pytest.mark.django_db


def _send(bodies: Bodies, regulation, subject: str) -> CoordinationRequest:
    with time_machine.travel(at("2025-01-22", 8), tick=False):
        req = actions.create_request(
            bodies.specialist,
            regulation=regulation,
            kind=RequestKind.CONSULTATION,
            subject=subject,
            recipients=[bodies.xa1, bodies.xa2],
        )
        actions.submit_for_approval(bodies.specialist, req)
        actions.approve_and_send(bodies.leader, req)
    return req


def _deadlines(req: CoordinationRequest) -> set[dt.date | None]:
    return {d.deadline for d in req.deliveries.all()}


def _deemed(now: dt.datetime) -> int:
    return int(run_sweep(now)["consultations.deadlines"]["deemed_consent"])


def test_a_new_version_is_used_for_new_work_and_older_work_keeps_its_own(
    client, loaded, data_copy, django_capture_on_commit_callbacks
):
    bodies = Bodies()
    v2 = loaded["003"]
    assert v2.version == 3  # (named v2 when 003 was at version 2)
    old = _send(bodies, v2, "Theo phiên bản 2")
    assert _deadlines(old) == {dt.date(2025, 2, 5)}  # 5 working days from 22/01, across Tết

    edit(data_copy / "003.yaml", "version: 3", "version: 4")
    # the consultation block and the rule of the request kind "consultation" (the one deadlines use)
    edit(data_copy / "003.yaml", "  working_days: 5", "  working_days: 6", count=2)
    load_regulation_files([data_copy / "003.yaml"])
    v3 = queries.current_version("003")
    assert v3 is not None
    assert (v3.version, v3.consultation_rule.working_days) == (4, 6)
    assert v3.kind_rule("consultation").working_days == 6

    # new work: the form offers the current version only, and refuses the superseded one
    client.force_login(bodies.specialist)
    form = client.get(reverse("consult-create"))
    offered = {(r.code, r.version) for r in form.context["form"].fields["regulation"].queryset}
    assert offered == {("001", 3), ("003", 4), ("004", 3)}  # the Ban is bound by 001, 003 and 004
    response = client.post(
        reverse("consult-create"),
        {
            "regulation": str(v2.pk),
            "kind": "consultation",
            "subject": "Theo phiên bản cũ",
            "recipients": [str(bodies.xa1.pk)],
        },
    )
    assert response.status_code == 400
    assert "regulation" in response.context["form"].errors
    assert CoordinationRequest.objects.count() == 1
    new = _send(bodies, v3, "Theo phiên bản 3")
    assert _deadlines(new) == {dt.date(2025, 2, 6)}

    # older work keeps version 2: its deadlines, and its page links to version 2 with the supersede note
    old.refresh_from_db()
    assert (old.regulation_id, _deadlines(old)) == (v2.pk, {dt.date(2025, 2, 5)})
    page = lxml_html.fromstring(client.get(reverse("consult-detail", args=[old.pk])).content.decode())
    link = page.xpath("//a[@id='request-regulation']/@href")
    assert link == ["/quy-che/003/?phien-ban=3"]
    v1_page = " ".join(lxml_html.fromstring(client.get(link[0]).content.decode()).text_content().split())
    assert "Phiên bản này đã được thay bằng phiên bản 4; chỉ áp dụng cho việc đã tạo theo nó." in v1_page
    assert "Trả lời trong 05 ngày làm việc kể từ ngày nhận" in v1_page

    # a change of the calendar recomputes each request with its own version's rule
    with (
        time_machine.travel(at("2025-01-24", 8), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        set_override(
            actor=None,
            day=dt.date(2025, 2, 4),
            kind=OverrideKind.DAY_OFF,
            name="Nghỉ đột xuất",
            status=OverrideStatus.OFFICIAL,
        )
    assert (_deadlines(old), _deadlines(new)) == ({dt.date(2025, 2, 6)}, {dt.date(2025, 2, 7)})

    # and the sweep deems each at the end of its own deadline day
    assert _deemed(at("2025-02-07", 0)) == 2
    assert {d.state for d in old.deliveries.all()} == {DeliveryState.DEEMED_CONSENT}
    assert {d.state for d in new.deliveries.all()} == {DeliveryState.RECEIVED}
    assert _deemed(at("2025-02-08", 0)) == 2
    assert {d.state for d in new.deliveries.all()} == {DeliveryState.DEEMED_CONSENT}
