"""The production path: the sweep task goes through a real Redis broker to a real Celery worker."""

import os
import socket
import subprocess
import sys

import pytest

from phoihop.celery import app as celery_app
from phoihop.notifications.models import OutboundEmail
from phoihop.scheduler.models import SweepRun
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
def celery_worker_on_redis(transactional_db):
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
        "sweep": {"task": "phoihop.sweep", "schedule": 60.0, "options": {"expires": 60.0}}
    }


def test_the_beat_interval_comes_from_sweep_interval_seconds():
    from django.conf import settings

    code = "import phoihop.settings as s; print(s.CELERY_BEAT_SCHEDULE['sweep'])"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "SWEEP_INTERVAL_SECONDS": "5", "PYTHONPATH": str(settings.SRC_DIR)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "{'task': 'phoihop.sweep', 'schedule': 5.0, 'options': {'expires': 5.0}}"


def test_sweep_task_runs_through_redis_and_a_worker(celery_worker_on_redis, smtp_server, sweep_log_lines):
    from django.db import transaction

    from phoihop.notifications.domain import notify

    user = UserFactory(email="vanthu@example.vn")
    with transaction.atomic():
        notify([user], kind="test", title="Thư qua Celery", dedupe_key="celery-1")
    result = sweep.delay()
    report = result.get(timeout=30)
    assert report["notifications.outbox"] == {"sent": 1, "retried": 0, "failed": 0}
    assert OutboundEmail.objects.get().state == "sent"
    assert [m["Subject"] for m in smtp_server.messages] == ["Thư qua Celery"]
    # recorded for /healthz, and its log line carries the task's id as its request id
    assert SweepRun.objects.values_list("trigger", "report").get() == ("beat", report)
    assert [(x["message"], x["request_id"], x["trigger"]) for x in sweep_log_lines()] == [
        ("sweep finished", result.id, "beat")
    ]


@pytest.fixture
def sweep_log_lines():
    """JSON lines the project's handler writes for the sweep's logger (at INFO), parsed."""
    import io
    import json
    import logging
    import logging.config

    from phoihop.common.logs import RequestIdFilter, logging_config

    config = logging_config("json", "INFO")
    formatter = logging.config.DictConfigurator(config).configure_formatter(
        dict(config["formatters"]["json"])
    )
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(formatter)
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("phoihop.sweep")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
