"""Issue 4 in a real browser: a commune submits its monthly report with figures (drafted by a specialist,
approved and sent by its leader), the Internal Affairs Committee sees it in the period's table with the
totals, and the commune that did not report is flagged as missing once the due day has passed.

The server's clock is moved with time-machine (the live server runs in this process); it only moves forward
from today, so the browser's cookies stay valid."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from phoihop.accounts.enums import Role
from phoihop.organizations.enums import Level, OrganizationKind
from phoihop.reports.domain.generation import generate_slots
from phoihop.reports.enums import SlotState
from phoihop.reports.models import ReportSlot
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

VN = dt.timezone(dt.timedelta(hours=7))
K = OrganizationKind
FIGURES = {
    "petitions_received": 12,
    "petitions_handled": 10,
    "transferred_petitions_resolved": 2,
    "citizens_received": 30,
    "cases_followed": 4,
    "officials_handled": 1,
    "specialist_visits": 1,
}


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_commune_submits_monthly_report_and_the_committee_sees_it_with_the_missing_one(
    page, live_server, login
):
    call_command("load_regulations", stdout=StringIO())
    tu = OrganizationFactory(
        name="Tỉnh ủy Hưng Yên", abbreviation="TU", kind=K.PARTY_COMMITTEE, level=Level.PROVINCE
    )
    ban = OrganizationFactory(
        name="Ban Nội chính Tỉnh ủy",
        abbreviation="BNCTU",
        kind=K.INTERNAL_AFFAIRS_BOARD,
        level=Level.PROVINCE,
        superior=tu,
    )
    commune = {"kind": K.PARTY_COMMITTEE, "level": Level.COMMUNE, "superior": tu}
    xa1 = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPH", **commune)
    xa2 = OrganizationFactory(name="Đảng ủy xã Hoàng Hoa Thám", abbreviation="DUHHT", **commune)
    drafter = UserFactory(organization=xa1, role=Role.SPECIALIST)
    leader = UserFactory(organization=xa1, role=Role.LEADER)
    ban_cv = UserFactory(organization=ban, role=Role.SPECIALIST)
    UserFactory(organization=xa2, role=Role.SPECIALIST)
    generate_slots(2027, codes=["003"])

    # 20/01/2027: the specialist drafts January's report (due Friday 29/01/2027), the leader sends it.
    with time_machine.travel(dt.datetime(2027, 1, 20, 9, 0, tzinfo=VN), tick=True):
        login(drafter.username, PASSWORD)
        page.goto(f"{live_server.url}/bao-cao/?nam=2027")
        page.click("#own-slots tr:has-text('Tháng 1/2027') a")
        assert page.locator("#due-on").inner_text().startswith("29/01/2027")
        for code, value in FIGURES.items():
            page.fill(f"#id_fig_{code}", str(value))
        page.set_input_files(
            "#id_document",
            files=[
                {"name": "bao-cao-thang-1.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 thang 1"}
            ],
        )
        page.click("#save-draft")
        assert "Đã lưu dự thảo báo cáo." in page.locator(".messages").inner_text()
        page.click("#submit-approval")
        assert "Chờ lãnh đạo duyệt" in page.locator("#draft-state").inner_text()
        slot_url = page.url
        logout(page, live_server)

        login(leader.username, PASSWORD)
        page.goto(slot_url)
        page.click("#approve-send")
        assert "Đã duyệt và gửi báo cáo." in page.locator(".messages").inner_text()
        assert "Đã gửi" in page.locator("#slot-state").inner_text()
        assert "Đúng hạn" in page.locator("#slot-state").inner_text()
        logout(page, live_server)

    # The sweep, run by an operator after the due day, marks the silent commune overdue.
    call_command("sweep", "--now", "2027-02-01T08:00+07:00", stdout=StringIO())

    # 01/02/2027, after the due day: the committee opens the period's table.
    with time_machine.travel(dt.datetime(2027, 2, 1, 8, 30, tzinfo=VN), tick=True):
        login(ban_cv.username, PASSWORD)
        page.goto(f"{live_server.url}/bao-cao/nhan/?nam=2027")
        page.click("#periods tr:has-text('Tháng 1/2027') a")
        reported = page.locator(f"#reporter-{xa1.pk}")
        missing = page.locator(f"#reporter-{xa2.pk}")
        assert reported.locator(".punctuality").inner_text() == "Đúng hạn"
        assert missing.locator(".punctuality").inner_text() == "Chưa gửi, đã quá hạn"
        assert reported.locator("td.num").all_inner_texts() == [str(v) for v in FIGURES.values()]
        assert page.locator("#totals th.num").all_inner_texts() == [str(v) for v in FIGURES.values()]
        assert missing.locator(".state").inner_text() == "Quá hạn, chưa gửi"
        assert "Chưa gửi, đã quá hạn: 1" in page.locator("#counts").inner_text()
        page.click("#remind")
        assert "Đã nhắc 1 cơ quan gửi báo cáo." in page.locator(".messages").inner_text()

    states = dict(
        ReportSlot.objects.filter(period_key="2027-01").values_list("reporter__abbreviation", "state")
    )
    assert states == {"DUPH": SlotState.SUBMITTED, "DUHHT": SlotState.OVERDUE}
