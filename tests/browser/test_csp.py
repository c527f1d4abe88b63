"""Issue 8, point 9 in a real browser: the main pages (and the Swagger UI page) run under the
Content-Security-Policy without one violation reported in Chromium's console."""

from __future__ import annotations

import pytest

from phoihop.consultations.models import CoordinationRequest
from tests.consultations.conftest import Bodies, make_regulation
from tests.consultations.test_pages import pdf, sent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/",
    "/quy-che/",
    "/lich-lam-viec/",
    "/phoi-hop/bang-dieu-khien/",
    "/phoi-hop/den/",
    "/phoi-hop/di/",
    "/phoi-hop/moi/",
    "/bao-cao/",
    "/danh-gia/",
    "/doi-mat-khau/",
    "/khong-co-trang-nay/",  # the 404 page
]


def test_main_pages_report_no_csp_violation(page, live_server, login, csp_violations):
    bodies = Bodies()
    req: CoordinationRequest = sent(bodies, make_regulation(), files=[pdf()])

    page.goto(f"{live_server.url}/dang-nhap/")
    page.wait_for_load_state("networkidle")
    login(bodies.specialist.username, PASSWORD)
    for path in [*PAGES, f"/phoi-hop/{req.pk}/"]:
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => getComputedStyle(document.body).margin") == "0px", path  # app.css applied
    assert page.evaluate("() => typeof htmx") == "object"  # htmx ran: the script is this site's own file

    # Swagger UI: its start-up script comes from ?script, its styles from files; it renders the schema
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=60_000)
    page.wait_for_load_state("networkidle")
    assert "PhốiHợp API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".swagger-ui .opblock").count() > 10  # the operations of the schema are listed
    # an operation tried from the page: the request goes out, the answer is shown highlighted
    me = page.locator(".swagger-ui .opblock", has=page.locator("[data-path='/api/v1/me/']"))
    me.locator(".opblock-summary").click()
    me.locator("button.try-out__btn").click()
    me.locator("button.execute").click()
    status = me.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip() == "200"
    page.wait_for_load_state("networkidle")
    assert csp_violations == []

    # the listener does hear Chromium: an inline <style> added to a page is refused and reported
    page.goto(f"{live_server.url}/")
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            "() => { const s = document.createElement('style'); s.textContent = 'body{}'; document.head.append(s); }"
        )
    assert len(csp_violations) == 1
    assert "style-src 'self'" in csp_violations[0]
    csp_violations.clear()
