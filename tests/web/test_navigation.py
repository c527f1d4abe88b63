"""Every page a user can reach through the navigation opens (issue 11): for each role of the demo province
(`manage.py load_demo`), every link of the page header (menu and user box) and of each page's sub-menu answers
200 with a page of the site — no placeholder, no 405, no 404 behind a link, no debug page."""

from __future__ import annotations

import io
from urllib.parse import urlparse

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from lxml import html as lxml_html

from phoihop.accounts.models import User

pytestmark = pytest.mark.django_db

# One demo account of each role (tests/organizations/test_demo.py lists them all).
DEMO_ROLES = {
    "admin": "system administrator",
    "bnc.quantri": "organisation administrator",
    "bnc.lanhdao": "leader",
    "bnc.chuyenvien": "specialist",
    "bnc.vanthu": "clerk",
    "phohien.chuyenvien": "specialist of a commune",
    "btv.lanhdao": "leader of the authority",
}
# Links that leave the pages of the site on purpose: logging out is a form, the API's schema is for programs.
NOT_PAGES = ("/api/v1/schema/",)


def _links(page: bytes, xpath: str) -> list[str]:
    tree = lxml_html.fromstring(page)
    found = []
    for href in tree.xpath(xpath):
        url = urlparse(href)
        if url.scheme or url.netloc or not url.path.startswith("/") or url.path in NOT_PAGES:
            continue
        found.append(href)
    return found


def test_every_link_of_the_navigation_opens_for_each_demo_role():
    call_command("load_regulations", stdout=io.StringIO())
    call_command("load_demo", "--allow-demo-password", stdout=io.StringIO(), stderr=io.StringIO())
    failed = {username: _not_opened(username) for username in DEMO_ROLES}
    assert failed == {username: {} for username in DEMO_ROLES}


def _not_opened(username: str) -> dict[str, int]:
    """The links of the navigation that did not open (address → status) for this demo account."""
    client = Client(raise_request_exception=False)
    with time_machine.travel("2026-03-10 09:00 +0700", tick=False):
        client.force_login(User.objects.get(username=username))
        home = client.get("/")
        assert home.status_code == 200
        header = _links(home.content, "//header//a/@href")
        assert "/" in header
        opened: dict[str, int] = {}
        to_visit = list(dict.fromkeys(header))
        while to_visit:
            url = to_visit.pop(0)
            if url in opened:
                continue
            response = client.get(url)
            opened[url] = response.status_code
            if response.status_code != 200 or url.startswith("/admin/"):
                continue
            text = response.content.decode()
            assert "Traceback (most recent call last)" not in text, url  # no debug page
            assert "DEBUG = True" not in text, url
            # a page's own sub-menu (nav.subnav) is navigation too
            for link in _links(response.content, "//main//nav[contains(@class, 'subnav')]//a/@href"):
                if link not in opened:
                    to_visit.append(link)
    assert len(opened) >= 6, (username, opened)
    return {url: status for url, status in opened.items() if status != 200}
