"""`manage.py check_legal [--file PATH ...]`: check the legal time-limit files and list their rules; a broken
file exits non-zero with its file, field and reason, no traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from phoihop.legal import rules as legal
from phoihop.legal.schema import LegalDataError, read_files


class Command(BaseCommand):
    help = "Kiểm tra các tệp thời hạn pháp định (data/legal/) và liệt kê các quy định."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", action="append", default=[], help="tệp cần kiểm tra (mặc định: data/legal/)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths = [Path(p) for p in options["file"]] or [
            legal.DATA_DIR / name for name in legal.TIME_LIMIT_FILES
        ]
        try:
            found = read_files(paths)
        except LegalDataError as exc:
            raise CommandError(str(exc)) from None
        verified = sum(1 for r in found if r.data["status"] == "verified")
        for r in found:
            d = r.data
            unit = "ngày làm việc" if d["counts"] == "working_days" else "ngày"
            mark = "đã đối chiếu" if d["status"] == "verified" else "cách hiểu của hệ thống"
            self.stdout.write(f"{d['code']}: {d['days']} {unit} — {d['law']}, {d['article']} ({mark})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Tệp thời hạn pháp định hợp lệ: {len(found)} quy định ({verified} đã đối chiếu văn bản, "
                f"{len(found) - verified} là cách hiểu của hệ thống)."
            )
        )
        legal.reload()
