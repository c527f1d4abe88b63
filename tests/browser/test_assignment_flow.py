"""Issue 11, part 2 in a real browser: a leader of the recipient assigns the incoming copy to a specialist, the
specialist drafts the answer and submits it, the leader approves and sends it, and the sender sees the answer
signed by the leader."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from phoihop.accounts.enums import Role
from phoihop.consultations.domain import actions
from phoihop.consultations.enums import RequestKind
from phoihop.consultations.models import Delivery
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.regulations.queries import current_version
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_assign_draft_approve_and_the_sender_sees_the_answer(page, live_server, login):
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
    xa = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPH")
    specialist = UserFactory(organization=ban, role=Role.SPECIALIST, full_name="Chuyên viên Ban")
    leader = UserFactory(organization=ban, role=Role.LEADER, full_name="Lãnh đạo Ban")
    xa_leader = UserFactory(organization=xa, role=Role.LEADER, full_name="Bí thư Phố Hiến")
    xa_cv = UserFactory(organization=xa, role=Role.SPECIALIST, full_name="Chuyên viên Phố Hiến")
    regulation = next(
        r
        for code in ("003", "001", "000", "002", "004")
        if (r := current_version(code)) is not None
        and r.role_of(ban.kind, ban.level) is not None
        and r.role_of(xa.kind, xa.level) is not None
    )
    request = actions.create_request(
        specialist,
        regulation=regulation,
        kind=RequestKind.CONSULTATION,
        subject="Xin ý kiến dự thảo Kế hoạch kiểm tra năm 2027",
        recipients=[xa],
    )
    actions.submit_for_approval(specialist, request)
    actions.approve_and_send(leader, request)
    copy = Delivery.objects.get(request=request)
    request_url = f"{live_server.url}{request.get_absolute_url()}"
    internal = (copy.deadline or timezone.localdate() + dt.timedelta(days=3)) - dt.timedelta(days=1)
    internal = max(internal, timezone.localdate())

    # the commune's leader assigns the copy to its specialist, with an internal date
    login(xa_leader.username, PASSWORD)
    page.goto(request_url)
    page.click(f"#internal-{copy.pk} summary:has-text('Giao xử lý')")
    page.select_option(f"#id_assign_{copy.pk}_assignee", label="Chuyên viên Phố Hiến")
    page.fill(f"#id_assign_{copy.pk}_internal_deadline", f"{internal:%d/%m/%Y}")
    page.click(f"#assign-{copy.pk}")
    assert "Đã giao xử lý." in page.locator(".messages").inner_text()
    assert page.locator(f"#assignment-{copy.pk} .assignee").inner_text() == "Chuyên viên Phố Hiến"
    logout(page, live_server)

    # the specialist drafts the answer and submits it; answering directly is not offered
    login(xa_cv.username, PASSWORD)
    page.goto(request_url)
    assert page.locator("form.answer-form").count() == 0
    page.click(f"#internal-{copy.pk} summary:has-text('Soạn trả lời')")
    page.select_option(f"#id_draft_{copy.pk}_position", "agree_with_comments")
    page.fill(f"#id_draft_{copy.pk}_text", "Đề nghị bổ sung đối tượng kiểm tra.")
    page.click(f"#draft-save-{copy.pk}")
    assert "Đã lưu dự thảo trả lời." in page.locator(".messages").inner_text()
    page.click(f"#draft-submit-{copy.pk}")
    assert "Chờ lãnh đạo duyệt" in page.locator(f"#draft-{copy.pk} .draft-state").inner_text()
    logout(page, live_server)

    # the leader approves and sends it as the body's answer
    login(xa_leader.username, PASSWORD)
    page.goto(request_url)
    assert "Đề nghị bổ sung đối tượng kiểm tra." in page.locator(f"#draft-{copy.pk}").inner_text()
    page.click(f"#draft-approve-{copy.pk}")
    assert "Đã duyệt, ký và gửi trả lời." in page.locator(".messages").inner_text()
    logout(page, live_server)

    # the sender sees the answer, signed by the commune's leader, and nothing of the internal steps
    login(specialist.username, PASSWORD)
    page.goto(request_url)
    row = page.locator(f"#delivery-{copy.pk}")
    assert "Đã trả lời" in row.locator(".delivery-state").inner_text()
    position = row.locator(".delivery-position").inner_text()
    assert "Đồng ý, có ý kiến" in position
    assert "Đề nghị bổ sung đối tượng kiểm tra." in position
    assert "Bí thư Phố Hiến" in position
    assert page.locator(f"#internal-{copy.pk}").count() == 0
    assert "Chuyên viên Phố Hiến" not in page.content()
