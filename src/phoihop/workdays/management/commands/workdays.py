"""Working-day arithmetic from the command line:

manage.py workdays add 2025-01-22 5        → 2025-02-05 (the date alone on stdout)
manage.py workdays add 05/02/2025 -5       → the 5th working day before
manage.py workdays explain 2025-01-22 5    → counted and skipped days with reasons, then the sentence
manage.py workdays is 2026-11-24           → working day or not, and why
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ...calendar import WEEKDAY_NAMES, WorkCalendar
from ...parsing import parse_date, parse_days
from ...queries import current_calendar


class Command(BaseCommand):
    help = "Tính ngày làm việc theo lịch nghỉ chính thức: add, explain, is."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,explain,is}")
        add = sub.add_parser("add", help="Ngày làm việc thứ N sau (N > 0) hoặc trước (N < 0) một ngày.")
        # Optional for argparse, required by handle(): a missing value gets a Vietnamese message, not
        # argparse's English one.
        add.add_argument("date", nargs="?", help="YYYY-MM-DD hoặc dd/mm/yyyy")
        add.add_argument("days", nargs="?", help="số ngày làm việc, có thể âm")
        explain = sub.add_parser("explain", help="Như add, kèm các ngày được tính và các ngày không tính.")
        explain.add_argument("date", nargs="?", help="YYYY-MM-DD hoặc dd/mm/yyyy")
        explain.add_argument("days", nargs="?", help="số ngày làm việc, có thể âm")
        is_ = sub.add_parser("is", help="Một ngày có phải ngày làm việc không, vì sao.")
        is_.add_argument("date", nargs="?", help="YYYY-MM-DD hoặc dd/mm/yyyy")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if options.get("date") is None:
            raise CommandError(f"Thiếu ngày: workdays {action} <YYYY-MM-DD hoặc dd/mm/yyyy> …")
        if action in ("add", "explain") and options.get("days") is None:
            raise CommandError(
                f"Thiếu số ngày làm việc: workdays {action} {options['date']} <N> (N có thể âm, ví dụ -5)."
            )
        try:
            day = parse_date(options["date"])
            days = parse_days(options["days"]) if action in ("add", "explain") else 0
            calendar = current_calendar()
            if action == "add":
                self.stdout.write(calendar.add_working_days(day, days).isoformat())
            elif action == "explain":
                self._explain(calendar, day, days)
            else:
                info = calendar.day_info(day)
                verdict = "là ngày làm việc" if info.working else "là ngày nghỉ"
                self.stdout.write(f"{day:%d/%m/%Y} ({info.weekday_name}) {verdict}: {info.reason}")
                if info.proposed is not None:
                    self.stdout.write(f"Dự kiến (chưa tính): {info.proposed.name} — {info.proposed.basis}")
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _explain(self, calendar: WorkCalendar, day: Any, days: int) -> None:
        e = calendar.explain(day, days)
        self.stdout.write(f"Ngày tính: {e.start:%d/%m/%Y} (không tính ngày này)")
        self.stdout.write("Các ngày làm việc được tính:")
        for i, d in enumerate(e.counted, start=1):
            self.stdout.write(f"  {i:>3}. {d:%d/%m/%Y} ({WEEKDAY_NAMES[d.weekday()]})")
        if e.skipped:
            self.stdout.write("Các ngày không tính:")
            for d, reason in e.skipped:
                self.stdout.write(f"       {d:%d/%m/%Y}: {reason}")
        self.stdout.write(e.sentence())
