"""`manage.py reports schedule <code> <year> [--json]`: the report schedule of one regulation for one year,
computed from the regulation data (no organisations needed); `manage.py reports generate <year>` creates the
slots of a year for the organisations in the database."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from phoihop.common.errors import DomainError
from phoihop.regulations import queries as regulation_queries
from phoihop.workdays.queries import current_calendar

from ...domain.generation import generate_slots, schedule
from ...domain.schedule import check_year


def _year(text: str) -> int:
    try:
        year = int(text)
    except ValueError as exc:
        raise CommandError(f"Năm “{text}” không hợp lệ: hãy nhập năm bằng 4 chữ số, ví dụ 2027.") from exc
    try:
        check_year(year)
    except DomainError as exc:
        raise CommandError(exc.message) from exc
    return year


class Command(BaseCommand):
    help = "Lịch báo cáo định kỳ theo quy chế (schedule) và tạo các kỳ báo cáo (generate)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sch = sub.add_parser("schedule", help="In lịch báo cáo của một quy chế trong một năm")
        sch.add_argument("code", help="Mã quy chế: 000 … 004")
        sch.add_argument("year", help="Năm, ví dụ 2027")
        sch.add_argument("--json", action="store_true", help="In dạng JSON")
        gen = sub.add_parser("generate", help="Tạo các kỳ báo cáo của một năm cho các tổ chức")
        gen.add_argument("year", help="Năm, ví dụ 2027")
        gen.add_argument("--code", action="append", help="Chỉ quy chế này (có thể lặp lại)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "schedule":
                self._schedule(options["code"], _year(options["year"]), as_json=options["json"])
            else:
                self._generate(_year(options["year"]), options.get("code"))
        except DatabaseError as exc:
            raise CommandError(
                "Cơ sở dữ liệu chưa sẵn sàng (chưa tạo bảng hoặc không kết nối được): hãy chạy `make run` "
                f"hoặc `manage.py migrate` rồi `manage.py load_regulations`. Chi tiết: {exc}"
            ) from exc

    def _schedule(self, code: str, year: int, *, as_json: bool) -> None:
        regulation = regulation_queries.current_version(code)
        if regulation is None:
            known = (
                ", ".join(regulation_queries.current().values_list("code", flat=True))
                or "chưa nạp quy chế nào"
            )
            raise CommandError(f"Không có quy chế mã “{code}” (các mã hiện có: {known}).")
        try:
            rows = schedule(regulation, year, current_calendar())
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if as_json:
            data = [
                {
                    "regulation": regulation.code,
                    "obligation": r.obligation.code,
                    "reporter_kind": r.reporter_kind,
                    "receiver_kind": r.obligation.receiver_kind,
                    "period": r.period.key,
                    "due": r.due.day.isoformat(),
                }
                for r in rows
            ]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Lịch báo cáo năm {year} — {regulation.display_name}")
        for r in rows:
            self.stdout.write(
                f"{r.due.day:%d/%m/%Y}  {r.period.label:<22} {r.obligation.title} — "
                f"{r.reporter_kind}/{r.reporter_level} → {r.obligation.receiver_name}"
            )

    def _generate(self, year: int, codes: list[str] | None) -> None:
        try:
            result = generate_slots(year, codes=codes)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã tạo {result.created} kỳ báo cáo năm {year}; {result.existing} kỳ đã có; "
            f"{result.no_receiver} kỳ không tìm được cơ quan nhận."
        )
        for name in sorted(result.missing_receivers):
            self.stdout.write(f"  Chưa có tổ chức: {name}")
