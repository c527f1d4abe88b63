"""Issue 13 point 4 in a real browser: the same complaint reached the Ban Nội chính and xã Một; xã Một's clerk opens
its petition, the page proposes the Ban's petition as the same matter, the clerk links it and sees the matter with
each body's part (of the Ban's only its body, register code, date and state, never its text), then unlinks it
(asked to confirm first)."""

from __future__ import annotations

import pytest

from phoihop.petitions.models import Petition
from tests.factories import PASSWORD
from tests.matters.conftest import new_petition
from tests.matters.variants import VARIANTS
from tests.personas import Personas

pytestmark = pytest.mark.django_db(transaction=True)

BAN_MARK = "MAT-DON-BAN-7Q"


def test_a_clerk_links_the_proposed_matter_and_unlinks_it(page, live_server, login, dialogs):
    p = Personas()
    _, _, _, title, content = VARIANTS[0]
    ban = new_petition(p.ban, f"{title} {BAN_MARK}", f"{content} {BAN_MARK}", received_on="2027-03-02")
    xa1 = new_petition(p.xa1, title, content, received_on="2027-03-04")
    login(p.xa1_clerk.username, PASSWORD)
    page.goto(f"{live_server.url}/don-thu/{xa1.pk}/")
    proposals = page.locator("#matter-proposals")
    assert "Đơn này có thể trùng với vụ việc của đơn:" in proposals.inner_text()
    assert (
        f"Ban Nội chính Tỉnh ủy — đơn số {ban.register_code}, nhận ngày 02/03/2027" in proposals.inner_text()
    )
    assert BAN_MARK not in page.content()
    page.click("#matter-proposals .matter-link-form button[type=submit]")
    matter = Petition.objects.get(pk=xa1.pk).matter
    assert matter is not None
    page.wait_for_url(f"{live_server.url}/vu-viec-chung/{matter.pk}/")
    parts = page.locator("section.matter-part h2").all_inner_texts()
    assert parts == ["Đảng ủy xã An Một (cơ quan mình)", "Ban Nội chính Tỉnh ủy"]
    assert title in page.content()
    assert BAN_MARK not in page.content()
    page.click(".matter-unlink-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/don-thu/{xa1.pk}/")
    assert dialogs == ["Gỡ đơn này khỏi vụ việc chung?"]
    assert Petition.objects.get(pk=xa1.pk).matter_id is None
    assert page.locator("#matter-proposals .matter-link-form").count() == 1  # proposed again
