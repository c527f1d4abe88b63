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
def page(browser, live_server):  # type: ignore[no-untyped-def]
    """A fresh page; any request to a host other than the live server fails the test (no CDN)."""
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    local = urlparse(live_server.url).netloc
    foreign: list[str] = []

    def guard(route):  # type: ignore[no-untyped-def]
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


@pytest.fixture
def login(page, live_server):  # type: ignore[no-untyped-def]
    def do_login(username: str, password: str) -> None:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")

    return do_login
