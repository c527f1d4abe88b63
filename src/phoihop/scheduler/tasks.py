from typing import Any

from celery import shared_task

from .runs import SKIPPED_MESSAGE, sweep_once


@shared_task(name="phoihop.sweep")  # type: ignore[untyped-decorator]  # Celery ships no type hints
def sweep() -> dict[str, Any]:
    """Celery beat sends this every SWEEP_INTERVAL_SECONDS (60) in production (Redis broker). It takes the
    one-sweep lock: with a second beat (or a `manage.py sweep`) running, the later one does nothing."""
    report = sweep_once(trigger="beat")
    return {"skipped": SKIPPED_MESSAGE} if report is None else report
