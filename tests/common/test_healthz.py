"""GET /healthz: the database, Redis and the age of the last successful sweep; 200 or 503 at the exact boundary;
no login, no session, never cached, nothing secret in it."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket

import pytest
import time_machine
from django.db import OperationalError

from phoihop.scheduler.models import SweepRun

pytestmark = pytest.mark.django_db

UTC = dt.UTC
FINISHED = dt.datetime(2026, 3, 2, 1, 0, 0, tzinfo=UTC)
CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _run(finished: dt.datetime = FINISHED, error: str = "") -> SweepRun:
    return SweepRun.objects.create(
        started_at=finished - dt.timedelta(seconds=2),
        finished_at=finished,
        as_of=finished - dt.timedelta(seconds=2),
        trigger="beat",
        error=error,
    )


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def no_redis(settings):
    settings.CELERY_BROKER_URL = CLOSED_REDIS


def test_ok_while_the_last_sweep_is_younger_than_the_limit_503_from_the_limit_on(client, settings, no_redis):
    settings.HEALTHZ_SWEEP_MAX_AGE_SECONDS = 300
    _run()
    with time_machine.travel(FINISHED + dt.timedelta(seconds=300) - dt.timedelta(microseconds=1), tick=False):
        young = client.get("/healthz")
    with time_machine.travel(FINISHED + dt.timedelta(seconds=300), tick=False):
        old = client.get("/healthz")
    assert young.status_code == 200
    assert young.json() == {
        "status": "degraded",  # Redis is down here: degraded, still 200
        "database": "ok",
        "redis": "error: ConnectionError",
        "last_sweep_at": "2026-03-02T01:00:00+00:00",
        "last_sweep_age_seconds": 300.0,
        "sweep_max_age_seconds": 300,
    }
    assert old.status_code == 503
    assert old.json()["status"] == "degraded"
    assert old.json()["last_sweep_age_seconds"] == 300.0


def test_all_ok_with_redis_up(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI must start it)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    _run()
    with time_machine.travel(FINISHED + dt.timedelta(seconds=42), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "last_sweep_at": "2026-03-02T01:00:00+00:00",
        "last_sweep_age_seconds": 42.0,
        "sweep_max_age_seconds": 300,
    }


def test_no_sweep_yet_is_503(client, no_redis):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert {
        k: response.json()[k] for k in ("status", "database", "last_sweep_at", "last_sweep_age_seconds")
    } == {
        "status": "degraded",
        "database": "ok",
        "last_sweep_at": None,
        "last_sweep_age_seconds": None,
    }


def test_a_failed_sweep_does_not_count_as_the_last_sweep(client, no_redis):
    _run(FINISHED)
    _run(FINISHED + dt.timedelta(minutes=4), error="RuntimeError: bước hỏng")
    with time_machine.travel(FINISHED + dt.timedelta(minutes=5), tick=False):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["last_sweep_at"] == "2026-03-02T01:00:00+00:00"


def test_a_database_error_is_503_and_names_only_the_kind_of_error(client, monkeypatch, no_redis):
    from django.db import connection

    _run()
    secret = (
        'connection to server at "10.0.0.5" failed: password authentication failed for user "phoihop_app"'
    )

    def broken_cursor(*args, **kwargs):
        raise OperationalError(secret)

    with time_machine.travel(FINISHED + dt.timedelta(seconds=1), tick=False):
        monkeypatch.setattr(connection, "cursor", broken_cursor)
        response = client.get("/healthz")
        monkeypatch.undo()
    assert response.status_code == 503
    assert response.json() == {
        "status": "degraded",
        "database": "error: OperationalError",
        "redis": "error: ConnectionError",
        "last_sweep_at": None,
        "last_sweep_age_seconds": None,
        "sweep_max_age_seconds": 300,
    }
    assert b"10.0.0.5" not in response.content
    assert b"phoihop_app" not in response.content


def test_no_login_no_session_never_cached_and_a_request_id(client, no_redis, django_assert_max_num_queries):
    _run()
    with time_machine.travel(FINISHED, tick=False):
        with django_assert_max_num_queries(2):  # SELECT 1, the last sweep: no session, no user
            response = client.get("/healthz")
        head = client.head("/healthz")
        post = client.post("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response.cookies == {}
    assert response["Content-Type"] == "application/json"
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert (head.status_code, head.content) == (200, b"")
    assert post.status_code == 405


def test_not_redirected_to_https_when_everything_else_is(client, settings, no_redis):
    settings.SECURE_SSL_REDIRECT = True
    _run()
    with time_machine.travel(FINISHED, tick=False):
        health = client.get("/healthz")
    # answered over plain HTTP, with its body (Redis is down here: degraded, still 200)
    assert (health.status_code, health.json()["status"], health.json()["database"]) == (200, "degraded", "ok")
    login = client.get("/dang-nhap/")
    assert (login.status_code, login["Location"]) == (301, "https://testserver/dang-nhap/")
