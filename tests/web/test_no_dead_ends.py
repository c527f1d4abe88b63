"""No dead ends (issue 11, part 4): no page address answers 405.

Every route of the site's pages (the URLconf, walked as the access matrix walks it, with its paths filled from
tests/world.py) is opened with GET by members of the bodies taking part; none answers 405. An action (a
POST-only route: web/views/_actions.py) opened with GET goes to the page it belongs to, after the same lookup as
that page (outsiders still get 404: tests/test_access_matrix.py), and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver, resolve, reverse

from phoihop.consultations.models import Delivery
from phoihop.web.views._actions import is_post_action
from tests import world as W
from tests.test_access_matrix import Route, _walk, fill_for, snapshot, url_of

pytestmark = pytest.mark.django_db

# Every route but the API's, which answers a GET of a POST-only route with 405 and its error body as HTTP says
# (it is for programs), the admin site's (Django's own) and /healthz (the monitor's: 503 until a sweep has run,
# tests/common/test_healthz.py). Routes the access matrix cannot fill yet are its
# test_every_route_is_mapped's failure, not this file's.
PAGES = sorted(
    (
        r
        for r in {r.name: r for r in _walk(get_resolver().url_patterns)}.values()
        if not r.api and not r.name.startswith("admin:") and r.name != "healthz" and fill_for(r) is not None
    ),
    key=lambda r: r.name,
)

# Members of the bodies taking part: the sender (the Ban), the recipients (xã Một, xã Hai), the authority (the
# Ban Thường vụ), each role.
MEMBERS = (
    "ban_leader",
    "ban_cv",
    "ban_clerk",
    "xa1_leader",
    "xa1_cv",
    "xa1_clerk",
    "xa2_cv",
    "btv_leader",
)


def _detail(attr: str) -> Callable[[W.World], str]:
    return lambda w: reverse("consult-detail", args=[getattr(w, attr).pk])


def _slot(attr: str) -> Callable[[W.World], str]:
    return lambda w: reverse("reports-slot", args=[getattr(w, attr).pk])


# Page actions whose page is known here: a member who may act on it, and the page its GET must lead to (every
# other action is held to test_every_action_opened_with_get_leads_to_a_page).
ACTION_PAGES: dict[str, tuple[str, Callable[[W.World], str]]] = {
    "consult-submit": ("ban_cv", _detail("pending")),
    "consult-approve": ("ban_leader", _detail("pending")),
    "consult-return": ("ban_leader", _detail("pending")),
    "consult-withdraw": ("ban_leader", _detail("request")),
    "consult-close": ("ban_leader", _detail("request")),
    "consult-meeting": ("ban_cv", _detail("request")),
    "consult-escalate": ("ban_leader", _detail("request")),
    "consult-ruling": ("btv_leader", _detail("request")),
    "consult-answer": ("xa1_cv", _detail("request")),
    "consult-extension": ("xa1_leader", _detail("request")),
    "consult-receipt": ("xa1_clerk", _detail("request")),
    "reports-draft": ("xa1_cv", _slot("slot")),
    "reports-xlsx-upload": ("xa1_cv", _slot("slot")),
    "reports-accept": ("ban_leader", _slot("slot")),
    "reports-return": ("ban_leader", _slot("slot")),
    "reports-submit": ("xa1_cv", _slot("draft_slot")),
    "reports-approve": ("xa1_leader", _slot("draft_slot")),
    "reports-return-draft": ("xa1_leader", _slot("draft_slot")),
    "reports-period-remind": (
        "ban_leader",
        lambda w: reverse("reports-period", args=[w.slot.obligation_id, w.slot.period_key]),
    ),
    "reports-request-table-remind": (
        "ban_leader",
        lambda w: reverse("reports-request-table", args=[w.report_request.pk]),
    ),
    "logout": ("ban_cv", lambda w: reverse("home")),
}


def _is_action(route: Route, w: W.World) -> bool:
    return is_post_action(resolve(url_of(route, w).split("?")[0]).func)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("dead-ends-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=fast):
        with transaction.atomic():
            with time_machine.travel(W.NOW, tick=False):
                built = W.build_world()
            yield built
            transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root(world):
    """Replaces tests/conftest.py's per-test media directory: the world's files stay readable."""


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(W.NOW, tick=False):
        yield


def _get(client: Client, user: Any, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


def test_the_walk_covers_the_pages_and_finds_the_actions(world):
    assert len(PAGES) > 40
    actions = {r.name for r in PAGES if _is_action(r, world)}
    assert set(ACTION_PAGES) <= actions


@pytest.mark.parametrize("route", PAGES, ids=[r.name for r in PAGES])
def test_no_page_answers_405_to_a_get(client, world, route):
    url = url_of(route, world)
    statuses = {who: _get(client, getattr(world, who), url).status_code for who in MEMBERS}
    assert [who for who, status in statuses.items() if status == 405] == []
    assert max(statuses.values()) < 500
    # someone of the bodies taking part reaches the page (or is sent on from it)
    assert {200, 302} & set(statuses.values()), statuses


ACTIONS = sorted(ACTION_PAGES)


@pytest.fixture(scope="module")
def action_routes(world):
    return [r for r in PAGES if _is_action(r, world)]


def test_every_action_opened_with_get_leads_to_a_page(client, world, action_routes):
    """Each action found in the URLconf: a member of the bodies taking part is sent on (302) to a page that
    opens (200) for that member; the others get 404 (the same lookup as the POST); nothing changes."""
    before = snapshot()
    outcomes = {}
    for route in action_routes:
        url = url_of(route, world)
        led = []
        for who in MEMBERS:
            response = _get(client, getattr(world, who), url)
            assert (route.name, who, response.status_code) in {(route.name, who, 302), (route.name, who, 404)}
            if response.status_code == 302:
                page = client.get(response["Location"], follow=True)
                led.append(page.status_code)
        outcomes[route.name] = bool(led) and set(led) == {200}
    assert [name for name, ok in outcomes.items() if not ok] == []
    assert snapshot() == before


@pytest.mark.parametrize("name", ACTIONS)
def test_an_action_opened_with_get_goes_to_its_page_and_changes_nothing(client, world, name):
    who, page = ACTION_PAGES[name]
    route = next(r for r in PAGES if r.name == name)
    before = snapshot()
    response = _get(client, getattr(world, who), url_of(route, world))
    assert (response.status_code, response["Location"]) == (302, page(world))
    assert client.get(page(world)).status_code in (200, 302)  # logout's home page sends on to the work queue
    assert snapshot() == before


def test_an_action_still_refuses_other_methods(client, world):
    client.force_login(world.ban_leader)
    url = reverse("consult-close", args=[world.request.pk])
    response = client.put(url)
    assert (response.status_code, response["Allow"]) == (405, "POST, GET, HEAD")


def test_after_a_refused_form_its_address_opens_with_get(client, world):
    """The clerk's receipt with no date is refused on the request's page, at the action's address; reloading
    that address (GET) shows the request's page again instead of "HTTP ERROR 405"."""
    delivery = Delivery.objects.get(pk=world.delivery.pk)
    client.force_login(world.xa1_clerk)
    url = reverse("consult-receipt", args=[delivery.pk])
    refused = client.post(url, {"received_on": "", "incoming_number": "12"})
    assert refused.status_code == 400
    assert "Chưa thực hiện được" in refused.content.decode()
    again = client.get(url, follow=True)
    assert again.redirect_chain == [(reverse("consult-detail", args=[delivery.request_id]), 302)]
    assert again.status_code == 200
    assert W.REQUEST_MARK in again.content.decode()
