"""One item at a time: what a sweep applies to each due item, isolated from the others."""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import transaction

log = logging.getLogger("phoihop.sweep")

T = TypeVar("T")

# Set by SIGTERM (see stop_on_sigterm): the sweep finishes the item in hand, then stops.
stop_requested = threading.Event()


def stop_on_sigterm() -> None:
    """In a process that sweeps (`manage.py sweep`, the Celery worker's own handling aside): SIGTERM asks the
    sweep to stop after the item in hand instead of killing it mid-item. Each item is one transaction, so even
    a kill -9 leaves no half state; this makes a polite stop finish its current outcome."""

    def handler(signum: int, frame: Any) -> None:
        log.warning("sweep: SIGTERM received, stopping after the item in hand")
        stop_requested.set()

    signal.signal(signal.SIGTERM, handler)


class Tally:
    """Items skipped because their data threw, across the steps of one sweep run."""

    def __init__(self) -> None:
        self.skipped = 0
        self.stopped = False

    def add_to(self, counts: dict[str, int]) -> dict[str, int]:
        if self.skipped:
            counts["skipped"] = self.skipped
        if self.stopped:
            counts["stopped"] = 1
        return counts


def each(items: Iterable[T], apply: Callable[[T], int], *, what: str, tally: Tally) -> int:
    """Apply `apply` to every item, each in its own transaction (savepoint). An item whose data throws is rolled
    back, logged with its id and skipped; the others proceed, and the next sweep tries it again. After SIGTERM
    (stop_requested) no new item is started: the one in hand was finished and committed."""
    done = 0
    for item in items:
        if stop_requested.is_set():
            tally.stopped = True
            break
        try:
            with transaction.atomic():
                done += apply(item)
        except Exception:
            tally.skipped += 1
            log.exception("sweep: %s %s skipped (its data threw)", what, getattr(item, "pk", "?"))
    return done
