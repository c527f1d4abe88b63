"""Celery application (production path: Redis broker, beat runs the sweep; deploy/README.md)."""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _django_logging(**kwargs: Any) -> None:
    """Worker and beat log like the web processes (settings.LOGGING: JSON lines by default) instead of
    Celery's own format on the root logger."""
    from django.conf import settings
    from django.utils.log import configure_logging

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


@task_prerun.connect
def _task_request_id(task_id: str | None = None, **kwargs: Any) -> None:
    """A task's log lines carry its Celery task id as their request id (common/logs.py)."""
    from phoihop.common.logs import request_id

    request_id.set(task_id)


@task_postrun.connect
def _task_request_id_done(**kwargs: Any) -> None:
    from phoihop.common.logs import request_id

    request_id.set(None)
