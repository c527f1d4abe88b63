"""The production path: the sweep task goes through a real Redis broker to a real Celery worker."""

import os
import socket

import pytest

from phoihop.celery import app as celery_app
from phoihop.notifications.models import OutboundEmail
from phoihop.scheduler.tasks import sweep
from tests.factories import UserFactory

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def celery_worker_on_redis(transactional_db):  # type: ignore[no-untyped-def]
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379 (CI must start it)")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.update(broker_url="redis://127.0.0.1:6379/14", result_backend="redis://127.0.0.1:6379/14")
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def test_beat_schedule_runs_the_sweep_every_minute():
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE == {
        "sweep-every-minute": {"task": "phoihop.sweep", "schedule": 60.0}
    }


def test_sweep_task_runs_through_redis_and_a_worker(celery_worker_on_redis, smtp_server):
    from django.db import transaction

    from phoihop.notifications.domain import notify

    user = UserFactory(email="vanthu@example.vn")
    with transaction.atomic():
        notify([user], kind="test", title="Thư qua Celery", dedupe_key="celery-1")
    report = sweep.delay().get(timeout=30)
    assert report["notifications.outbox"] == {"sent": 1, "retried": 0, "failed": 0}
    assert OutboundEmail.objects.get().state == "sent"
    assert [m["Subject"] for m in smtp_server.messages] == ["Thư qua Celery"]
