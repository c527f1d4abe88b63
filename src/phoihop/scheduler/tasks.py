from typing import Any

from celery import shared_task

from .registry import run_sweep


@shared_task(name="phoihop.sweep")
def sweep() -> dict[str, Any]:
    """Celery beat runs this every minute in production (Redis broker)."""
    return run_sweep()
