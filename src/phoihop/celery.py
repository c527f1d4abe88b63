"""Celery application (production path: Redis broker, beat runs the sweep; deploy/README.md)."""

import os
from typing import Any

from celery import Celery
from celery.signals import setup_logging, task_postrun, task_prerun
from django.conf import settings

from phoihop.common.logs import request_id

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _django_logging(**kwargs: Any) -> None:
    """Worker and beat log like the web processes (settings.LOGGING: JSON lines by default) instead of
    Celery's own format on the root logger."""
    # Imported when the signal fires, not with this module: the package's __init__ imports this module, also
    # while Django reads its settings, and django.utils.log pulls in django.core.management.
    from django.utils.log import configure_logging  # noqa: PLC0415

    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def _task_request_id(task_id: str | None = None, **kwargs: Any) -> None:
    """A task's log lines carry its Celery task id as their request id (common/logs.py)."""
    request_id.set(task_id)


def _task_request_id_done(**kwargs: Any) -> None:
    request_id.set(None)


# Connected by calls rather than as decorators: Celery ships no type hints, and an untyped decorator would
# leave the receivers untyped for mypy.
setup_logging.connect(_django_logging)
task_prerun.connect(_task_request_id)
task_postrun.connect(_task_request_id_done)
