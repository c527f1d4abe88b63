"""Issue 13 point 6 in a real browser: xã Một's specialist adds today to the reception schedule (typed dd/mm/yyyy)
and sees the month still below the commune's two days; records the session with a person who came (shown only by
the protected identity's handle), gives a follow-up, finds the written answer in the work queue and records it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from phoihop.common.clock import local_date
from phoihop.reception.models import ReceptionSession
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)

VISITOR = "Nguyễn Thị Hồng Nhung"


def test_xa_mot_plans_records_and_answers(page, live_server, login):
    p = Personas()
    today = local_date(timezone.now())
    typed = f"{today:%d/%m/%Y}"
    login(p.xa1_cv.username, PASSWORD)
    page.click("nav.mainnav a:has-text('Tiếp công dân')")
    page.click("nav.subnav a:has-text('Lịch tiếp dân')")
    page.fill("#id_day", typed)
    page.select_option("#id_secretary_user", str(p.xa1_leader.pk))
    page.fill("#id_place", "Hội trường Đảng ủy")
    page.click("#reception-plan-form button[type=submit]")
    page.wait_for_selector("#reception-schedule:has-text('Hội trường Đảng ủy')")
    assert "Dưới mức tối thiểu: 1/2 ngày tiếp dân trong tháng." in page.inner_text("#reception-month-check")

    page.click("nav.subnav a:has-text('Các buổi tiếp dân')")
    page.click("#reception-record")
    page.fill("#id_held_on", typed)
    page.select_option("#id_secretary_user", str(p.xa1_leader.pk))
    page.fill("#id_people_count", "2")
    page.fill("#id_visitors", f"{VISITOR}; thôn Một; 0912345678")
    page.fill("#id_matters", "Đường thôn Một xuống cấp")
    page.fill("#id_conclusions", "Giao UBND xã kiểm tra")
    page.click("#reception-record-form button[type=submit]")
    session = ReceptionSession.objects.get()
    page.wait_for_url(f"{live_server.url}/tiep-cong-dan/{session.pk}/")
    handle = session.visitors.get().identity.handle
    assert page.inner_text("#reception-visitors") == handle
    assert VISITOR not in page.content()
    assert "Tiếp dân định kỳ" in page.content()

    page.fill("#id_task", "Kiểm tra tuyến đường thôn Một")
    page.fill("#id_due_on", typed)
    page.click("#reception-followup-form button[type=submit]")
    page.wait_for_selector("#reception-followups:has-text('Kiểm tra tuyến đường thôn Một')")

    page.click("nav a#nav-work")
    item = page.locator("tr.work-item", has_text="Buổi tiếp dân ngày")
    assert item.count() == 1
    item.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/tiep-cong-dan/{session.pk}/")
    page.fill("#id_number", "12-CV/ĐU")
    page.fill("#id_summary", "Đã trả lời về tuyến đường")
    page.click("#reception-answer-form button[type=submit]")
    page.wait_for_selector("#reception-answer-state:has-text('Đã trả lời bằng văn bản')")
    session.refresh_from_db()
    assert (session.answer_state, session.answer_sent_on) == ("sent", today)
