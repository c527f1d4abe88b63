"""Real-browser tests: Playwright's Python API driving Debian's /usr/bin/chromium against live_server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def csp_violations() -> list[str]:
    """What Chromium reported in the console as Content-Security-Policy violations (the page fixture fails on any)."""
    return []


@pytest.fixture
def dialogs() -> list[str]:
    """The confirmation questions the pages asked (data-confirm, web/static/phoihop/confirm.js), in order; each
    is accepted, as a person confirming would."""
    return []


@pytest.fixture
def page(browser, live_server, csp_violations, dialogs):
    """A fresh page; any request to a host other than the live server fails the test (no CDN), and so does any
    Content-Security-Policy violation reported in the console (inline script or style, outside resource)."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()

    def console(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{page.url}: {message.text}")

    page.on("console", console)

    def dialog(question):
        dialogs.append(question.message)
        question.accept()

    page.on("dialog", dialog)
    local = urlparse(live_server.url).netloc
    foreign: list[str] = []

    def guard(route):
        url = route.request.url
        if urlparse(url).netloc != local and not url.startswith(("data:", "blob:")):
            foreign.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", guard)
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert foreign == [], f"pages requested outside resources: {foreign}"
    assert csp_violations == [], f"Content-Security-Policy violations: {csp_violations}"


@pytest.fixture
def login(page, live_server):
    """Log in through the login page. A user who must use two-factor authentication (leader, organisation
    admin, system administrator, staff) has an authenticator app (created if needed) and then types the
    code it shows on the code page, as a person would."""

    def do_login(username: str, password: str) -> None:
        from phoihop.accounts.models import User
        from phoihop.accounts.rules import requires_two_factor
        from tests.otp import code_for, confirmed_app

        user = User.objects.get(username=username)
        device = confirmed_app(user) if requires_two_factor(user) else None
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        if device is not None:
            page.wait_for_url(f"{live_server.url}/xac-thuc-hai-lop/?next=%2F")
            page.fill("#id_code", code_for(device))
            page.click("button[type=submit].primary")
        page.wait_for_url(f"{live_server.url}/")

    return do_login
