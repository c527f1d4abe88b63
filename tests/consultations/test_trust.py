"""Issue 8, defects 2 and 5 for coordination requests: an escalation's positions are shown by organisation id,
never by name; a double click on “escalate” gives the first click's result, not a 500."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.urls import reverse

from phoihop.consultations.domain import actions
from phoihop.consultations.models import Escalation
from phoihop.organizations.models import Organization
from tests.consultations.conftest import at
from tests.consultations.test_pages import XA1_SECRET, XA2_SECRET, both_answered

pytestmark = pytest.mark.django_db

API = "/api/v1/consultations"


def test_renaming_a_body_to_another_recipients_name_does_not_reveal_its_answer(client, bodies, regulation):
    req = both_answered(bodies, regulation)
    with time_machine.travel(at("2025-01-23", 10), tick=False):
        actions.escalate(bodies.leader, req, summary="Còn ý kiến khác nhau")
    # xa1's organisation admin renames the body to xa2's name
    Organization.objects.filter(pk=bodies.xa1.pk).update(name=bodies.xa2.name)

    client.force_login(bodies.xa1_cv)
    page = client.get(reverse("consult-detail", args=[req.pk])).content.decode()
    assert XA1_SECRET in page
    assert XA2_SECRET not in page
    detail = client.get(f"{API}/requests/{req.pk}/").json()
    assert [(p["recipient"], p["text"]) for p in detail["escalation"]["positions"]] == [
        ("Đảng ủy xã An Một", XA1_SECRET)
    ]
    assert XA2_SECRET not in json.dumps(detail, ensure_ascii=False)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(10))
def test_a_double_click_on_escalate_gives_one_escalation_and_no_500(attempt):
    from phoihop.common.errors import DomainError
    from tests.consultations.conftest import Bodies, make_regulation
    from tests.races import race

    bodies = Bodies()
    req = both_answered(bodies, make_regulation())

    def click():
        with time_machine.travel(at("2025-01-23", 10), tick=False):
            return actions.escalate(
                bodies.leader, type(req).objects.get(pk=req.pk), summary="Còn ý kiến khác"
            )

    results = race(click, click)
    made = [r for r in results if isinstance(r, Escalation)]
    refused = [r for r in results if not isinstance(r, Escalation)]
    assert len(made) == 1, results
    assert [(type(r), r.code, str(r)) for r in refused] == [
        (DomainError, "already_escalated", "Văn bản này đã được báo cáo cấp có thẩm quyền.")
    ]
    assert Escalation.objects.filter(request=req).count() == 1
