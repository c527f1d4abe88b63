"""Issue 11 in a real browser: the work queue ("Việc cần làm") is the home page after login. A specialist submits a
request draft found in their queue, the leader finds it in theirs and signs and sends it; an escalation appears in
the authority's queue and the ruling closes it (it leaves the queue)."""

from __future__ import annotations

import pytest

from phoihop.consultations.domain import actions
from phoihop.consultations.enums import Position, RequestKind
from phoihop.consultations.models import Delivery
from tests.consultations.conftest import Bodies, make_regulation
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Xin ý kiến dự thảo Kế hoạch kiểm tra năm 2027"


@pytest.fixture
def people(transactional_db: None) -> Bodies:
    return Bodies()


@pytest.fixture
def reg(transactional_db: None):
    return make_regulation()


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def queue_rows(page) -> list[str]:
    return [" ".join(t.split()) for t in page.locator("tr.work-item").all_inner_texts()]


def test_a_draft_goes_from_the_specialists_queue_to_the_leaders_and_out(
    page, live_server, login, people, reg
):
    req = actions.create_request(
        people.specialist,
        regulation=reg,
        kind=RequestKind.CONSULTATION,
        subject=SUBJECT,
        recipients=[people.xa1],
    )
    # the specialist finds the draft in "Việc cần làm" and submits it
    login(people.specialist.username, PASSWORD)
    assert page.locator("#work-count").inner_text() == "1"
    page.click(f"tr.work-item a:has-text('{SUBJECT}')")
    page.wait_for_url(f"{live_server.url}/phoi-hop/{req.pk}/")
    page.click("button:has-text('Trình lãnh đạo duyệt')")
    page.goto(f"{live_server.url}/")
    assert page.locator("#work-empty").is_visible()
    assert page.locator("#work-count").count() == 0
    logout(page, live_server)

    # the leader lands on "Việc cần làm", finds it and signs and sends it
    login(people.leader.username, PASSWORD)
    rows = queue_rows(page)
    assert len(rows) == 1
    assert rows[0].startswith(f"Dự thảo chờ duyệt, ký gửi {SUBJECT} {people.specialist}")
    assert page.locator("#work-count").inner_text() == "1"
    page.click(f"tr.work-item a:has-text('{SUBJECT}')")
    page.click("#approve-send")
    assert page.locator("#document-number").inner_text() == "1-CV/BNCTU"
    page.click("#nav-work")
    assert page.locator("#work-empty").is_visible()
    logout(page, live_server)

    # the commune's leader now has it to assign
    login(people.xa1_leader.username, PASSWORD)
    assert queue_rows(page)[0].startswith(f"Cần giao xử lý 1-CV/BNCTU: {SUBJECT} Ban Nội chính Tỉnh ủy")


def test_an_escalation_waits_in_the_authoritys_queue_until_the_ruling(page, live_server, login, people, reg):
    req = actions.create_request(
        people.specialist,
        regulation=reg,
        kind=RequestKind.CONSULTATION,
        subject=SUBJECT,
        recipients=[people.xa1],
    )
    actions.submit_for_approval(people.specialist, req)
    actions.approve_and_send(people.leader, req)
    copy = Delivery.objects.select_related("request").get(request=req)
    actions.answer(people.xa1_leader, copy, position=Position.DISAGREE, text="Không nhất trí mục 3")
    req.refresh_from_db()
    escalation = actions.escalate(people.leader, req, summary="Xin Ban Thường vụ cho ý kiến")

    login(people.btv_leader.username, PASSWORD)
    rows = queue_rows(page)
    assert rows == [
        f"Chờ kết luận {escalation.document_number}: {SUBJECT} Ban Nội chính Tỉnh ủy Ban Thường vụ Tỉnh ủy"
    ]
    page.click(f"tr.work-item a:has-text('{SUBJECT}')")
    page.fill("#id_ruling", "Thống nhất giữ mục 3, bổ sung giải trình")
    page.click("button:has-text('Ghi kết luận')")
    assert "Thống nhất giữ mục 3" in page.locator("#ruling").inner_text()
    page.click("#nav-work")
    assert page.locator("#work-empty").is_visible()
    assert page.locator("#work-count").count() == 0
