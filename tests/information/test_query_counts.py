"""Query counts of every list at 1 and 3 items (the page's own queries + the layout's), and of the work queue's
sources."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.information.domain import actions
from phoihop.work.queue import counts_for
from phoihop.work.registry import work
from tests.layout import LAYOUT_QUERIES

from .conftest import Province, draft, make_official

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2027, 1, 20, 9, tzinfo=TZ)

# the session and its user (and, on a page, one more of the site's own: the same on every page), then the page's
# own queries
SESSION = 2
WEB = 1
PAGES = {
    # (url name, who, own queries)
    "inbox": ("information-inbox", "ban_cv", 1),  # one query: the copies with information, official, sender
    "outbox": ("information-outbox", "xa1_cv", 2),  # the page's rows, then their copies with recipients
    "api-inbox": ("api-information-inbox", "ban_cv", 1),
    "api-outbox": ("api-information-outbox", "xa1_cv", 2),
}


def _send(province: Province, n: int, official=None):
    p = province.p
    with time_machine.travel(NOW, tick=False):
        for i in range(n):
            who = official or make_official(f"Cán bộ số {i}", managing_body=p.btv, workplace=p.xa1)
            actions.send(p.xa1_cv, draft(p.xa1_cv, who, result_due_on=dt.date(2027, 2, 26)))


def _count(client, user, url) -> int:
    client.force_login(user)
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("n", [1, 3])
def test_lists(client, province: Province, name, n):
    url_name, who, own = PAGES[name]
    _send(province, n)
    layout = 0 if name.startswith("api-") else WEB + LAYOUT_QUERIES
    assert _count(client, getattr(province.p, who), reverse(url_name)) == SESSION + own + layout


@pytest.mark.parametrize("n", [1, 3])
def test_timeline(client, province: Province, n):
    p = province.p
    official = make_official("Cán bộ có nhiều thông tin", managing_body=p.btv, workplace=p.xa1)
    _send(province, n, official)
    # the official (one query, the workplace decides), the page's rows, their copies with recipients
    url = reverse("information-timeline", args=[official.pk])
    assert _count(client, p.xa1_cv, url) == SESSION + WEB + 3 + LAYOUT_QUERIES


@pytest.mark.parametrize("n", [1, 3, 50])
def test_work_sources_cost_one_query_each(province: Province, n):
    p = province.p
    _send(province, n)
    today = dt.date(2027, 1, 21)
    source = dict(work.items())["information.to_handle"]
    with CaptureQueriesContext(connection) as queries:
        items = source.items(p.btv_leader, today, 100)
    assert len(queries) == 1
    assert len(items) == n
    assert counts_for(p.btv_leader, today)["information.to_handle"] == n
