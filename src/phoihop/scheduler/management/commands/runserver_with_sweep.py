from __future__ import annotations

import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from phoihop.scheduler.runs import sweep_once

log = logging.getLogger(__name__)


def _loop(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            sweep_once(trigger="runserver")
        except Exception:  # keep the loop alive; the error is logged
            log.exception("sweep failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    help = "Chạy máy chủ phát triển, kèm tiến trình quét việc đến hạn mỗi phút (không cần Redis)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=_loop, args=(stop, options["interval"]), daemon=True, name="sweep")
        thread.start()
        try:
            call_command("runserver", options["addrport"], use_reloader=False)
        finally:
            stop.set()
