"""Issue 3 in a real browser: draft → leader sends → one commune answers, the other stays silent →
the sweep (--now after the deadline) applies deemed consent → the sender sees both positions."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.consultations.models import CoordinationRequest
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.workdays.queries import current_calendar
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_request_to_two_communes_answer_and_deemed_consent(page, live_server, login):
    call_command("load_regulations", stdout=StringIO())
    btv = OrganizationFactory(
        name="Ban Thường vụ Tỉnh ủy",
        abbreviation="BTVTU",
        kind=OrganizationKind.STANDING_COMMITTEE,
        level=Level.PROVINCE,
    )
    ban = OrganizationFactory(
        name="Ban Nội chính Tỉnh ủy",
        abbreviation="BNCTU",
        kind=OrganizationKind.INTERNAL_AFFAIRS_BOARD,
        level=Level.PROVINCE,
        superior=btv,
    )
    xa1 = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPH")
    xa2 = OrganizationFactory(name="Đảng ủy xã Hoàng Hoa Thám", abbreviation="DUHHT")
    specialist = UserFactory(organization=ban, role=Role.SPECIALIST, full_name="Chuyên viên Ban")
    leader = UserFactory(organization=ban, role=Role.LEADER, full_name="Lãnh đạo Ban")
    # the commune's leader answers directly (a specialist answers through a draft: test_assignment_flow.py)
    xa1_user = UserFactory(organization=xa1, role=Role.LEADER, full_name="Lãnh đạo Phố Hiến")
    UserFactory(organization=xa2, role=Role.SPECIALIST)

    # the specialist drafts
    login(specialist.username, PASSWORD)
    page.goto(f"{live_server.url}/phoi-hop/moi/")
    page.select_option(
        "#id_regulation",
        label=page.locator(
            "#id_regulation option", has_text="Ban Nội chính Tỉnh ủy – các đảng ủy xã"
        ).first.inner_text(),
    )
    page.select_option("#id_kind", "consultation")
    page.fill("#id_subject", "Xin ý kiến dự thảo Kế hoạch kiểm tra năm 2027")
    page.check(f"#recipient-{xa1.pk}")  # the recipient picker (issue 11, part 5)
    page.check(f"#recipient-{xa2.pk}")
    page.click("button:has-text('Lưu dự thảo')")
    page.click("button:has-text('Trình lãnh đạo duyệt')")
    assert "Chờ lãnh đạo duyệt" in page.locator("#request-state").inner_text()
    request_url = page.url
    logout(page, live_server)

    # the leader signs and sends
    login(leader.username, PASSWORD)
    page.goto(request_url)
    page.click("#approve-send")
    assert page.locator("#document-number").inner_text() == "1-CV/BNCTU"
    logout(page, live_server)

    # commune 1 answers, commune 2 stays silent
    login(xa1_user.username, PASSWORD)
    page.goto(f"{live_server.url}/phoi-hop/den/")
    page.click("#inbox a:has-text('1-CV/BNCTU')")
    page.check("input[name=position][value=agree]")
    page.click("button:has-text('Gửi ý kiến')")
    assert "Đã gửi ý kiến trả lời." in page.locator(".messages").inner_text()
    logout(page, live_server)

    # the sweep, run by an operator with --now after the deadline day
    request = CoordinationRequest.objects.get()
    received = timezone.localdate(request.sent_at)
    deadline = current_calendar().add_working_days(received, 5)
    after = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(8, 0)).isoformat() + "+07:00"
    call_command("sweep", "--now", after, stdout=StringIO())

    # the sender's page shows both positions
    login(specialist.username, PASSWORD)
    page.goto(request_url)
    rows = page.locator("#positions tbody tr")
    first = page.locator(f"#positions tr:has-text('{xa1.name}')")
    second = page.locator(f"#positions tr:has-text('{xa2.name}')")
    assert rows.count() == 2
    assert "Đã trả lời" in first.locator(".delivery-state").inner_text()
    assert "Đồng ý" in first.locator(".delivery-position").inner_text()
    assert "Coi như đồng ý" in second.locator(".delivery-state").inner_text()
    assert "Coi như đồng ý — cùng chịu trách nhiệm" in second.locator(".delivery-position").inner_text()
