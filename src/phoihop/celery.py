"""Celery application (production path: Redis broker, beat runs the sweep)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "phoihop.settings")

app = Celery("phoihop")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
