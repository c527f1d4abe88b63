"""Issue 8, defect 3: who may ask whom for an ad hoc or thematic report comes from the regulation data —
the lead body asks its partners, an authority asks the bodies it directs; everything else is refused and
nothing is created."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from phoihop.audit.models import AuditEvent
from phoihop.common.errors import PolicyViolation
from phoihop.notifications.models import Notification
from phoihop.regulations.queries import current_version
from phoihop.reports.domain import actions
from phoihop.reports.domain.asking import reportable
from phoihop.reports.enums import SlotOrigin
from phoihop.reports.models import ReportRequest, ReportSlot

from .api_helpers import API, login, post_json
from .conftest import at

pytestmark = pytest.mark.django_db


def _ask(actor, reporters, code=None):
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        return actions.create_request(
            actor,
            origin=SlotOrigin.AD_HOC,
            subject="Báo cáo nhanh",
            reporters=reporters,
            regulation=current_version(code) if code else None,
            working_days=3,
        )


def _nothing_created() -> tuple[int, int, int, int]:
    return (
        ReportRequest.objects.count(),
        ReportSlot.objects.filter(request__isnull=False).count(),
        Notification.objects.filter(kind="report.requested").count(),
        AuditEvent.objects.filter(target_type="reports.reportrequest").count(),
    )


def test_a_commune_cannot_impose_a_report_on_the_provincial_standing_committee(regs, province):
    p = province
    with pytest.raises(PolicyViolation) as exc:
        _ask(p.xa1_cv, [p.btv, p.xa2])
    assert exc.value.code == "not_reportable"
    assert exc.value.message == (
        "Đảng ủy xã An Một không được yêu cầu Ban Thường vụ Tỉnh ủy, Đảng ủy xã An Hai báo cáo theo các quy "
        "chế đang áp dụng: cơ quan chủ trì yêu cầu các cơ quan phối hợp của quy chế; cấp có thẩm quyền yêu cầu "
        "các cơ quan mình chỉ đạo."
    )
    assert _nothing_created() == (0, 0, 0, 0)


def test_the_lead_body_asks_its_partners_only_under_the_named_regulation(regs, province):
    p = province
    assert ReportSlot.objects.filter(request=_ask(p.ban_cv, [p.xa1, p.hu], None)).count() == 2
    with pytest.raises(PolicyViolation) as exc:  # district committees are 004's partners, not 003's
        _ask(p.ban_cv, [p.hu], "003")
    assert exc.value.message.startswith(
        f"Ban Nội chính Tỉnh ủy không được yêu cầu Huyện ủy Tây Sơn báo cáo theo {current_version('003').display_name}:"
    )
    with pytest.raises(PolicyViolation):  # the farmers' association is a partner of 002, led by the Front
        _ask(p.ban_cv, [p.farmers])


def test_what_each_body_may_ask(regs, province):
    p = province
    import datetime as dt

    regs_ = actions.asking_regulations()
    today = dt.date(2027, 4, 28)

    def names(org):
        return sorted(
            o.abbreviation for o in type(org).objects.filter(pk__in=list(reportable(org, regs_, today)))
        )

    # Ban Nội chính leads 003 (communes) and 004 (district committees, the two bloc committees)
    assert names(p.ban) == sorted(["DUKDN", "DUCCQ", "DUX1", "DUX2", "HU", "HU2"])
    # the provincial standing committee is the authority of 001, 003 and 004: it asks their bodies
    assert {"BNCTU", "DUX1", "DUX2", "HU", "HU2", "DUCCQ", "DUKDN"} <= set(names(p.btv))
    # 000's authority is a district standing committee: it directs its own district's bodies only
    assert "UBKT" in names(p.btv_hu)
    assert "UBKT2" not in names(p.btv_hu)
    assert "UBKT2" in names(p.btv_hu2)
    assert "UBKT" not in names(p.btv_hu2)
    # partners ask nobody for reports; neither does a body no regulation names
    assert names(p.xa1) == []
    assert names(p.farmers) == []


def test_api_refuses_with_the_error_body_and_creates_nothing(client, regs, province):
    p = province
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        login(client, p.xa1_cv)
        response = post_json(
            client,
            f"{API}/requests/",
            {"origin": "ad_hoc", "subject": "Báo cáo", "reporters": [str(p.btv.pk)], "working_days": 3},
        )
    assert response.status_code == 422, response.content
    body = response.json()
    assert (body["error"], list(body["fields"])) == ("not_reportable", ["reporters"])
    assert _nothing_created() == (0, 0, 0, 0)


def test_the_page_offers_only_the_bodies_this_body_may_ask(client, regs, province):
    p = province
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        client.force_login(p.xa1_cv)
        page = client.get(reverse("reports-request-create"))
        assert page.status_code == 200
        assert list(page.context["form"].fields["reporters"].queryset) == []
        forged = client.post(
            reverse("reports-request-create"),
            {"origin": "ad_hoc", "subject": "Báo cáo", "reporters": [p.btv.pk], "working_days": "3"},
        )
    assert forged.status_code == 400
    assert _nothing_created() == (0, 0, 0, 0)
    with time_machine.travel(at("2027-04-28", 10), tick=False):
        client.force_login(p.ban_cv)
        offered = client.get(reverse("reports-request-create")).context["form"].fields["reporters"].queryset
    assert sorted(o.abbreviation for o in offered) == sorted(["DUKDN", "DUCCQ", "DUX1", "DUX2", "HU", "HU2"])
