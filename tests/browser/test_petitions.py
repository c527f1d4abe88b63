"""Issue 13 in a real browser: xã Một's clerk registers a denunciation from the suggestion box (two signers, one
added with "Thêm người ký"); the page proposes the matter it duplicates (the same denunciation the district's
inspection committee received) and the clerk links it; a specialist classifies it as outside the commune's
competence; the leader transfers it to the Ban Nội chính (asked to confirm); the Ban sees no signer's identity,
accepts it and reports the result; xã Một sees its petition closed with the Ban's result."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from phoihop.identities.domain.protect import Person
from phoihop.petitions.domain import actions
from phoihop.petitions.models import Petition
from tests.factories import PASSWORD
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)

SIGNER = "Nguyễn Thị Hồng Nhung"
CONTENT = (
    f"Tôi là {SIGNER}, ở thôn Hai. Tôi tố cáo ông Trần Văn Bảo, chủ tịch xã An Một, thu tiền đền bù "
    "giải phóng mặt bằng của các hộ dân trái quy định."
)


def logout(page, live_server):
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{live_server.url}/dang-nhap/")


def test_a_denunciation_is_registered_transferred_and_closed(page, live_server, login, dialogs):
    p = Personas()
    today = timezone.localdate()
    # the same denunciation reached the district's inspection committee earlier (another greeting, other order)
    actions.register(
        organization_id=p.ubkt.pk,
        intake=actions.Intake(
            received_on=today,
            channel="post",
            kind="denunciation",
            title="Tố cáo chủ tịch xã An Một thu tiền đền bù trái quy định",
            content=(
                "Kính gửi Ủy ban Kiểm tra. Ông Trần Văn Bảo, chủ tịch xã An Một, thu tiền đền bù giải phóng mặt "
                "bằng của các hộ dân trái quy định. Trân trọng."
            ),
            signers=[Person(name="Phạm Văn Quang")],
        ),
        actor=p.ubkt_cv,
    )

    # xã Một's clerk registers the denunciation from the suggestion box
    login(p.xa1_clerk.username, PASSWORD)
    page.click("nav a:has-text('Đơn thư')")
    page.click("#petition-new")
    assert page.locator("#anonymous-rule").is_visible()
    page.select_option("#id_channel", "suggestion_box")
    page.select_option("#id_kind", "denunciation")
    page.fill("#id_title", "Tố cáo chủ tịch xã An Một thu tiền đền bù trái quy định")
    page.fill("#id_content", CONTENT)
    page.fill("#id_signer-0-name", SIGNER)
    page.fill("#id_signer-0-address", "Thôn Hai, xã An Một")
    page.fill("#id_signer-0-contact", "0987654321")
    page.click("#signer-add")
    page.fill("#id_signer-3-name", "Lê Văn Tám")
    page.click("#petition-new-form button[type=submit]")
    petition = Petition.objects.get(organization=p.xa1)
    url = f"{live_server.url}/don-thu/{petition.pk}/"
    page.wait_for_url(url)
    assert petition.signers.count() == 2
    assert SIGNER not in page.content()
    assert page.locator("#petition-signers li").count() == 2
    # the system proposes the matter it duplicates; the clerk links it
    proposal = page.locator("#matter-proposals")
    assert "Ủy ban Kiểm tra Huyện ủy" in proposal.inner_text()
    proposal.locator("button:has-text('Gắn vào vụ việc chung')").click()
    page.wait_for_selector("text=Đã gắn đơn vào vụ việc chung")
    assert "Ủy ban Kiểm tra Huyện ủy" in page.content()  # the matter's page: each body's part
    page.goto(url)
    assert page.locator("#petition-matter").count() == 1
    logout(page, live_server)

    # a specialist classifies it: not within the commune's competence
    login(p.xa1_cv.username, PASSWORD)
    page.goto(url)
    page.check("#classify_within_competence_1")
    page.click("#petition-classify-form button[type=submit]")
    page.wait_for_selector("text=Đã phân loại đơn.")
    logout(page, live_server)

    # the leader transfers it to the Ban Nội chính with the redacted text, asked to confirm
    login(p.xa1_leader.username, PASSWORD)
    page.goto(url)
    page.select_option("#transfer_to_organization", str(p.ban.pk))
    page.fill("#transfer_letter", "15/CV-DU")
    page.fill("#transfer_result_due_on", (today + dt.timedelta(days=30)).strftime("%d/%m/%Y"))
    page.click("#petition-transfer-form button[type=submit]")
    page.wait_for_selector("#petition-state:has-text('Đã chuyển đơn')")
    assert dialogs == ["Chuyển đơn này? Sau khi chuyển không hoàn tác được."]
    logout(page, live_server)

    # the Ban: no identity on its page; it accepts the petition and reports the result
    moved = Petition.objects.get(source=petition)
    moved_url = f"{live_server.url}/don-thu/{moved.pk}/"
    login(p.ban_cv.username, PASSWORD)
    page.goto(moved_url)
    text = page.content()
    assert SIGNER not in text
    assert "Nguyen Thi Hong Nhung" not in text
    assert "0987654321" not in text
    assert "Xem danh tính" not in text
    page.check("#classify_within_competence_0")
    page.click("#petition-classify-form button[type=submit]")
    page.wait_for_selector("text=Đã phân loại đơn.")
    logout(page, live_server)
    login(p.ban_leader.username, PASSWORD)
    page.goto(moved_url)
    page.click("#petition-accept-form button[type=submit]")
    page.wait_for_selector("#petition-state:has-text('Đang giải quyết')")
    page.fill("#result_text", "Đã xác minh: tố cáo đúng một phần, kiến nghị kỷ luật")
    page.click("#petition-result-form button[type=submit]")
    page.wait_for_selector("#petition-state:has-text('Đã có kết quả')")
    logout(page, live_server)

    # xã Một sees its petition closed, with the Ban's result
    login(p.xa1_clerk.username, PASSWORD)
    page.goto(url)
    assert page.inner_text("#petition-state") == "Đã có kết quả"
    assert "kiến nghị kỷ luật" in page.inner_text("#petition-followup-result")
    petition.refresh_from_db()
    assert petition.state == "closed"
