"""Small screens and confirmations in a real browser (issue 11, parts 9 and 4).

At 390 px wide (a phone) no page scrolls sideways — the home page, the inbox, a request sent to several
recipients, a report and the period table with its rows — and the navigation folds behind a button that opens
it. Irreversible actions ask first (data-confirm, web/static/phoihop/confirm.js): answering "Cancel" sends
nothing, "OK" sends the form.

The data is tests/world.py (the access matrix's), seen at its moment (10/03/2027); the server's clock moves
forward only, so the browser's cookies stay valid."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from phoihop.consultations.enums import RequestState
from phoihop.consultations.models import CoordinationRequest
from tests import world as W
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world():
    with time_machine.travel(W.NOW, tick=False):
        built = W.build_world()
    with time_machine.travel(W.NOW, tick=True):
        yield built


def _scroll_width(page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def _wide_elements(page) -> list[str]:
    """What sticks out on the right, to say why a page scrolls sideways."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 5).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className)"""
    )


def _no_sideways_scroll(page, url: str) -> None:
    page.goto(url)
    assert (url, _scroll_width(page), _wide_elements(page)) == (url, PHONE["width"], [])


def test_at_390px_no_page_scrolls_sideways_and_the_navigation_folds(page, live_server, login, world):
    page.set_viewport_size(PHONE)
    login(world.xa1_cv.username, PASSWORD)  # a commune: the request arrived in its inbox
    base = live_server.url
    for path in (
        reverse("home"),
        reverse("consult-inbox"),
        reverse("consult-detail", args=[world.request.pk]),
        reverse("reports-slot", args=[world.slot.pk]),
    ):
        _no_sideways_scroll(page, base + path)
    assert page.locator("#inbox, #positions, #versions").count() == 1  # the slot page's versions table

    # the navigation is folded: the button opens it, and its links work
    assert page.locator("#main-nav").is_hidden()
    page.click("label.nav-toggle-button")
    assert page.locator("#main-nav").is_visible()
    page.click("#main-nav a[href='/bao-cao/']")
    page.wait_for_url(f"{base}/bao-cao/")
    assert page.locator("#main-nav").is_hidden()  # folded again on the next page
    page.click("label.nav-toggle-button")
    page.click("button:has-text('Đăng xuất')")
    page.wait_for_url(f"{base}/dang-nhap/")

    # the receiving body: the request with both recipients' answers, and the period table with its rows
    login(world.ban_cv.username, PASSWORD)
    _no_sideways_scroll(page, base + reverse("consult-detail", args=[world.request.pk]))
    assert page.locator("#positions tbody tr[id^='delivery-']").count() == 2
    table = reverse("reports-period", args=[world.slot.obligation_id, world.slot.period_key])
    _no_sideways_scroll(page, base + table)
    rows = page.locator("#period-table tbody tr")
    assert rows.count() >= 2
    # each figure says what it is: its column's name above it
    first_figure = rows.first.locator("td.num").first
    label = first_figure.get_attribute("data-label")
    assert label
    assert page.locator("#period-table thead th.num").first.inner_text().strip() == label
    # the stacked row is as wide as the page, no wider
    assert rows.first.bounding_box()["width"] <= PHONE["width"]
    # and the other pages of the navigation
    for name, args in (
        ("consult-outbox", []),
        ("consult-dashboard", []),
        ("consult-create", []),
        ("regulation-list", []),
        ("regulation-detail", [W.REGULATION]),
        ("calendar-year", []),
        ("reports-own", []),
        ("reports-received", []),
        ("reports-request-table", [world.report_request.pk]),
        ("evaluation-index", []),
    ):
        _no_sideways_scroll(page, base + reverse(name, args=args))


def test_sign_and_send_asks_first_and_cancel_sends_nothing(page, live_server, login, world, dialogs):
    login(world.ban_leader.username, PASSWORD)
    page.goto(live_server.url + reverse("consult-detail", args=[world.pending.pk]))
    page.evaluate("window.confirm = (question) => { window.asked = question; return false; }")
    page.click("#approve-send")
    question = page.evaluate("window.asked")
    assert question.startswith("Ký và gửi văn bản này?")
    assert CoordinationRequest.objects.get(pk=world.pending.pk).state == RequestState.PENDING_APPROVAL
    page.reload()  # the real confirm again: the page fixture answers OK
    with page.expect_navigation():
        page.click("#approve-send")
    assert dialogs == [question]
    assert CoordinationRequest.objects.get(pk=world.pending.pk).state == RequestState.SENT
    assert page.locator("#document-number").inner_text().strip() != ""


def test_withdraw_asks_a_reason_then_confirms_and_the_reason_is_shown(
    page, live_server, login, world, dialogs
):
    login(world.ban_leader.username, PASSWORD)
    page.goto(live_server.url + reverse("consult-detail", args=[world.pending.pk]))
    page.click("summary:has-text('Thu hồi')")
    page.click("form.withdraw-form button[type=submit]")  # no reason: the browser asks for it, nothing sent
    assert dialogs == []
    page.fill("form.withdraw-form textarea[name=reason]", "Ban hành nhầm đối tượng")
    with page.expect_navigation():
        page.click("form.withdraw-form button[type=submit]")
    assert len(dialogs) == 1
    assert dialogs[0].startswith("Thu hồi văn bản này?")
    assert page.locator("#withdraw-reason").inner_text().strip() == "Lý do thu hồi: Ban hành nhầm đối tượng"
