"""Load the official holiday schedules (data/calendar/*.yaml) into CalendarOverride: idempotent upsert,
status official, one audit event per created or changed row. A malformed file is refused (file, entry,
reason) and nothing is loaded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ...calendar import DayOverride
from ...domain import set_override
from ...enums import OverrideStatus
from ...queries import current_calendar
from ...schedule import ScheduleError, discrepancies, load_schedule


class Command(BaseCommand):
    help = (
        "Nạp lịch nghỉ lễ, Tết và ngày làm bù chính thức từ data/calendar/*.yaml (chạy lại không tạo trùng)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Tệp YAML cần nạp (mặc định: mọi tệp *.yaml trong data/calendar/).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        paths: list[Path] = options["paths"] or sorted(Path(settings.CALENDAR_DATA_DIR).glob("*.yaml"))
        if not paths:
            raise CommandError(f"Không có tệp lịch nào trong {settings.CALENDAR_DATA_DIR}.")
        schedules: list[tuple[Path, list[DayOverride]]] = []
        seen: dict[object, Path] = {}
        for path in paths:  # validate every file before writing anything
            try:
                entries = load_schedule(path)
            except ScheduleError as exc:
                raise CommandError(str(exc)) from exc
            for entry in entries:
                if entry.day in seen:
                    raise CommandError(
                        f"Tệp {path} không hợp lệ, không nạp gì: ngày {entry.day:%d/%m/%Y} đã có trong tệp {seen[entry.day]}."
                    )
                seen[entry.day] = path
            schedules.append((path, entries))
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        try:
            with transaction.atomic():
                for path, entries in schedules:
                    source = _display(path)
                    for entry in entries:
                        result = set_override(
                            actor=None,
                            day=entry.day,
                            kind=entry.kind,
                            name=entry.name,
                            legal_basis=entry.basis,
                            status=OverrideStatus.OFFICIAL,
                            source=source,
                        )
                        counts[result.outcome] += 1
        except ValidationError as exc:
            raise CommandError(f"Không nạp gì: {'; '.join(exc.messages)}") from exc
        self.stdout.write(
            f"Lịch làm việc: tạo mới {counts['created']}, cập nhật {counts['updated']}, "
            f"không đổi {counts['unchanged']}."
        )
        calendar = current_calendar()
        for path, entries in schedules:
            for line in discrepancies(calendar, entries):
                self.stderr.write(f"Cảnh báo ({_display(path)}): {line}")


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path(settings.BASE_DIR).resolve()))
    except ValueError:
        return str(path)
