"""The audit trail from the command line:

manage.py audit verify   → "Chuỗi nhật ký hợp lệ: N sự kiện" (exit 0), or the first broken event (exit 1)
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ...verification import verify


class Command(BaseCommand):
    help = "Nhật ký thay đổi: verify — kiểm tra chuỗi mã băm của nhật ký."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{verify}")
        sub.add_parser(
            "verify",
            help="Tính lại mã băm của mọi sự kiện theo thứ tự; báo sự kiện đầu tiên bị sửa, xóa hoặc chèn.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if result.broken is not None:
            b = result.broken
            raise CommandError(
                f"Chuỗi nhật ký bị phá vỡ tại sự kiện id {b.id} (số {b.seq}, "
                f"{timezone.localtime(b.at):%d/%m/%Y %H:%M:%S}): {b.reason}. "
                f"{result.count} sự kiện trước đó hợp lệ."
            )
        self.stdout.write(f"Chuỗi nhật ký hợp lệ: {result.count} sự kiện")
        if result.count:
            # kept elsewhere, these two reveal a later removal of the last events (which no chain can show)
            self.stdout.write(f"Sự kiện cuối: số {result.last_seq}, mã băm {result.last_hash}")
