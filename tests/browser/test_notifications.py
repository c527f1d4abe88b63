"""Issue 11 in a real browser: the bell's count goes up when something happens to the user (a notification
written by notifications.domain.notify, which every domain event calls) and down as they read: one marked read in
place (HTMX, the count updated by an out-of-band swap, no reload), one opened through its link, then all."""

from __future__ import annotations

import pytest

from phoihop.accounts.enums import Role
from phoihop.notifications.domain import notify
from tests.factories import PASSWORD, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def bell(page) -> str:
    return page.locator("#notification-count").inner_text().strip()


def test_the_bell_goes_up_with_events_and_down_as_they_are_read(page, live_server, login):
    from playwright.sync_api import expect

    org = OrganizationFactory(name="Đảng ủy phường Phố Hiến", abbreviation="DUPH")
    user = UserFactory(organization=org, role=Role.SPECIALIST, full_name="Chuyên viên Phố Hiến")
    login(user.username, PASSWORD)
    assert bell(page) == ""

    for i, url in enumerate(["/thong-bao/cai-dat/", "/lich-lam-viec/", "/quy-che/"], start=1):
        notify([user], kind="test", title=f"Việc mới số {i}", url=url, dedupe_key=f"browser:{i}")
    page.reload()
    assert bell(page) == "3"

    page.click("#notification-bell")
    page.wait_for_url(f"{live_server.url}/thong-bao/")
    assert page.locator("li.notification.unread").count() == 3
    first = page.locator("li.notification", has_text="Việc mới số 1")
    first.locator("button:has-text('Đánh dấu đã đọc')").click()
    expect(page.locator("#notification-count")).to_have_attribute("data-count", "2")
    assert bell(page) == "2"
    assert page.url == f"{live_server.url}/thong-bao/"  # swapped in place, no navigation
    expect(page.locator("li.notification.unread")).to_have_count(2)  # once htmx settled the row
    assert first.locator("strong").count() == 0

    page.click("a:has-text('Việc mới số 2')")
    page.wait_for_url(f"{live_server.url}/lich-lam-viec/")
    assert bell(page) == "1"

    page.goto(f"{live_server.url}/thong-bao/")
    page.click("button:has-text('Đánh dấu tất cả đã đọc')")
    expect(page.locator("#notification-count")).to_have_attribute("data-count", "0")
    assert bell(page) == ""
    expect(page.locator("li.notification.unread")).to_have_count(0)
    assert page.locator("li.notification").count() == 3
