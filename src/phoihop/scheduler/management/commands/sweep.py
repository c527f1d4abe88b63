from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from phoihop.common.sweeping import stop_on_sigterm
from phoihop.scheduler.runs import sweep_once


def parse_now(value: str) -> dt.datetime:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"Thời điểm không hợp lệ: {value!r}. Dùng dạng 2026-03-02T08:00+07:00 (hoặc 2026-03-02T08:00, giờ Việt Nam)."
        ) from exc
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


class Command(BaseCommand):
    help = "Áp dụng những việc đến hạn (coi như đồng ý, quá hạn, nhắc hạn, gửi thư). Chạy lại nhiều lần vẫn an toàn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now", help="Thời điểm coi là 'bây giờ', ví dụ 2026-03-02T08:00+07:00 (để chạy bù)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = parse_now(options["now"]) if options.get("now") else timezone.now()
        stop_on_sigterm()  # SIGTERM: finish the item in hand, then stop (common/sweeping.py)
        report = sweep_once(now, trigger="command")
        if report is None:
            raise CommandError(
                "Một lượt quét khác đang chạy (đang giữ khóa): lượt này không làm gì. Thử lại sau."
            )
        self.stdout.write(json.dumps({"now": now.isoformat(), "steps": report}, ensure_ascii=False))
